/**
 * One small modal form per ticket action. Fields follow ACTION_FIELDS; the body is checked with the same
 * zod schema the server uses (shared/schemas/tickets.ts) before it is sent, and the server's 400 field
 * errors land on the same fields. Render it with key={action} so each action starts from a fresh form.
 */
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  TimePicker,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import type { z } from 'zod';
import { REVISIT_OUTCOMES, URGENCIES, type Urgency } from '../../../shared/enums.js';
import { actionBodies } from '../../../shared/schemas/tickets.js';
import { pickedDeadline } from '../../../shared/deadline-pick.js';
import { api, ApiError, type ActionName, type TicketView } from '../api';
import type { GeoFix } from '../../../shared/schemas/tickets.js';
import { dropDraft, loadDraft, saveDraft, sendAction } from '../offline';
import { OnSitePanel } from './OnSitePanel';
import { useFieldT } from './field-i18n';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { clearErrorsOnChange, showFieldErrors } from '../form-errors';
import { setZodLocale } from '../zod-locale';
import type { Reference } from '../reference';
import { formatTime, nowIso, pickerToIso } from '../time';
import { ACTION_FIELDS, TEMPLATE_FOR, type FieldSpec } from './action-fields';
import { TemplatePicker } from './TemplatePicker';
import { CategorySelect, UnitSelect } from './RefSelects';
import { DispatchSuggestions } from './DispatchSuggestions';
import { errorText } from './StateViews';

type Values = Record<string, unknown>;

const FEEDBACK_METHODS = actionBodies.feedback.shape.method.unwrap().options;

/** The forms a handler fills in on site (R4.3.1, R4.3.2, R4.4): photos and, with consent, the location. */
const ON_SITE: readonly ActionName[] = ['report-disposal', 'verify', 'complete'];

interface Props {
  ticket: TicketView;
  action: ActionName;
  reference: Reference;
  onClose(): void;
  onDone(ticket: TicketView): void;
  /** The ticket changed since the page loaded it: the page loads it again (and closes the form). */
  onStale(): void;
}

export function ActionModal({ ticket, action, reference, onClose, onDone, onStale }: Props) {
  const { t, lang } = useI18n();
  const { user } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const watched = (Form.useWatch([], form) as Values | undefined) ?? {};
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const ft = useFieldT();
  const onSite = ON_SITE.includes(action);
  const [location, setLocation] = useState<GeoFix | null>(null);

  // What was typed before a reload or a lost connection comes back (web/src/offline.ts; gone at logout).
  const [draft] = useState(() => loadDraft(user.id, ticket.id, action));
  const initialValues = useMemo<Values>(
    () => ({
      ...(action === 'dispatch'
        ? { urgency: ticket.urgency, categoryCode: ticket.categoryCode ?? undefined }
        : {}),
      ...draft,
    }),
    [action, ticket.urgency, ticket.categoryCode, draft],
  );

  const fields = ACTION_FIELDS[action].filter((f) => !f.when || f.when(watched, ticket));

  const submit = async () => {
    setError(null);
    const raw = form.getFieldsValue() as Values;
    const body = toBody(fields, raw);
    if (onSite && location) body.location = location;
    setZodLocale(lang);
    const schema = schemaFor(action, body);
    if (!schema) {
      form.setFields([{ name: 'accept', errors: [t('register.pick')] }]);
      return;
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      showFieldErrors(
        form,
        parsed.error.issues.map((issue) => ({
          name: String(issue.path[0] ?? fields[0]?.name),
          message: issue.message,
        })),
      );
      return;
    }
    setSubmitting(true);
    try {
      // The body is sent as entered (ISO strings, not the Dates zod produced); the server parses it again.
      // Without a connection it is queued with its Idempotency-Key and sent once the connection returns.
      const sent = await sendAction(ticket, action, body as never, user.id);
      dropDraft(user.id, ticket.id, action);
      if (sent.queued) {
        void message.info(ft('m.queued'), 6);
        onClose();
        return;
      }
      void message.success(t('ticket.actionDone', { action: t(`action.${action}`) }));
      onDone(sent.ticket);
    } catch (e) {
      // Someone acted on the ticket since this page loaded it (If-Match): nothing was changed.
      if (e instanceof ApiError && e.code === 'TICKET.STALE') {
        setStale(true);
        return;
      }
      const names = new Set(fields.map((f) => f.name));
      const onFields =
        e instanceof ApiError ? e.fields.filter((f) => names.has(f.field.split('.')[0] ?? '')) : [];
      if (onFields.length)
        showFieldErrors(
          form,
          onFields.map((f) => ({ name: f.field.split('.')[0] ?? '', message: f.message })),
        );
      else setError(errorText(e, t));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open
      title={`${t(`action.${action}`)} · ${ticket.code}`}
      okText={t('app.submit')}
      cancelText={t('app.cancel')}
      confirmLoading={submitting}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
      mask={{ closable: false }}
      width={action === 'dispatch' || action === 'review-return' ? 620 : 520}
    >
      {stale && (
        <Alert
          type="warning"
          showIcon
          title={t('ticket.stale')}
          action={
            <Button size="small" type="primary" onClick={onStale}>
              {t('ticket.reload')}
            </Button>
          }
          style={{ marginBottom: 16 }}
        />
      )}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      {(action === 'dispatch' || (action === 'review-return' && watched.accept === true)) && (
        <DispatchSuggestions
          ticket={ticket}
          withCategory={action === 'dispatch'}
          picked={{
            unitId: watched.unitId as string | undefined,
            categoryCode: watched.categoryCode as string | undefined,
            urgency: watched.urgency as Urgency | undefined,
          }}
          onApply={(p) => {
            form.setFieldsValue({ ...p });
            form.setFields(Object.keys(p).map((name) => ({ name, errors: [] })));
          }}
          districtName={(code) => reference.districts.find((d) => d.code === code)?.nameZh ?? code}
        />
      )}
      {draft && (
        <Alert
          type="info"
          showIcon
          title={ft('m.draftRestored')}
          style={{ marginBottom: 16 }}
          data-testid="draft"
        />
      )}
      <Form
        form={form}
        layout="vertical"
        initialValues={initialValues}
        requiredMark="optional"
        onValuesChange={(changed: Values) => {
          clearErrorsOnChange(form)(changed);
          saveDraft(user.id, ticket.id, action, form.getFieldsValue() as Values);
          // A compound value (the deadline's day and time) clears its own error too.
          const compound = fields.filter((f) => f.kind === 'deadline' && f.name in changed);
          if (compound.length) form.setFields(compound.map((f) => ({ name: f.name, errors: [] })));
        }}
      >
        {TEMPLATE_FOR[action] && (
          <TemplatePicker
            kind={TEMPLATE_FOR[action].kind}
            ticketId={ticket.id}
            onFilled={(text) => form.setFieldValue(TEMPLATE_FOR[action]?.field, text)}
          />
        )}
        {fields.map((f) => (
          <Form.Item key={f.name} name={f.name} label={t(f.label)} required={!f.optional}>
            {renderInput(f, reference, t, action === 'revisit' && f.name === 'note', user.unitId)}
          </Form.Item>
        ))}
      </Form>
      {onSite && <OnSitePanel ticketId={ticket.id} location={location} onLocation={setLocation} />}
      {action === 'supervise' && (
        <DeadlineChange old={ticket.deadlines.completeDueAt} picked={watched.dueAt as DeadlineValue} />
      )}
      {(action === 'dispatch' || (action === 'review-return' && watched.accept === true)) && (
        <DeadlinePreviewLine urgency={(watched.urgency as Urgency | undefined) ?? ticket.urgency} />
      )}
    </Modal>
  );
}

function renderInput(
  f: FieldSpec,
  ref: Reference,
  t: ReturnType<typeof useI18n>['t'],
  small: boolean,
  subordinateOf: string | null,
) {
  switch (f.kind) {
    case 'input':
      return <Input maxLength={f.max} autoFocus />;
    case 'textarea':
      return (
        <Input.TextArea maxLength={f.max} showCount autoSize={{ minRows: small ? 2 : 3, maxRows: 10 }} />
      );
    case 'unit':
      return <UnitSelect units={ref.units} districts={ref.districts} />;
    case 'subunit':
      // The viewer's own subordinate units (R4.2.2); the server has the last word.
      return (
        <UnitSelect
          units={ref.units}
          districts={ref.districts}
          only={
            subordinateOf && ref.units.some((u) => u.superiorId === subordinateOf)
              ? (u) => u.superiorId === subordinateOf
              : undefined
          }
        />
      );
    case 'units':
      return <UnitSelect units={ref.units} districts={ref.districts} multiple />;
    case 'category':
      return <CategorySelect categories={ref.categories} allowClear />;
    case 'urgency':
      return (
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={URGENCIES.map((u) => ({ value: u, label: t(`urgency.${u}`) }))}
        />
      );
    case 'outcome':
      return (
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={REVISIT_OUTCOMES.map((o) => ({ value: o, label: t(`outcome.${o}`) }))}
        />
      );
    case 'reviewAccept':
      return (
        <Radio.Group
          options={[
            { value: true, label: t('field.reviewAccept.yes') },
            { value: false, label: t('field.reviewAccept.no') },
          ]}
        />
      );
    case 'method':
      return (
        <Radio.Group
          optionType="button"
          options={FEEDBACK_METHODS.map((m) => ({ value: m, label: t(`method.${m}`) }))}
        />
      );
    case 'reached':
      return (
        <Radio.Group
          options={[
            { value: true, label: t('field.reached.yes') },
            { value: false, label: t('field.reached.no') },
          ]}
        />
      );
    case 'datetime':
      return (
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
      );
    case 'deadline':
      return <DeadlinePick />;
    case 'articles':
      return <ArticlePick />;
  }
}

/** Published knowledge articles, found by the server's search as the user types. */
function ArticlePick({ value, onChange }: { value?: string[]; onChange?(v: string[]): void }) {
  const [q, setQ] = useState('');
  const found = useQuery({
    queryKey: ['knowledge', 'pick', q],
    queryFn: () => api.knowledgeSearch({ q: q || undefined, status: 'published', page: 1, pageSize: 20 }),
    staleTime: 30_000,
  });
  return (
    <Select
      mode="multiple"
      value={value}
      onChange={onChange}
      showSearch={{ filterOption: false, onSearch: setQ }}
      loading={found.isFetching}
      options={(found.data?.items ?? []).map((a) => ({ value: a.id, label: a.title }))}
      data-testid="article-pick"
    />
  );
}

/** A day and an optional time (R6.1); the form holds both, the body gets pickedDeadline's instant. */
type DeadlineValue = { day?: Dayjs | null; time?: Dayjs | null } | undefined;

function DeadlinePick({ value, onChange }: { value?: DeadlineValue; onChange?(v: DeadlineValue): void }) {
  const { t } = useI18n();
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%' }}>
      <Space wrap>
        <DatePicker
          value={value?.day ?? null}
          onChange={(day) => onChange?.({ ...value, day })}
          placeholder={t('deadline.pickDay')}
          data-testid="deadline-day"
        />
        <TimePicker
          value={value?.time ?? null}
          onChange={(time) => onChange?.({ ...value, time })}
          format="HH:mm"
          minuteStep={5}
          needConfirm={false}
          placeholder={t('deadline.pickTime')}
          style={{ width: 150 }}
          data-testid="deadline-time"
        />
      </Space>
      <Typography.Text type="secondary">{t('deadline.dayOnly')}</Typography.Text>
    </Space>
  );
}

const deadlineIso = (v: DeadlineValue): string | undefined =>
  v?.day ? pickedDeadline(v.day.format('YYYY-MM-DD'), v.time ? v.time.format('HH:mm') : null) : undefined;

/** R6.1: the old and the new deadline side by side before the supervisor saves. */
function DeadlineChange({ old, picked }: { old: string | null; picked: DeadlineValue }) {
  const { t } = useI18n();
  const iso = deadlineIso(picked);
  if (!iso || !picked?.day) return null;
  // A day alone reads as that day's 24:00, as the supervisor chose it, not as the next day's 00:00.
  const next = picked.time ? formatTime(iso) : `${picked.day.format('YYYY-MM-DD')} 24:00`;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="deadline-change"
      title={old ? t('deadline.change', { old: formatTime(old), next }) : t('deadline.changeNone', { next })}
    />
  );
}

/** Form values → the JSON body: texts default to '' (so "不能为空" rather than a type error), times to ISO. */
function toBody(fields: FieldSpec[], raw: Values): Values {
  const body: Values = {};
  for (const f of fields) {
    const v = raw[f.name];
    switch (f.kind) {
      case 'input':
      case 'textarea':
        if (typeof v === 'string' && v.trim()) body[f.name] = v;
        else if (!f.optional) body[f.name] = '';
        break;
      case 'datetime':
        if (v) body[f.name] = pickerToIso(v as Dayjs);
        break;
      case 'deadline': {
        const iso = deadlineIso(v as DeadlineValue);
        if (iso) body[f.name] = iso;
        break;
      }
      case 'units':
      case 'articles':
        if (Array.isArray(v) && v.length) body[f.name] = v;
        else body[f.name] = [];
        break;
      case 'unit':
      case 'subunit':
      case 'urgency':
      case 'category':
      case 'outcome':
      case 'reviewAccept':
      case 'reached':
      case 'method':
        if (v !== undefined && v !== null && v !== '') body[f.name] = v;
    }
  }
  return body;
}

/** The schema of the action; review-return is a union, so pick its branch by `accept` for precise errors. */
function schemaFor(action: ActionName, body: Values): z.ZodType | null {
  if (action !== 'review-return') return actionBodies[action];
  if (body.accept === undefined) return null;
  const [acceptBranch, rejectBranch] = actionBodies['review-return'].options;
  return body.accept ? acceptBranch : rejectBranch;
}

/** "Dispatched now, due by …" from the server's calendar; says nothing when that endpoint is not there. */
function DeadlinePreviewLine({ urgency }: { urgency: Urgency }) {
  const { t } = useI18n();
  const preview = useQuery({
    queryKey: ['deadline-preview', urgency],
    queryFn: () =>
      api.deadlinePreview(
        urgency === 'urgent' ? { from: nowIso(), hours: 24 } : { from: nowIso(), workingDays: 5 },
      ),
    // "Now" moves: each opening of the form asks again; another urgency never shows the previous answer.
    staleTime: 0,
    placeholderData: undefined,
  });
  // The preview is a help, not a requirement: no endpoint (an error), no line.
  const r = preview.data;
  if (!r) return null;
  const text =
    t('deadline.preview', { at: formatTime(r.dueAt) }) +
    (r.provisionalCalendar ? t('deadline.previewProvisional') : '');
  return <Alert type="info" showIcon title={text} />;
}
