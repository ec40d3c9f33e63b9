/**
 * The ticket page: the next step first (buttons from `allowedActions`), then the facts, the complainant
 * (masked unless the viewer may see it, R9.1), units, deadlines (R4.4) and the timeline from the event log.
 */
import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Row, Space, Tag, Timeline, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { ActionName, TicketEventView, TicketView } from '../api';
import { ActionModal } from '../components/ActionModal';
import { SECONDARY_ACTIONS } from '../components/action-fields';
import { Countdown } from '../components/Countdown';
import { EmptyView, ErrorView, LoadingView } from '../components/StateViews';
import { StatusTag, UrgencyTag } from '../components/Tags';
import { useI18n, type Translate } from '../i18n';
import { useReference, type Names } from '../reference';
import { navigate, useLocation } from '../router';
import { formatTime } from '../time';
import { useQuery } from '@tanstack/react-query';
import { useNarrow } from '../components/narrow';
import { queries, ticketsChanged } from '../query';
import { TicketAttachments } from './TicketAttachments';
import {
  actorLabel,
  eventLabel,
  fieldLabel,
  FLAGS,
  FOLD_CHARS,
  formatValue,
  statusAfter,
  visibleData,
} from './timeline';
import { useTimelineT } from './timeline-i18n';
import { GroupCard, MergedBanner } from './MergedGroup';
import { ProposeButton } from '../knowledge';
import { useMergeT } from './merge-i18n';

/** Every action the UI has a form for: a new action in the contract fails the type-check until it has one. */
const ACTION_NAMES: Record<ActionName, true> = {
  dispatch: true,
  accept: true,
  return: true,
  'review-return': true,
  'report-disposal': true,
  verify: true,
  complete: true,
  plan: true,
  feedback: true,
  revisit: true,
  supervise: true,
  'close-supervision': true,
  'sub-dispatch': true,
  'request-assistance': true,
  'add-assist': true,
  'track-contact': true,
  'explain-delay': true,
  reopen: true,
  answer: true,
};
const isActionName = (a: string): a is ActionName => Object.hasOwn(ACTION_NAMES, a);

export default function TicketPage({ params }: { params: { id: string } }) {
  const id = params.id;
  const { t } = useI18n();
  const { query } = useLocation();
  const ref = useReference();
  const ticket = useQuery(queries.ticket(id));
  const events = useQuery(queries.events(id));
  const [open, setOpen] = useState<ActionName | null>(null);
  // On a phone the next step fills the width of the first screen; the facts and the timeline follow below.
  const narrow = useNarrow();

  // A queue's "handle" button links here with ?action=…: open that form straight away, once.
  const wanted = query.get('action');
  const allowed = ticket.data?.ticket.allowedActions;
  useEffect(() => {
    if (!wanted || !allowed) return;
    // Once per link (the address loses ?action= right after), not a render cascade.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (isActionName(wanted) && allowed.includes(wanted)) setOpen(wanted);
    navigate(`/tickets/${id}`, { replace: true });
  }, [wanted, allowed, id]);

  if ((ticket.isFetching && !ticket.data) || (ref.loading && !ref.data)) return <LoadingView />;
  if (!ticket.data)
    return <ErrorView error={ticket.error} onRetry={() => void ticket.refetch()} extra={<BackButton />} />;
  if (!ref.data) return <ErrorView error={ref.error} onRetry={ref.reload} />;
  const tk = ticket.data.ticket;
  const names = ref.names;
  // The action that moves the ticket forward first; sending it back or postponing after.
  const actions = tk.allowedActions
    .filter(isActionName)
    .sort((a, b) => Number(SECONDARY_ACTIONS.includes(a)) - Number(SECONDARY_ACTIONS.includes(b)));
  const primary = actions.find((a) => !SECONDARY_ACTIONS.includes(a));

  // After an action (or a refused stale one): the ticket, its events and every list are loaded again.
  const refresh = () => void ticketsChanged();

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <Space wrap>
            <BackButton />
            <Typography.Title level={4} style={{ margin: 0 }}>
              {tk.code}
            </Typography.Title>
            <UrgencyTag urgency={tk.urgency} />
            <Tag data-testid="request-type">{t(`requestType.${tk.requestType}`)}</Tag>
            <StatusTag status={tk.status} />
            <Countdown ticket={tk} loadedAt={ticket.data.loadedAt} />
          </Space>
          <Space wrap>
            <ProposeButton ticketId={tk.id} status={tk.status} />
            <Button icon={<ReloadOutlined />} onClick={refresh} loading={ticket.isFetching}>
              {t('app.refresh')}
            </Button>
          </Space>
        </Space>
        <Typography.Paragraph strong style={{ fontSize: 16, margin: '12px 0' }}>
          {tk.title}
          {tk.complainantCount > 1 && <StandsFor n={tk.complainantCount} />}
        </Typography.Paragraph>
        {tk.parentTicketId && (
          <div style={{ marginBottom: 12 }}>
            <MergedBanner ticket={tk} />
          </div>
        )}
        <div
          style={{
            background: actions.length ? '#e6f4ff' : '#fafafa',
            border: `1px solid ${actions.length ? '#91caff' : '#f0f0f0'}`,
            borderRadius: 6,
            padding: '12px 16px',
          }}
        >
          <Typography.Text strong style={{ marginRight: 16, display: narrow ? 'block' : undefined }}>
            {t('ticket.nextStep')}
          </Typography.Text>
          {actions.length ? (
            <Space
              wrap
              style={
                narrow
                  ? { display: 'grid', gridTemplateColumns: '1fr', width: '100%', marginTop: 8 }
                  : undefined
              }
            >
              {actions.map((a) => (
                <Button
                  key={a}
                  block={narrow}
                  type={a === primary ? 'primary' : 'default'}
                  danger={a === 'return'}
                  onClick={() => setOpen(a)}
                  data-action={a}
                >
                  {t(`action.${a}`)}
                </Button>
              ))}
            </Space>
          ) : (
            <Typography.Text type="secondary">{t('ticket.noAction')}</Typography.Text>
          )}
        </div>
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Facts ticket={tk} names={names} t={t} />
            <Complainant ticket={tk} t={t} />
            <GroupCard ticket={tk} />
            <Card title={t('ticket.timeline')} size="small">
              {events.isFetching && !events.data ? (
                <LoadingView />
              ) : events.error && !events.data ? (
                <ErrorView error={events.error} onRetry={() => void events.refetch()} />
              ) : events.data?.length ? (
                <EventTimeline events={events.data} names={names} t={t} />
              ) : (
                <EmptyView text={t('ticket.timelineEmpty')} />
              )}
            </Card>
          </Space>
        </Col>
        <Col xs={24} xl={9}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Deadlines ticket={tk} loadedAt={ticket.data.loadedAt} t={t} />
            <Units ticket={tk} names={names} t={t} />
            <TicketAttachments ticketId={tk.id} mayUpload={tk.complainant.unmasked} />
          </Space>
        </Col>
      </Row>

      {open && (
        <ActionModal
          key={open}
          ticket={tk}
          action={open}
          reference={ref.data}
          onClose={() => setOpen(null)}
          onDone={() => {
            setOpen(null);
            refresh();
          }}
          onStale={() => {
            setOpen(null);
            refresh();
          }}
        />
      )}
    </Space>
  );
}

/** R2.2: the parent of merged duplicates says how many complainants it stands for. */
function StandsFor({ n }: { n: number }) {
  const mt = useMergeT();
  return (
    <Tag color="blue" style={{ marginLeft: 8 }} data-testid="stands-for">
      {mt('group.stands', { n })}
    </Tag>
  );
}

function BackButton() {
  const { t } = useI18n();
  return (
    <Button
      type="text"
      icon={<ArrowLeftOutlined />}
      onClick={() => (window.history.length > 1 ? window.history.back() : navigate('/'))}
    >
      {t('ticket.back')}
    </Button>
  );
}

function Facts({ ticket: tk, names, t }: { ticket: TicketView; names: Names; t: Translate }) {
  return (
    <Card title={t('ticket.facts')} size="small">
      <Descriptions
        column={{ xs: 1, md: 2 }}
        size="small"
        items={[
          {
            key: 'content',
            label: t('ticket.content'),
            span: 'filled',
            children: <Multiline text={tk.content} />,
          },
          { key: 'channel', label: t('ticket.channel'), children: names.channel(tk.channel) },
          { key: 'channelRef', label: t('ticket.channelRef'), children: tk.channelRef ?? '—' },
          { key: 'receivedAt', label: t('ticket.receivedAt'), children: formatTime(tk.receivedAt) },
          { key: 'category', label: t('ticket.category'), children: names.category(tk.categoryCode) },
          { key: 'district', label: t('ticket.district'), children: names.district(tk.location.district) },
          { key: 'location', label: t('ticket.location'), children: tk.location.address ?? '—' },
        ]}
      />
    </Card>
  );
}

function Complainant({ ticket: tk, t }: { ticket: TicketView; t: Translate }) {
  const c = tk.complainant;
  return (
    <Card
      title={t('ticket.complainant')}
      size="small"
      extra={c.unmasked ? <Tag color="orange">{t('ticket.unmasked')}</Tag> : <Tag>{t('ticket.masked')}</Tag>}
    >
      <Descriptions
        column={{ xs: 1, md: 2 }}
        size="small"
        items={[
          { key: 'name', label: t('ticket.complainant.name'), children: c.name },
          { key: 'phone', label: t('ticket.complainant.phone'), children: c.phone },
          { key: 'id', label: t('ticket.complainant.idNumber'), children: c.idNumber ?? '—' },
          { key: 'address', label: t('ticket.complainant.address'), children: c.address ?? '—' },
          // What the complainant tracks by on the public page: told to a caller by the office (R9.1).
          ...(tk.trackingReference
            ? [
                {
                  key: 'tracking',
                  label: t('ticket.trackingReference'),
                  children: (
                    <Typography.Text copyable data-testid="tracking-reference">
                      {tk.trackingReference}
                    </Typography.Text>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}

function Deadlines({ ticket: tk, loadedAt, t }: { ticket: TicketView; loadedAt: number; t: Translate }) {
  const d = tk.deadlines;
  const times: [string, string | null][] = [
    [t('ticket.dispatchedAt'), tk.dispatchedAt],
    [t('ticket.acceptedAt'), tk.acceptedAt],
    [t('ticket.completedAt'), tk.completedAt],
    [t('ticket.repliedAt'), tk.repliedAt],
    [t('ticket.archivedAt'), tk.archivedAt],
  ];
  return (
    <Card title={t('ticket.deadlines')} size="small" extra={<Countdown ticket={tk} loadedAt={loadedAt} />}>
      {d.provisionalCalendar && (
        <Alert type="warning" showIcon title={t('ticket.provisional')} style={{ marginBottom: 8 }} />
      )}
      <Descriptions
        column={1}
        size="small"
        items={[
          {
            key: 'complete',
            label: t('ticket.completeDueAt'),
            children: (
              <Typography.Text type={d.overdue ? 'danger' : undefined} strong>
                {formatTime(d.completeDueAt)}
                {d.overdue ? ` · ${t('ticket.overdue')}` : ''}
              </Typography.Text>
            ),
          },
          { key: 'verify', label: t('ticket.verifyDueAt'), children: formatTime(d.verifyDueAt) },
          ...(tk.promisedAt
            ? [{ key: 'promised', label: t('ticket.promisedAt'), children: formatTime(tk.promisedAt) }]
            : []),
          ...times.filter(([, v]) => v).map(([label, v]) => ({ key: label, label, children: formatTime(v) })),
          { key: 'returns', label: t('ticket.returnCount'), children: tk.returnCount },
          ...(tk.revisitAttempts || tk.revisitOutcome
            ? [
                {
                  key: 'revisit',
                  label: t('ticket.revisitOutcome'),
                  children: `${tk.revisitOutcome ? t(`outcome.${tk.revisitOutcome}`) : '—'}（${t('ticket.revisitAttempts')} ${tk.revisitAttempts}）`,
                },
              ]
            : []),
          { key: 'policy', label: t('ticket.policyVersion'), children: tk.policyVersion },
        ]}
      />
    </Card>
  );
}

function Units({ ticket: tk, names, t }: { ticket: TicketView; names: Names; t: Translate }) {
  return (
    <Card title={t('ticket.units')} size="small">
      {tk.units.length ? (
        <Space orientation="vertical" size={4} style={{ width: '100%' }}>
          {tk.units.map((u) => (
            <div key={`${u.unitId}-${u.role}`}>
              <Tag color={u.role === 'lead' ? 'blue' : u.role === 'copy' ? 'default' : 'cyan'}>
                {t(`unitRole.${u.role}`)}
              </Tag>
              {names.unit(u.unitId)}
            </div>
          ))}
          {tk.responsiblePerson && (
            <Typography.Text type="secondary">
              {t('ticket.responsiblePerson')}
              {t('app.colon')}
              {tk.responsiblePerson}
            </Typography.Text>
          )}
        </Space>
      ) : (
        <Typography.Text type="secondary">{t('app.none')}</Typography.Text>
      )}
    </Card>
  );
}

const BAD = new Set(['return', 'supervise', 'overdue']);
const GOOD = new Set(['complete', 'feedback', 'close-supervision']);

function EventTimeline({ events, names, t }: { events: TicketEventView[]; names: Names; t: Translate }) {
  const tt = useTimelineT();
  const shown = visibleData(events);
  return (
    <Timeline
      items={events.map((e, i) => {
        const unsatisfied = e.action === 'revisit' && e.data.outcome === 'unsatisfied';
        const color =
          BAD.has(e.action) || unsatisfied || e.data.late === true
            ? 'red'
            : GOOD.has(e.action) || e.toStatus === 'archived'
              ? 'green'
              : 'blue';
        const actor = [
          e.actorName,
          e.actorRole ? actorLabel(e.actorRole, t, tt) : null,
          e.actorUnitId ? names.unit(e.actorUnitId) : null,
        ].filter(Boolean);
        const data = shown[i] ?? [];
        return {
          key: e.id,
          color,
          content: (
            <div data-event={e.action}>
              <div>
                <Typography.Text strong>{eventLabel(e.action, tt)}</Typography.Text>
                {statusAfter(e, t, tt) && (
                  <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                    → {statusAfter(e, t, tt)}
                  </Typography.Text>
                )}
                <Typography.Text type="secondary" style={{ float: 'right', fontSize: 12 }}>
                  {formatTime(e.at, true)}
                </Typography.Text>
              </div>
              {actor.length > 0 && (
                <div style={{ fontSize: 12 }}>
                  <Typography.Text type="secondary">{actor.join(' · ')}</Typography.Text>
                </div>
              )}
              {data.map(([k, v]) => (
                <div key={k} style={{ fontSize: 13, whiteSpace: 'pre-wrap' }}>
                  <Typography.Text type="secondary">
                    {fieldLabel(k, tt)}
                    {t('app.colon')}
                  </Typography.Text>
                  {FLAGS.has(k) ? '' : <Folded text={formatValue(k, v, names, t, tt)} />}
                </div>
              ))}
            </div>
          ),
        };
      })}
    />
  );
}

/** A long text in the timeline folds to three lines, with a control to unfold it. */
function Folded({ text }: { text: string }) {
  const { t } = useI18n();
  if (text.length <= FOLD_CHARS) return <>{text}</>;
  return (
    <Typography.Paragraph
      data-testid="timeline-folded"
      style={{ display: 'inline', margin: 0, whiteSpace: 'pre-wrap' }}
      ellipsis={{ rows: 3, expandable: 'collapsible', symbol: (open) => t(open ? 'app.fold' : 'app.unfold') }}
    >
      {text}
    </Typography.Paragraph>
  );
}

function Multiline({ text }: { text: string }) {
  return <span style={{ whiteSpace: 'pre-wrap' }}>{text}</span>;
}
