/** Track a request by code plus phone (POST, so neither lands in a URL, a log or the history). */
import { SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Form, Input, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { LIMITS } from '../../../shared/limits.js';
import { ApiError, publicApi, type PublicTrackView } from '../api';
import { errorText } from '../components/StateViews';
import { useI18n } from '../i18n';
import { formatTime } from '../time';
import { usePublicT } from './public-i18n';

const STATUS_COLOR: Record<string, string> = {
  registered: 'blue',
  completed: 'green',
  replied: 'green',
  archived: 'default',
  supervising: 'volcano',
  answered: 'green',
};

export function TrackForm({ initialCode }: { initialCode?: string }) {
  const t = usePublicT();
  const { t: tApp } = useI18n();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<PublicTrackView | null>(null);
  const [error, setError] = useState<{ text: string; notFound: boolean } | null>(null);

  const track = async (v: { code: string; phone: string }) => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await publicApi.track(v.code.trim(), v.phone.trim()));
    } catch (e) {
      setError({ text: errorText(e, tApp), notFound: e instanceof ApiError && e.status === 404 });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      <Typography.Paragraph type="secondary">{t('track.intro')}</Typography.Paragraph>
      <Form
        layout="inline"
        requiredMark={false}
        initialValues={{ code: initialCode }}
        onFinish={(v: { code: string; phone: string }) => void track(v)}
        style={{ rowGap: 12, marginBottom: 16 }}
      >
        <Form.Item
          name="code"
          label={t('track.code')}
          rules={[{ required: true, whitespace: true, message: t('track.required.code') }]}
        >
          <Input maxLength={30} style={{ width: 200 }} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('track.phone')}
          rules={[{ required: true, whitespace: true, message: t('track.required.phone') }]}
        >
          <Input
            maxLength={LIMITS.phoneMax}
            style={{ width: 180 }}
            inputMode="tel"
            autoComplete="tel"
            autoFocus={!!initialCode}
          />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />} loading={busy}>
            {t('track.button')}
          </Button>
        </Form.Item>
      </Form>
      {error && <Alert type={error.notFound ? 'warning' : 'error'} showIcon title={error.text} />}
      {result && <TrackResult result={result} />}
    </div>
  );
}

function TrackResult({ result: r }: { result: PublicTrackView }) {
  const t = usePublicT();
  const stages = r.stages;
  // Server texts are Chinese; known statuses and stages are said in the page's language.
  const say = (key: string, fallback: string) => {
    const v = t(key as never);
    return v === key ? fallback : v;
  };
  return (
    <Card size="small" data-testid="track-result">
      <Descriptions
        column={{ xs: 1, sm: 2 }}
        size="small"
        items={[
          {
            key: 'code',
            label: t('track.code'),
            children: (
              <Typography.Text strong style={{ whiteSpace: 'nowrap' }}>
                {r.reference}
              </Typography.Text>
            ),
          },
          {
            key: 'status',
            label: t('track.status'),
            children: (
              <Tag color={STATUS_COLOR[r.status] ?? 'processing'} style={{ fontSize: 14 }}>
                {say(`status.${r.status}`, r.statusText)}
              </Tag>
            ),
          },
          { key: 'subject', label: t('track.subject'), span: 'filled', children: r.title },
          { key: 'name', label: t('track.name'), children: r.name },
          { key: 'at', label: t('track.registeredAt'), children: formatTime(r.registeredAt) },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('track.stages')}
      </Typography.Title>
      {stages.length ? (
        <Timeline
          items={stages.map((s, i) => ({
            key: `${s.at}-${i}`,
            color: i === stages.length - 1 ? 'green' : 'blue',
            content: (
              <span>
                <Typography.Text strong={i === stages.length - 1}>
                  {say(`stage.${s.stage}`, s.text)}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ marginLeft: 12 }}>
                  {formatTime(s.at)}
                </Typography.Text>
              </span>
            ),
          }))}
        />
      ) : (
        <Typography.Text type="secondary">{t('track.noStages')}</Typography.Text>
      )}
      {r.reply && (
        <Alert
          type="success"
          data-testid="track-reply"
          title={t('track.reply')}
          description={
            <>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }}>
                {r.reply.text}
              </Typography.Paragraph>
              <Typography.Text type="secondary">
                {t('track.replyAt', { at: formatTime(r.reply.at) })}
              </Typography.Text>
            </>
          }
        />
      )}
    </Card>
  );
}
