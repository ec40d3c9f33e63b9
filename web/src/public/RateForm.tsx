/**
 * The complainant's personal rating link (R4.6.3): /public/rate#<token>, sent by SMS with the
 * feedback. The token stays in the fragment, so it is never sent with the page request nor kept in server logs;
 * it works once, only for its own ticket.
 */
import { CheckCircleOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Form, Input, Radio, Result, Spin, Typography } from 'antd';
import { useState } from 'react';
import { LIMITS } from '../../../shared/limits.js';
import { publicApi } from '../api';
import { errorText } from '../components/StateViews';
import { useI18n } from '../i18n';
import { useQuery } from '@tanstack/react-query';
import { usePublicT } from './public-i18n';

type Outcome = 'satisfied' | 'basically_satisfied' | 'unsatisfied';
const OUTCOMES: Outcome[] = ['satisfied', 'basically_satisfied', 'unsatisfied'];

export function RateForm() {
  const t = usePublicT();
  const { t: tApp } = useI18n();
  const token = window.location.hash.slice(1);
  const info = useQuery({
    queryKey: ['public', 'rating', token],
    queryFn: () => (token ? publicApi.ratingInfo(token) : Promise.reject(new Error(t('rate.noToken')))),
  });
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (v: { outcome: Outcome; note?: string }) => {
    setBusy(true);
    setError(null);
    try {
      await publicApi.rate(token, v.outcome, v.note ?? '');
      setDone(true);
    } catch (e) {
      setError(errorText(e, tApp));
    } finally {
      setBusy(false);
    }
  };

  if (info.isFetching && !info.data) return <Spin style={{ display: 'block', margin: '48px auto' }} />;
  if (!info.data)
    return <Result status="warning" title={t('rate.invalid')} subTitle={errorText(info.error, tApp)} />;
  if (done)
    return (
      <Result
        icon={<CheckCircleOutlined />}
        status="success"
        title={t('rate.thanks')}
        subTitle={t('rate.thanksHint', { code: info.data.code })}
      />
    );
  return (
    <div>
      <Typography.Paragraph type="secondary">{t('rate.intro')}</Typography.Paragraph>
      <Descriptions column={1} size="small" bordered style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('rate.code')}>{info.data.code}</Descriptions.Item>
        <Descriptions.Item label={t('track.subject')}>{info.data.title}</Descriptions.Item>
      </Descriptions>
      {!info.data.canRate ? (
        <Alert type="info" showIcon title={t('rate.notNow')} />
      ) : (
        <Form
          layout="vertical"
          requiredMark={false}
          onFinish={(v: { outcome: Outcome; note?: string }) => void submit(v)}
        >
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
          <Form.Item
            name="outcome"
            label={t('rate.question')}
            rules={[{ required: true, message: t('rate.required') }]}
          >
            <Radio.Group optionType="button" buttonStyle="solid" size="large">
              {OUTCOMES.map((o) => (
                <Radio.Button key={o} value={o}>
                  {t(`rate.${o}`)}
                </Radio.Button>
              ))}
            </Radio.Group>
          </Form.Item>
          <Form.Item name="note" label={t('rate.note')}>
            <Input.TextArea
              rows={3}
              maxLength={LIMITS.textMax}
              showCount
              placeholder={t('rate.notePlaceholder')}
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} size="large">
            {t('rate.submit')}
          </Button>
        </Form>
      )}
    </div>
  );
}
