/**
 * The ticket timeline in words: event and field labels from timeline-i18n.ts, payload values as names
 * (units, categories, channels), labels (urgency, outcome, method) and Shanghai times. Pure, for the page
 * and its test.
 */
import type { TicketEventView } from '../api';
import { labelOr, type PageTranslate, type Translate } from '../i18n';
import type { Names } from '../reference';
import { formatTime } from '../time';
import { timelineZh, type TimelineKey } from './timeline-i18n';

export type TimelineT = PageTranslate<TimelineKey>;

const known = (key: string): key is TimelineKey => Object.hasOwn(timelineZh, key);
/** The label, or the raw text for a key the vocabulary does not know (an older server, a newer event). */
const labelled = (tt: TimelineT, key: string, raw: string): string => (known(key) ? tt(key) : raw);

export const eventLabel = (action: string, tt: TimelineT): string => labelled(tt, `event.${action}`, action);

export const fieldLabel = (key: string, tt: TimelineT): string => labelled(tt, `field.${key}`, key);

/** User roles come from the main dictionary; the system, complainants and the public door from ours. */
export const actorLabel = (role: string, t: Translate, tt: TimelineT): string =>
  labelOr(t, `role.${role}`, labelled(tt, `actor.${role}`, role));

/** Payload keys that are bookkeeping (ids, sampling internals), not something a reader needs. */
const HIDDEN_DATA = new Set(['policyVersion', 'seed', 'value', 'parentId', 'childId', 'attachmentId']);
/** Flags shown only when set. */
export const FLAGS = new Set(['provisionalCalendar', 'late']);
/** Deadlines every event repeats: shown only on the event that changed them. */
const CARRIED = new Set(['completeDueAt', 'verifyDueAt', 'provisionalCalendar']);

/** Each event's payload without bookkeeping, empty values, unset flags and unchanged deadlines. */
export function visibleData(events: readonly TicketEventView[]): [string, unknown][][] {
  const last = new Map<string, unknown>();
  return events.map((e) =>
    Object.entries(e.data).filter(([k, v]) => {
      if (CARRIED.has(k)) {
        const same = last.has(k) && last.get(k) === v;
        last.set(k, v);
        if (same) return false;
      }
      if (HIDDEN_DATA.has(k) || v === null || v === undefined || v === '') return false;
      return !FLAGS.has(k) || v === true;
    }),
  );
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** A payload value in words: unit ids as names, codes as labels, instants as Asia/Shanghai wall time. */
export function formatValue(key: string, v: unknown, names: Names, t: Translate, tt: TimelineT): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? t('app.yes') : t('app.no');
  if (typeof v === 'number') {
    if (key === 'rate') return `${Math.round(v * 1000) / 10}%`;
    if (key === 'size')
      return v < 1024 * 1024 ? `${(v / 1024).toFixed(1)} KB` : `${(v / 1024 / 1024).toFixed(1)} MB`;
    return String(v);
  }
  if (typeof v === 'string') {
    if (/unitId$/i.test(key)) return names.unit(v);
    if (key === 'urgency') return labelOr(t, `urgency.${v}`, v);
    if (key === 'outcome') return labelOr(t, `outcome.${v}`, v);
    if (key === 'requestType') return labelOr(t, `requestType.${v}`, v);
    if (key === 'categoryCode') return names.category(v);
    if (key === 'channel') return names.channel(v);
    if (key === 'parentAction') return eventLabel(v, tt);
    if (known(`value.${key}.${v}`)) return tt(`value.${key}.${v}` as TimelineKey);
    if (ISO.test(v)) return formatTime(v);
    return v;
  }
  if (Array.isArray(v))
    return v.map((x) => formatValue(key.replace(/Ids$/, 'Id'), x, names, t, tt)).join('、');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/**
 * The "→ new status" after an event's name, or null when there is nothing to add: no change of status, or a
 * status that only repeats the event's name ("Registered → Registered").
 */
export function statusAfter(e: TicketEventView, t: Translate, tt: TimelineT): string | null {
  if (!e.toStatus || e.toStatus === e.fromStatus) return null;
  const status = labelOr(t, `status.${e.toStatus}`, e.toStatus);
  return status.toLowerCase() === eventLabel(e.action, tt).toLowerCase() ? null : status;
}

/** Texts longer than this fold to a few lines in the timeline, with a control to unfold them. */
export const FOLD_CHARS = 120;
