/**
 * 诉求登记 (R4.1, R2.2): the office operator records a request from any channel, then dispatches it from
 * the ticket page — or straight away to a suggested unit. The category proposes its default urgency (R3)
 * until the operator picks one. While typing, the registration assistant suggests category, urgency and
 * units, and likely duplicates are shown (on phone blur, a pause in typing, and before saving) with the
 * choice to open the existing ticket, register and merge into it, or register anyway.
 */
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  Modal,
  Radio,
  Row,
  Select,
  Space,
  Typography,
  type FormInstance,
} from 'antd';
import { useEffect, useRef, useState } from 'react';
import { REQUEST_TYPES, URGENCIES, type RequestType, type Urgency } from '../../../shared/enums.js';
import { LIMITS } from '../../../shared/limits.js';
import { createTicketBody } from '../../../shared/schemas/tickets.js';
import { api, ApiError, type CreateTicketBody, type DuplicateView, type TicketView } from '../api';
import { CategorySelect, UnitSelect } from '../components/RefSelects';
import { ErrorView, errorText, LoadingView } from '../components/StateViews';
import { useI18n } from '../i18n';
import { useReference } from '../reference';
import { clearErrorsOnChange, showFieldErrors } from '../form-errors';
import { setZodLocale } from '../zod-locale';
import { navigate, useLocation } from '../router';
import { useCtiT } from '../cti/cti-i18n';
import { useRegisterT } from './register-i18n';
import { KnowledgePanel, useKnowledgeT } from '../knowledge';
import {
  DEBOUNCE_MS,
  DuplicateList,
  DuplicatePanel,
  SuggestionPanel,
  useDuplicates,
  useSuggestions,
  type Applied,
} from './RegisterAssist';

interface Values {
  channel?: string;
  channelRef?: string;
  complainant?: { name?: string; phone?: string; idNumber?: string; address?: string };
  title?: string;
  content?: string;
  location?: { district?: string; address?: string };
  categoryCode?: string;
  urgency?: Urgency;
  requestType?: RequestType;
  /** Not part of the ticket: dispatched to right after registering (a suggestion applied). */
  dispatchUnitId?: string;
  /** The phone system's call this request is registered from (screen pop). */
  callId?: string;
}

/** What to do after registering, chosen when duplicates were shown. */
type AfterSave = { force?: boolean; mergeInto?: DuplicateView };

const LAST_CHANNEL = 'jiesu.lastChannel';

/** What the duplicate check is asked with, read from the form as it is now. */
function duplicateCheckBody(form: FormInstance<Values>) {
  const v = form.getFieldsValue(true) as Values;
  const p = v.complainant?.phone?.trim();
  return {
    title: v.title?.trim() ?? '',
    content: v.content ?? '',
    ...(p && p.length >= 5 ? { phone: p } : {}),
    ...(v.location?.district ? { district: v.location.district } : {}),
  };
}

export default function RegisterPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const ref = useReference();
  const [form] = Form.useForm(); // untyped store: field paths come from zod issues as string[]
  const rt = useRegisterT();
  const kt = useKnowledgeT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<DuplicateView[] | null>(null);
  const urgencyTouched = useRef(false);
  const ct = useCtiT();
  // Opened from a screen pop: the URL names the call only; its number is fetched and filled in.
  const callId = useLocation().query.get('call') ?? undefined;
  const formReady = Boolean(ref.data);
  useEffect(() => {
    if (!callId || !formReady) return;
    let live = true;
    api.ctiCall(callId).then(
      (call) => {
        if (!live) return;
        form.setFieldValue('callId', call.callId);
        form.setFieldValue(['complainant', 'phone'], call.callerNumber);
      },
      (e: unknown) => live && setError(errorText(e, t)),
    );
    return () => {
      live = false;
    };
  }, [callId, formReady, form, t]);

  const content = (Form.useWatch('content', form) as string | undefined) ?? '';
  const title = (Form.useWatch('title', form) as string | undefined) ?? '';
  const district = Form.useWatch(['location', 'district'], form) as string | undefined;
  const requestType = Form.useWatch('requestType', form) as RequestType | undefined;
  const applied: Applied = {
    categoryCode: Form.useWatch('categoryCode', form) as string | undefined,
    urgency: Form.useWatch('urgency', form) as Urgency | undefined,
    unitId: Form.useWatch('dispatchUnitId', form) as string | undefined,
  };
  const suggestions = useSuggestions({
    title: title.trim(),
    content,
    // The text and the district only: applying a suggestion must not change the suggestions under the click.
    ...(district ? { district } : {}),
  });
  const duplicates = useDuplicates();
  const checkBody = () => duplicateCheckBody(form);
  const { check } = duplicates;
  // A pause in typing the content (or a changed district) looks for similar requests.
  useEffect(() => {
    if (content.trim().length < 6) return;
    const timer = setTimeout(() => {
      check(duplicateCheckBody(form)).catch(() => {});
    }, DEBOUNCE_MS * 2);
    return () => clearTimeout(timer);
    // The body is read from the form when the timer fires; content and district are what trigger it.
  }, [content, district, check, form]);

  if (ref.loading && !ref.data) return <LoadingView />;
  if (!ref.data) return <ErrorView error={ref.error} onRetry={ref.reload} />;
  const { channels, categories, districts, units } = ref.data;

  const onCategory = (code: string | undefined) => {
    const c = categories.find((x) => x.code === code);
    if (c && !urgencyTouched.current) form.setFieldValue('urgency', c.defaultUrgency);
  };

  const apply = (a: Applied) => {
    if (a.categoryCode) {
      form.setFieldValue('categoryCode', a.categoryCode);
      onCategory(a.categoryCode);
    }
    if (a.urgency) {
      form.setFieldValue('urgency', a.urgency);
      urgencyTouched.current = true;
    }
    if (a.unitId) form.setFieldValue('dispatchUnitId', a.unitId);
    if (a.location) {
      form.setFieldValue(['location', 'district'], a.location.district);
      if (a.location.address) form.setFieldValue(['location', 'address'], a.location.address);
    }
    void message.success(rt('assist.appliedToast'));
  };

  /** Register the request and answer it at intake from the knowledge base, closing it at once. */
  const answerAtIntake = async (articleIds: string[], answer: string) => {
    setError(null);
    const body = clean(form.getFieldsValue(true) as Values);
    setZodLocale(lang);
    const parsed = createTicketBody.safeParse(body);
    if (!parsed.success) {
      showFieldErrors(
        form,
        parsed.error.issues.map((i) => ({ name: i.path.map(String), message: i.message })),
      );
      throw new Error('invalid');
    }
    setBusy(true);
    try {
      const { ticket } = await api.createTicket(body);
      const done = await api.act(ticket.id, 'answer', { articleIds, answer }, ticket.rev);
      void message.success(kt('intake.answered', { code: done.code }));
      navigate(`/tickets/${done.id}`);
    } catch (e) {
      setError(errorText(e, t));
      setBusy(false);
      throw e;
    }
  };

  const submit = async (after: AfterSave = {}) => {
    setError(null);
    const values = form.getFieldsValue(true) as Values;
    const body = clean(values);
    setZodLocale(lang);
    const parsed = createTicketBody.safeParse(body);
    if (!parsed.success) {
      showFieldErrors(
        form,
        parsed.error.issues.map((i) => ({ name: i.path.map(String), message: i.message })),
      );
      return;
    }
    setBusy(true);
    try {
      if (!after.force && !after.mergeInto) {
        const matches = await check(checkBody()).catch(() => []);
        if (matches.length > 0) {
          setConfirming(matches);
          setBusy(false);
          return;
        }
      }
      setConfirming(null);
      const { ticket, created } = await api.createTicket(body);
      if (body.channel) sessionStorage.setItem(LAST_CHANNEL, body.channel);
      if (!created) void message.info(t('register.duplicate', { code: ticket.code }));
      else if (after.mergeInto) await mergeAfter(ticket.id, ticket.code, after.mergeInto);
      else if (values.dispatchUnitId) await dispatchAfter(ticket, values.dispatchUnitId, body);
      else void message.success(t('register.created', { code: ticket.code }));
      navigate(`/tickets/${ticket.id}`);
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) {
        showFieldErrors(
          form,
          e.fields.map((f) => ({ name: f.field.split('.'), message: f.message })),
        );
      }
      setError(errorText(e, t));
      setBusy(false);
    }
  };

  /** The ticket exists either way: a failed follow-up step is reported, and its page offers the step again. */
  async function mergeAfter(id: string, code: string, parent: DuplicateView) {
    try {
      await api.merge(id, parent.id);
      void message.success(rt('register.merged', { code, parent: parent.code }));
    } catch (e) {
      void message.warning(rt('register.mergeFailed', { code, error: errorText(e, t) }), 8);
    }
  }
  async function dispatchAfter(ticket: TicketView, unitId: string, body: CreateTicketBody) {
    const { code } = ticket;
    try {
      await api.act(
        ticket.id,
        'dispatch',
        {
          unitId,
          ...(body.urgency ? { urgency: body.urgency } : {}),
          ...(body.categoryCode ? { categoryCode: body.categoryCode } : {}),
        },
        ticket.rev,
      );
      void message.success(rt('register.dispatched', { code }));
    } catch (e) {
      void message.warning(rt('register.dispatchFailed', { code, error: errorText(e, t) }), 8);
    }
  }

  const pick = (zh: string, en: string) => (lang === 'en' && en ? en : zh);
  return (
    <Card
      title={
        <Space orientation="vertical" size={0} style={{ padding: '12px 0' }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('register.title')}
          </Typography.Title>
          <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
            {t('register.hint')}
          </Typography.Text>
        </Space>
      }
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      {callId && (
        <Alert type="info" showIcon title={ct('pop.banner', { callId })} style={{ marginBottom: 16 }} />
      )}
      <Form
        form={form}
        layout="vertical"
        requiredMark="optional"
        initialValues={{
          channel:
            sessionStorage.getItem(LAST_CHANNEL) ?? (channels.find((c) => c.isDefault) ?? channels[0])?.code,
          urgency: 'general',
        }}
        onFinish={() => void submit()}
        onValuesChange={clearErrorsOnChange(form)}
        style={{ maxWidth: 1100 }}
      >
        <Typography.Title level={5}>{t('register.source')}</Typography.Title>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="channel" label={t('register.channel')} required>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                options={channels.map((c) => ({ value: c.code, label: pick(c.nameZh, c.nameEn) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="channelRef" label={t('register.channelRef')}>
              <Input maxLength={LIMITS.channelRefMax} />
            </Form.Item>
          </Col>
        </Row>

        <Typography.Title level={5}>{t('register.complainant')}</Typography.Title>
        <Row gutter={16}>
          <Col xs={24} md={6}>
            <Form.Item name={['complainant', 'name']} label={t('register.name')} required>
              <Input maxLength={LIMITS.nameMax} autoFocus />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name={['complainant', 'phone']} label={t('register.phone')} required>
              <Input
                maxLength={LIMITS.phoneMax}
                inputMode="tel"
                onBlur={() => {
                  check(checkBody()).catch(() => {});
                }}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name={['complainant', 'idNumber']} label={t('register.idNumber')}>
              <Input maxLength={LIMITS.idNumberMax} />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name={['complainant', 'address']} label={t('register.address')}>
              <Input maxLength={LIMITS.addressMax} />
            </Form.Item>
          </Col>
        </Row>

        <Typography.Title level={5}>{t('register.request')}</Typography.Title>
        <Form.Item name="title" label={t('register.title.field')}>
          <Input maxLength={LIMITS.titleMax} />
        </Form.Item>
        <Form.Item name="content" label={t('register.content')} required>
          <Input.TextArea maxLength={LIMITS.contentMax} showCount autoSize={{ minRows: 4, maxRows: 12 }} />
        </Form.Item>
        <Form.Item name="requestType" label={t('ticket.requestType')}>
          <Radio.Group
            optionType="button"
            options={REQUEST_TYPES.map((r) => ({ value: r, label: t(`requestType.${r}`) }))}
          />
        </Form.Item>
        <KnowledgePanel
          text={`${title} ${content}`.trim()}
          district={district}
          requestType={requestType}
          onApplyType={(type) => form.setFieldValue('requestType', type)}
          onAnswer={answerAtIntake}
          busy={busy}
        />
        <DuplicatePanel state={duplicates} busy={busy} onMerge={(d) => void submit({ mergeInto: d })} />
        <SuggestionPanel
          state={suggestions}
          applied={{ ...applied, location: district ? { district, address: '' } : undefined }}
          onApply={apply}
          text={{ title, content }}
          districtName={(code) => districts.find((d) => d.code === code)?.nameZh ?? code}
        />

        <Typography.Title level={5}>{t('register.place')}</Typography.Title>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name={['location', 'district']} label={t('register.district')}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={t('register.pick')}
                options={districts.map((d) => ({ value: d.code, label: pick(d.nameZh, d.nameEn) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item name={['location', 'address']} label={t('register.locationAddress')}>
              <Input maxLength={LIMITS.addressMax} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="categoryCode" label={t('register.category')}>
              <CategorySelect categories={categories} allowClear onChange={onCategory} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="urgency"
              label={t('register.urgency')}
              extra={t('register.urgencyHint')}
              required
            >
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                onChange={() => (urgencyTouched.current = true)}
                options={URGENCIES.map((u) => ({ value: u, label: t(`urgency.${u}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="dispatchUnitId"
              label={rt('register.dispatchUnit')}
              extra={rt('register.dispatchUnitHint')}
            >
              <UnitSelect units={units} districts={districts} allowClear />
            </Form.Item>
          </Col>
        </Row>
        <Space>
          <Button type="primary" htmlType="submit" size="large" loading={busy}>
            {t('register.submit')}
          </Button>
          <Button
            size="large"
            onClick={() => {
              urgencyTouched.current = false;
              form.resetFields();
              setError(null);
            }}
          >
            {t('register.reset')}
          </Button>
        </Space>
      </Form>
      <Modal
        open={confirming !== null}
        title={rt('dup.modalTitle')}
        width={720}
        onCancel={() => setConfirming(null)}
        footer={[
          <Button key="cancel" onClick={() => setConfirming(null)}>
            {rt('dup.cancel')}
          </Button>,
          <Button key="anyway" type="primary" loading={busy} onClick={() => void submit({ force: true })}>
            {rt('dup.registerAnyway')}
          </Button>,
        ]}
      >
        <Typography.Paragraph type="secondary">{rt('dup.hint')}</Typography.Paragraph>
        <DuplicateList
          matches={confirming ?? []}
          busy={busy}
          onMerge={(d) => void submit({ mergeInto: d })}
        />
      </Modal>
    </Card>
  );
}

/** Drops empty optional texts so the schema sees "absent" rather than "". */
function clean(v: Values): CreateTicketBody {
  const opt = (s: string | undefined) => (s && s.trim() ? s : undefined);
  const location = { district: opt(v.location?.district), address: opt(v.location?.address) };
  return {
    channel: v.channel ?? '',
    channelRef: opt(v.channelRef),
    title: opt(v.title),
    content: v.content ?? '',
    complainant: {
      name: v.complainant?.name ?? '',
      phone: v.complainant?.phone ?? '',
      idNumber: opt(v.complainant?.idNumber),
      address: opt(v.complainant?.address),
    },
    location: location.district || location.address ? location : undefined,
    categoryCode: opt(v.categoryCode),
    urgency: v.urgency,
    requestType: v.requestType,
    callId: opt(v.callId),
  };
}
