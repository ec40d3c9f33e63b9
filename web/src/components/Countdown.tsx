/**
 * The live countdown to a ticket's completion deadline (R4.4). It counts from the server's
 * `remainingSeconds` (so a server on a test clock shows the right figure), ticking locally.
 * Colours: red overdue; orange due soon (< 2 h urgent, < 1 day general); green otherwise.
 */
import { ClockCircleOutlined, WarningOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import type { TicketView } from '../api';
import { useI18n } from '../i18n';
import { formatDuration, formatTime, useNow } from '../time';

const STOPPED = new Set(['registered', 'completed', 'replied', 'archived']);
const DUE_SOON_SECONDS = { urgent: 2 * 3600, general: 24 * 3600 } as const;

export function remainingAt(ticket: TicketView, loadedAt: number, now: number): number | null {
  const d = ticket.deadlines;
  if (d.remainingSeconds !== null) return d.remainingSeconds - (now - loadedAt) / 1000;
  if (d.completeDueAt) return (Date.parse(d.completeDueAt) - now) / 1000;
  return null;
}

export function Countdown({ ticket, loadedAt }: { ticket: TicketView; loadedAt: number }) {
  const { t, lang } = useI18n();
  const due = ticket.deadlines.completeDueAt;
  if (!due) return <span style={{ color: '#999' }}>{t('countdown.none')}</span>;
  const dueText = `${t('ticket.completeDueAt')}${t('app.colon')}${formatTime(due)}`;
  if (STOPPED.has(ticket.status)) {
    return (
      <Tooltip title={dueText}>
        <span style={{ color: ticket.deadlines.overdue ? '#cf1322' : '#999' }}>
          {ticket.deadlines.overdue ? t('ticket.overdue') : t('countdown.stopped')}
        </span>
      </Tooltip>
    );
  }
  return <LiveCountdown ticket={ticket} loadedAt={loadedAt} dueText={dueText} lang={lang} t={t} />;
}

function LiveCountdown({
  ticket,
  loadedAt,
  dueText,
  lang,
  t,
}: {
  ticket: TicketView;
  loadedAt: number;
  dueText: string;
  lang: 'zh' | 'en';
  t: ReturnType<typeof useI18n>['t'];
}) {
  const now = useNow();
  const remaining = remainingAt(ticket, loadedAt, now);
  if (remaining === null) return <span>{t('countdown.none')}</span>;
  const overdue = remaining <= 0 || ticket.deadlines.overdue;
  const soon = !overdue && remaining < DUE_SOON_SECONDS[ticket.urgency];
  const color = overdue ? 'error' : soon ? 'warning' : 'success';
  const label = overdue
    ? t('countdown.overdue', { d: formatDuration(remaining, lang) })
    : t('countdown.left', { d: formatDuration(remaining, lang) });
  return (
    <Tooltip
      title={ticket.deadlines.provisionalCalendar ? `${dueText}（${t('ticket.provisional')}）` : dueText}
    >
      <Tag
        color={color}
        icon={overdue || soon ? <WarningOutlined /> : <ClockCircleOutlined />}
        style={{ fontVariantNumeric: 'tabular-nums' }}
      >
        {label}
      </Tag>
    </Tooltip>
  );
}
