/** The work queues: each is the ticket list with a fixed filter, a hint and the expected next action. */
import type { TicketStatus, Urgency } from '../../../shared/enums.js';
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
    query: { sort: 'dueAt', link: 'handling' },
    statusFilter: true,
    autoRefresh: true,
    emptyText: 'list.emptyQueue',
  },
  copies: {
    title: 'menu.copies',
    hint: 'queue.copies.hint',
    query: { sort: 'dueAt', link: 'copy' },
    statusFilter: true,
    autoRefresh: true,
    emptyText: 'list.empty',
  },
  revisit: {
    title: 'menu.revisitQueue',
    hint: 'queue.revisit.hint',
    query: { status: 'replied' },
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
  q?: string;
  overdue?: boolean;
  page?: number;
  pageSize?: number;
}

/** The list request of a queue with the user's filters (defaults: first page, nothing filtered). */
export function presetQuery(preset: Preset, f: ListFilters = {}): TicketListQuery {
  const def = PRESETS[preset];
  return {
    ...def.query,
    ...(def.statusFilter && f.status ? { status: f.status } : {}),
    urgency: f.urgency,
    q: f.q || undefined,
    overdue: f.overdue ? 'true' : undefined,
    page: f.page ?? 1,
    pageSize: f.pageSize ?? LIMITS.pageSizeDefault,
  };
}
