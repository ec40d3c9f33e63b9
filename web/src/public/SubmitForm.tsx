/** The public submission form: validated with the shared schemas, sent with a solved proof of work. */
import { CheckCircleFilled, LoadingOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Col, Form, Input, Progress, Result, Row, Space, Typography } from 'antd';
import { useState } from 'react';
import { z } from 'zod';
import { LIMITS } from '../../../shared/limits.js';
import { publicContent } from '../../../shared/schemas/public.js';
import { complainantInput } from '../../../shared/schemas/tickets.js';
import { ApiError, publicApi, type PublicSubmitBody } from '../api';
import { errorText } from '../components/StateViews';
import { clearErrorsOnChange, showFieldErrors } from '../form-errors';
import { useI18n } from '../i18n';
import { setZodLocale } from '../zod-locale';
import { usePublicT } from './public-i18n';
import { useProofOfWork, type PowState } from './use-proof-of-work';

/** The body the server takes (server/public/public.routes.ts), without the challenge. */
const publicRequest = z.object({
  title: z.string().trim().max(LIMITS.titleMax).optional(),
  content: publicContent,
  complainant: complainantInput.pick({ name: true, phone: true, address: true }),
  location: z.object({ address: z.string().trim().max(LIMITS.addressMax).optional() }).optional(),
});
type PublicRequest = Omit<PublicSubmitBody, 'challenge' | 'solution'>;

interface Values {
  name?: string;
  phone?: string;
  address?: string;
  title?: string;
  content?: string;
  place?: string;
}

/** Form field for each body path the schema or the server may complain about. */
const FIELD_OF: Record<string, keyof Values> = {
  'complainant.name': 'name',
  'complainant.phone': 'phone',
  'complainant.address': 'address',
  title: 'title',
  content: 'content',
  'location.address': 'place',
};

export function SubmitForm({ onTrack }: { onTrack(code: string): void }) {
  const t = usePublicT();
  const { t: tApp, lang } = useI18n();
  const [form] = Form.useForm<Values>();
  const pow = useProofOfWork();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<{ code: string; reference: string; message: string } | null>(null);

  const submit = async (v: Values) => {
    setError(null);
    const opt = (s: string | undefined) => (s && s.trim() ? s : undefined);
    const body: PublicRequest = {
      title: opt(v.title),
      content: v.content ?? '',
      complainant: { name: v.name ?? '', phone: v.phone ?? '', address: opt(v.address) },
      location: opt(v.place) ? { address: opt(v.place) } : undefined,
    };
    setZodLocale(lang);
    const parsed = publicRequest.safeParse(body);
    if (!parsed.success) {
      showFieldErrors(
        form,
        parsed.error.issues.map((i) => ({
          name: FIELD_OF[i.path.join('.')] ?? 'content',
          message: i.message,
        })),
      );
      return;
    }
    setBusy(true);
    try {
      let solved = await pow.take();
      let res;
      try {
        res = await publicApi.submit({ ...body, challenge: solved.challenge, solution: solved.solution });
      } catch (e) {
        // An expired or refused check: solve a fresh one and send once more.
        if (!(e instanceof ApiError && e.fields.some((f) => f.field === 'solution'))) throw e;
        solved = await pow.renew();
        res = await publicApi.submit({ ...body, challenge: solved.challenge, solution: solved.solution });
      }
      setDone(res);
      form.resetFields();
      // The challenge is spent (it identifies this submission): prepare the next one.
      pow.renew().catch(() => {});
    } catch (e) {
      const onFields = e instanceof ApiError ? e.fields.filter((f) => FIELD_OF[f.field]) : [];
      if (onFields.length) {
        showFieldErrors(
          form,
          onFields.map((f) => ({ name: FIELD_OF[f.field] as string, message: f.message })),
        );
      }
      setError(errorText(e, tApp));
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <Result
        status="success"
        title={t('submitted.title')}
        subTitle={t('submitted.message', { code: done.reference })}
        extra={
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <div
              style={{
                display: 'inline-block',
                border: '1px dashed #c41d1d',
                borderRadius: 8,
                padding: '12px clamp(12px, 4vw, 32px)',
                maxWidth: '100%',
                background: '#fff1f0',
              }}
            >
              <div style={{ color: '#888' }}>{t('submitted.code')}</div>
              <Typography.Text
                copyable
                strong
                data-testid="public-code"
                style={{
                  fontSize: 'clamp(16px, 4.6vw, 28px)',
                  letterSpacing: 1,
                  color: '#a8071a',
                  whiteSpace: 'nowrap',
                }}
              >
                {done.reference}
              </Typography.Text>
            </div>
            <Typography.Text type="secondary">{t('submitted.keep')}</Typography.Text>
            <Space wrap style={{ justifyContent: 'center' }}>
              <Button type="primary" onClick={() => onTrack(done.reference)}>
                {t('submitted.track')}
              </Button>
              <Button onClick={() => setDone(null)}>{t('submitted.again')}</Button>
            </Space>
          </Space>
        }
      />
    );
  }

  const optional = <Typography.Text type="secondary">{t('optional')}</Typography.Text>;
  return (
    <Form
      form={form}
      layout="vertical"
      requiredMark={false}
      onFinish={(v) => void submit(v)}
      onValuesChange={clearErrorsOnChange(form)}
    >
      <Typography.Paragraph type="secondary">{t('submit.intro')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item name="name" label={t('field.name')}>
            <Input maxLength={LIMITS.nameMax} autoComplete="name" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="phone" label={t('field.phone')}>
            <Input maxLength={LIMITS.phoneMax} autoComplete="tel" inputMode="tel" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name="title"
        label={
          <>
            {t('field.title')}
            {optional}
          </>
        }
      >
        <Input maxLength={LIMITS.titleMax} placeholder={t('placeholder.title')} />
      </Form.Item>
      <Form.Item name="content" label={t('field.content')}>
        <Input.TextArea
          maxLength={LIMITS.contentMax}
          showCount
          autoSize={{ minRows: 5, maxRows: 14 }}
          placeholder={t('placeholder.content')}
        />
      </Form.Item>
      <Form.Item
        name="place"
        label={
          <>
            {t('field.place')}
            {optional}
          </>
        }
      >
        <Input maxLength={LIMITS.addressMax} placeholder={t('placeholder.place')} />
      </Form.Item>
      <Form.Item
        name="address"
        label={
          <>
            {t('field.address')}
            {optional}
          </>
        }
      >
        <Input maxLength={LIMITS.addressMax} autoComplete="street-address" />
      </Form.Item>
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        <Button type="primary" htmlType="submit" size="large" loading={busy} block>
          {t('submit.button')}
        </Button>
        <PowLine state={pow.state} onRetry={() => pow.renew().catch(() => {})} />
      </Space>
    </Form>
  );
}

function PowLine({ state, onRetry }: { state: PowState; onRetry(): void }) {
  const t = usePublicT();
  const { t: tApp } = useI18n();
  if (state.phase === 'failed') {
    return (
      <Alert
        type="warning"
        showIcon
        title={t('pow.failed', { e: errorText(state.error, tApp) })}
        action={
          <Button size="small" onClick={onRetry}>
            {t('pow.retry')}
          </Button>
        }
      />
    );
  }
  return (
    <div role="status" style={{ fontSize: 13, color: '#666' }}>
      {state.phase === 'ready' ? (
        <span>
          <CheckCircleFilled style={{ color: '#52c41a' }} /> {t('pow.ready')}
        </span>
      ) : (
        <span>
          <LoadingOutlined /> {state.percent > 0 ? t('pow.percent', { p: state.percent }) : t('pow.working')}
          <Progress percent={state.percent} size="small" showInfo={false} style={{ margin: 0 }} />
        </span>
      )}
      <div style={{ marginTop: 2, fontSize: 12, color: '#999' }}>
        <SafetyCertificateOutlined /> {t('pow.why')}
      </div>
    </div>
  );
}
