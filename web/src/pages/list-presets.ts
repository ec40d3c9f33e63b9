/** The work queues: each is the ticket list with a fixed filter, a hint and the expected next action. */
import {
  REQUEST_TYPES,
  TICKET_STATUSES,
  URGENCIES,
  type RequestType,
  type TicketStatus,
  type Urgency,
} from '../../../shared/enums.js';
import { LIMITS } from '../../../shared/limits.js';
import type { ActionName, TicketListQuery } from '../api';
import type { MessageKey } from '../i18n';

export type Preset = 'dispatch' | 'returns' | 'inbox' | 'copies' | 'revisit' | 'supervision' | 'all';

export interface PresetDef {
  title: MessageKey;
  hint: MessageKey;
  query: TicketListQuery;
  /** The user may filter by status (otherwise the queue fixes it). */
  statusFilter: boolean;
  /** The action the queue exists for; rows offer it first. */
  nextAction?: ActionName;
  /** Queues refresh themselves; a search does not. */
  autoRefresh: boolean;
  emptyText: MessageKey;
}

export const PRESETS: Record<Preset, PresetDef> = {
  dispatch: {
    title: 'menu.dispatchQueue',
    hint: 'queue.dispatch.hint',
    query: { status: 'registered' },
    statusFilter: false,
    nextAction: 'dispatch',
    autoRefresh: true,
    emptyText: 'list.emptyQueue',
  },
  returns: {
    title: 'menu.returnsQueue',
    hint: 'queue.returns.hint',
    query: { status: 'returned' },
    statusFilter: false,
    nextAction: 'review-return',
    autoRefresh: true,
    emptyText: 'list.emptyQueue',
  },
  inbox: {
    title: 'menu.inbox',
    hint: 'queue.inbox.hint',
    // The unit's work: what is still being handled, by deadline; a finished ticket by choosing its status.
    query: { sort: 'dueAt', link: 'handling', open: 'true' },
    statusFilter: true,
    autoRefresh: true,
    emptyText: 'list.emptyQueue',
  },
  copies: {
    title: 'menu.copies',
    hint: 'queue.copies.hint',
    query: { sort: 'dueAt', link: 'copy', open: 'true' },
    statusFilter: true,
    autoRefresh: true,
    emptyText: 'list.empty',
  },
  revisit: {
    title: 'menu.revisitQueue',
    hint: 'queue.revisit.hint',
    // One row per ticket with a complainant waiting; a merged group as its parent's row (R2.2, R4.6).
    query: { queue: 'revisit' },
    statusFilter: false,
    nextAction: 'revisit',
    autoRefresh: true,
    emptyText: 'list.emptyQueue',
  },
  supervision: {
    title: 'menu.supervisionQueue',
    hint: 'queue.supervision.hint',
    query: { status: 'supervising', sort: 'dueAt' },
    statusFilter: false,
    autoRefresh: true,
    emptyText: 'list.emptyQueue',
  },
  all: {
    title: 'menu.allTickets',
    hint: 'queue.all.hint',
    query: {},
    statusFilter: true,
    autoRefresh: false,
    emptyText: 'list.empty',
  },
};

/** Where each queue lives (the menu's paths), so the first one can be fetched while the shell renders. */
export const PRESET_PATHS: Record<string, Preset> = {
  '/queue/dispatch': 'dispatch',
  '/queue/returns': 'returns',
  '/inbox': 'inbox',
  '/revisit': 'revisit',
  '/tickets': 'all',
};

export interface ListFilters {
  status?: TicketStatus;
  urgency?: Urgency;
  requestType?: RequestType;
  categoryCode?: string;
  district?: string;
  /** Registered from this day to that day (YYYY-MM-DD, Asia/Shanghai), both included. */
  from?: string;
  to?: string;
  q?: string;
  overdue?: boolean;
  page?: number;
  pageSize?: number;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** The instant a Shanghai day starts (+08:00), `days` later. */
function dayStart(day: string, days = 0): string {
  const d = new Date(`${day}T00:00:00+08:00`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString();
}

/** The list request of a queue with the user's filters (defaults: first page, nothing filtered). */
export function presetQuery(preset: Preset, f: ListFilters = {}): TicketListQuery {
  const def = PRESETS[preset];
  return {
    ...def.query,
    ...(def.statusFilter && f.status ? { status: f.status } : {}),
    urgency: f.urgency,
    requestType: f.requestType,
    categoryCode: f.categoryCode,
    district: f.district,
    registeredFrom: f.from ? dayStart(f.from) : undefined,
    registeredTo: f.to ? dayStart(f.to, 1) : undefined,
    q: f.q || undefined,
    overdue: f.overdue ? 'true' : undefined,
    page: f.page ?? 1,
    pageSize: f.pageSize ?? LIMITS.pageSizeDefault,
  };
}

/**
 * The order in which a ticket's own work moves on (R4.2–R4.6, R6.1): a row's primary button is the first of
 * these the viewer may do. Returning (R4.2.3), asking for help and sub-dispatching are detours, never the
 * primary step.
 */
const NEXT_STEPS: readonly ActionName[] = [
  'dispatch',
  'review-return',
  'accept',
  'report-disposal',
  'verify',
  'complete',
  'feedback',
  'track-contact',
  'revisit',
  'supervise',
  'close-supervision',
  'explain-delay',
  'plan',
];

/** The row's primary action: the queue's own action if allowed, else the ticket's next step, if any. */
export function nextStep(allowed: readonly ActionName[], queueAction?: ActionName): ActionName | undefined {
  if (queueAction && allowed.includes(queueAction)) return queueAction;
  return NEXT_STEPS.find((a) => allowed.includes(a));
}

/** A list's filters as they stand in its URL (so Back and a shared link keep them). */
export function filtersFromUrl(query: URLSearchParams): ListFilters {
  const pick = <T extends string>(value: string | null, allowed: readonly T[]): T | undefined =>
    allowed.find((a) => a === value);
  const positive = (v: string | null) => {
    const n = Number(v);
    return Number.isInteger(n) && n > 0 ? n : undefined;
  };
  return {
    status: pick(query.get('status'), TICKET_STATUSES),
    urgency: pick(query.get('urgency'), URGENCIES),
    requestType: pick(query.get('requestType'), REQUEST_TYPES),
    categoryCode: query.get('category')?.trim() || undefined,
    district: query.get('district')?.trim() || undefined,
    from: DAY.test(query.get('from') ?? '') ? (query.get('from') as string) : undefined,
    to: DAY.test(query.get('to') ?? '') ? (query.get('to') as string) : undefined,
    q: query.get('q')?.trim() || undefined,
    overdue: query.get('overdue') === '1',
    page: positive(query.get('page')),
    pageSize: positive(query.get('pageSize')),
  };
}

/** The URL query of a list's filters: only what differs from the defaults. */
export function filtersToUrl(f: ListFilters): string {
  const p = new URLSearchParams();
  if (f.status) p.set('status', f.status);
  if (f.urgency) p.set('urgency', f.urgency);
  if (f.requestType) p.set('requestType', f.requestType);
  if (f.categoryCode) p.set('category', f.categoryCode);
  if (f.district) p.set('district', f.district);
  if (f.from) p.set('from', f.from);
  if (f.to) p.set('to', f.to);
  if (f.q) p.set('q', f.q);
  if (f.overdue) p.set('overdue', '1');
  if (f.page && f.page > 1) p.set('page', String(f.page));
  if (f.pageSize && f.pageSize !== LIMITS.pageSizeDefault) p.set('pageSize', String(f.pageSize));
  const s = p.toString();
  return s ? `?${s}` : '';
}
