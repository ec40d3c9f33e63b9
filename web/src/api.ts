/**
 * A typed client for the Jiesu API. Types come from the shared zod schemas (type-only imports,
 * so zod itself stays out of the initial bundle). Every failure becomes an ApiError with the server's
 * stable code, its Chinese message and, for 400s, the failing fields.
 */
import type { z } from 'zod';
import type { ErrorBody, FieldIssue } from '../../shared/errors.js';
import type { loginResponse, meView, userView } from '../../shared/schemas/auth.js';
import type { AttachmentView } from '../../shared/schemas/attachments.js';
import type { DuplicateView, SuggestionsView } from '../../shared/schemas/assist.js';
import type { AuditEntry, AuditRetention, AuditVerifyResult } from '../../shared/schemas/audit.js';
import type { CalendarImportResult, CalendarStatus, DeadlinePreview } from '../../shared/schemas/calendar.js';
import type { NoticeLanguageBody, NotificationView } from '../../shared/schemas/notifications.js';
import type { CtiCallView } from '../../shared/schemas/cti.js';
import type { ApiKeyCreateBody, ApiKeyIssued, ApiKeyView } from '../../shared/schemas/api-keys.js';
import type {
  PowChallenge,
  PublicRateBody,
  PublicSubmitBody,
  PublicSubmitted,
  PublicTrackView,
  RatingInfoView,
} from '../../shared/schemas/public.js';
import type { createPolicyBody, policyData, policyVersionView } from '../../shared/schemas/policy.js';
import type { categoryView, channelView, districtView, unitView } from '../../shared/schemas/reference.js';
import type {
  actionBodies,
  ActionName,
  CreateTicketBody,
  GroupMemberView,
  ticketEventView,
  ticketListQuery,
  ticketListView,
  TicketView,
} from '../../shared/schemas/tickets.js';

export type { ActionName, CreateTicketBody, GroupMemberView, TicketView };
export type UserView = z.infer<typeof userView>;
/** The signed-in user: a UserView that may have to change an admin-set password first. */
export type MeView = z.infer<typeof meView>;
export type { AttachmentView };
export type { AuditEntry, AuditRetention, AuditVerifyResult, DuplicateView, NotificationView, PowChallenge };
export type { ApiKeyCreateBody, ApiKeyIssued, ApiKeyView, CtiCallView };
export type { CalendarImportResult, CalendarStatus, DeadlinePreview, PublicTrackView, SuggestionsView };
export type TicketList = z.infer<typeof ticketListView>;
export type LoginResponse = z.infer<typeof loginResponse>;
export type ChannelView = z.infer<typeof channelView>;
export type CategoryView = z.infer<typeof categoryView>;
export type DistrictView = z.infer<typeof districtView>;
export type UnitView = z.infer<typeof unitView>;
export type TicketEventView = z.infer<typeof ticketEventView>;
export type TicketListQuery = Partial<z.input<typeof ticketListQuery>>;
export type ActionBody<A extends ActionName> = z.input<(typeof actionBodies)[A]>;

export type CalendarFormat = 'json' | 'csv' | 'ics';
export type CalendarDayKind = 'holiday' | 'workday';

export type PolicyData = z.infer<typeof policyData>;
export type PolicyVersionView = z.infer<typeof policyVersionView>;
export type CreatePolicyBody = z.input<typeof createPolicyBody>;

/** A type (not an interface) so it fits the query-string record. */
export type AuditQuery = {
  page: number;
  pageSize: number;
  action?: string;
  userId?: string;
  ticketId?: string;
  ticketCode?: string;
  from?: string;
  to?: string;
};

export type { PublicSubmitBody };

export interface SuggestionsBody {
  title?: string;
  content: string;
  categoryCode?: string;
  district?: string;
}
export interface DuplicateCheckBody {
  title?: string;
  content: string;
  phone?: string;
  district?: string;
}

/** A failed request. `code` is the server's stable code, or NETWORK / HTTP.<status> when it sent none. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldIssue[] = [],
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const TOKEN_KEY = 'jiesu.token';
const REQUEST_TIMEOUT_MS = 30_000;
let token: string | null = readToken();
let unauthenticatedListener: (() => void) | null = null;

function readToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

/** A token is kept from earlier in this tab (a reload): the user is most likely still logged in. */
export const hasToken = (): boolean => token !== null;

export function setToken(value: string | null): void {
  token = value;
  try {
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // Storage may be blocked: the token then lives in memory and the httpOnly cookie.
  }
}

/** Called when an authenticated request answers 401 (session expired or revoked). */
export function onUnauthenticated(listener: (() => void) | null): void {
  unauthenticatedListener = listener;
}

type Query = Record<string, string | number | boolean | undefined | null>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

function fieldsOf(details: unknown): FieldIssue[] {
  if (details && typeof details === 'object' && 'fields' in details && Array.isArray(details.fields)) {
    return (details.fields as unknown[]).filter(
      (f): f is FieldIssue =>
        !!f && typeof f === 'object' && 'field' in f && 'message' in f && typeof f.field === 'string',
    );
  }
  return [];
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

async function send<T>(
  method: Method,
  path: string,
  body?: unknown,
  query?: Query,
  /** The caller's cancellation (e.g. a newer keystroke supersedes this request). */
  cancel?: AbortSignal,
  extraHeaders: Record<string, string> = {},
): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { Accept: 'application/json', ...extraHeaders };
  // Server messages follow the UI language (App.tsx keeps <html lang> in step with it).
  if (typeof document !== 'undefined') headers['Accept-Language'] = document.documentElement.lang || 'zh-CN';
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  // A request that never answers must not leave a spinner forever.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
  const onCancel = () => controller.abort();
  if (cancel?.aborted) controller.abort();
  cancel?.addEventListener('abort', onCancel);
  let res: Response;
  let text: string;
  try {
    res = await fetch(withQuery(path, query), {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: controller.signal,
    });
    text = await res.text();
  } catch {
    if (cancel?.aborted) throw new ApiError(0, 'ABORTED', '请求已取消。');
    if (controller.signal.aborted) throw new ApiError(0, 'TIMEOUT', '服务器长时间没有响应，请稍后重试。');
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试。');
  } finally {
    clearTimeout(timer);
    cancel?.removeEventListener('abort', onCancel);
  }
  let json: unknown = undefined;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  if (!res.ok) throw failure(res.status, json, path);
  return { status: res.status, body: json as T };
}

/**
 * The ApiError of a failed answer (its parsed JSON body, if any); a 401 tells the session listener. Also used
 * by requests made outside `send` (uploads and downloads with progress, web/src/transfer.ts).
 */
export function failure(status: number, json: unknown, path: string): ApiError {
  const err = (json as ErrorBody | undefined)?.error;
  const apiError = err
    ? new ApiError(status, err.code, err.message, fieldsOf(err.details), err.details)
    : new ApiError(status, `HTTP.${status}`, `服务器出错（${status}），请稍后再试。`);
  if (status === 401 && path !== '/api/v1/auth/login') unauthenticatedListener?.();
  return apiError;
}

/** The session's Authorization header, for requests made outside `send`. */
export const authHeaders = (): Record<string, string> => (token ? { Authorization: `Bearer ${token}` } : {});

export const request = <T>(method: Method, path: string, body?: unknown, query?: Query): Promise<T> =>
  send<T>(method, path, body, query).then((r) => r.body);

const get = <T>(path: string, query?: Query) => request<T>('GET', path, undefined, query);
const post = <T>(path: string, body: unknown = {}) => request<T>('POST', path, body);
const enc = encodeURIComponent;

export const api = {
  login: (username: string, password: string) =>
    post<LoginResponse>('/api/v1/auth/login', { username, password }),
  logout: () => post<{ ok: true }>('/api/v1/auth/logout'),
  me: () => get<MeView>('/api/v1/me'),
  changePassword: (currentPassword: string, newPassword: string) =>
    post<{ ok: true }>('/api/v1/me/password', { currentPassword, newPassword }),
  attachments: (ticketId: string) =>
    get<{ items: AttachmentView[] }>(`/api/v1/tickets/${enc(ticketId)}/attachments`).then((r) => r.items),
  /** Where the browser downloads an attachment (the session cookie authenticates it). */
  attachmentsUrl: (ticketId: string) => `/api/v1/tickets/${enc(ticketId)}/attachments`,
  attachmentUrl: (ticketId: string, id: string) => `/api/v1/tickets/${enc(ticketId)}/attachments/${enc(id)}`,

  /** A screen pop pushed to this agent (来电弹屏): the number, earlier requests, tickets registered from it. */
  ctiCall: (callId: string) => get<CtiCallView>(`/api/v1/cti/calls/${enc(callId)}`),
  apiKeys: () => get<ApiKeyView[]>('/api/v1/api-keys'),
  issueApiKey: (body: ApiKeyCreateBody) => post<ApiKeyIssued>('/api/v1/api-keys', body),
  rotateApiKey: (id: string) => post<ApiKeyIssued>(`/api/v1/api-keys/${enc(id)}/rotate`),
  revokeApiKey: (id: string) => post<ApiKeyView>(`/api/v1/api-keys/${enc(id)}/revoke`),
  channels: () => get<ChannelView[]>('/api/v1/channels'),
  categories: () => get<CategoryView[]>('/api/v1/categories'),
  districts: () => get<DistrictView[]>('/api/v1/districts'),
  units: () => get<UnitView[]>('/api/v1/units'),

  listTickets: (query: TicketListQuery) => get<TicketList>('/api/v1/tickets', query as Query),
  ticket: (id: string) => get<TicketView>(`/api/v1/tickets/${encodeURIComponent(id)}`),
  events: (id: string) => get<TicketEventView[]>(`/api/v1/tickets/${encodeURIComponent(id)}/events`),
  /** 201 creates; 200 means the channel reference was registered before and returns that ticket (R2.2). */
  createTicket: (body: CreateTicketBody) =>
    send<TicketView>('POST', '/api/v1/tickets', body).then((r) => ({
      ticket: r.body,
      created: r.status === 201,
    })),
  /**
   * A ticket action on the revision the caller saw (`rev`, sent as If-Match): when the ticket changed since, the
   * server refuses with 409 TICKET.STALE and changes nothing. With `key` (Idempotency-Key) a repeat of the same
   * attempt is applied once (web/src/offline.ts).
   */
  act: <A extends ActionName>(id: string, action: A, body: ActionBody<A>, rev: number, key?: string) =>
    send<TicketView>('POST', `/api/v1/tickets/${enc(id)}/${action}`, body, undefined, undefined, {
      'If-Match': `"${rev}"`,
      ...(key ? { 'Idempotency-Key': key } : {}),
    }).then((r) => r.body),

  deadlinePreview: (query: { from: string; workingDays?: number; hours?: number }) =>
    get<DeadlinePreview>('/api/v1/calendar/deadline', query),

  notifications: (unreadOnly: boolean) =>
    get<NotificationView[]>('/api/v1/notifications', { unread: unreadOnly, limit: 50 }),
  markNotificationRead: (id: number) => post<{ ok: true }>(`/api/v1/notifications/${id}/read`),
  /** The UI language the user reads in: their SMS notices are written in it (the bell follows Accept-Language). */
  noticeLanguage: (lang: NoticeLanguageBody['lang']) =>
    request<{ ok: true }>('PUT', '/api/v1/notifications/language', { lang }),

  users: () => get<UserView[]>('/api/v1/users'),

  calendarStatus: () => get<CalendarStatus>('/api/v1/calendar/status'),
  importCalendarYear: (year: number, format: CalendarFormat, content: string) =>
    post<CalendarImportResult>(`/api/v1/calendar/years/${year}/import`, { format, content }),
  setCalendarDay: (date: string, day: { kind: CalendarDayKind; name: string }) =>
    request<{ recomputedTickets: number }>('PUT', `/api/v1/calendar/days/${enc(date)}`, day),
  deleteCalendarDay: (date: string) =>
    request<{ recomputedTickets: number }>('DELETE', `/api/v1/calendar/days/${enc(date)}`),

  policies: () => get<PolicyVersionView[]>('/api/v1/policies'),
  createPolicy: (body: CreatePolicyBody) => post<PolicyVersionView>('/api/v1/policies', body),

  audit: (query: AuditQuery) => get<{ items: AuditEntry[]; total: number }>('/api/v1/audit', query),
  verifyAudit: () => get<AuditVerifyResult>('/api/v1/audit/verify'),
  auditRetention: () => get<AuditRetention>('/api/v1/audit/retention'),

  /** Suggestions while the operator types: category, urgency and the top three units. */
  suggestions: (body: SuggestionsBody, cancel?: AbortSignal) =>
    send<SuggestionsView>('POST', '/api/v1/suggestions', body, undefined, cancel).then((r) => r.body),
  /** Suggestions for a registered ticket's dispatch dialog (R4.2); the server keeps what it showed. */
  dispatchSuggestions: (id: string) =>
    post<SuggestionsView>(`/api/v1/tickets/${enc(id)}/dispatch-suggestions`, {}),
  /** Likely duplicates of a request being registered; nothing is saved. */
  duplicateCheck: (body: DuplicateCheckBody, cancel?: AbortSignal) =>
    send<DuplicateView[]>('POST', '/api/v1/duplicate-check', body, undefined, cancel).then((r) => r.body),
  /** Published knowledge articles for the answer dialog (the knowledge screens have their own client). */
  knowledgeSearch: (query: { q?: string; status?: string; page: number; pageSize: number }) =>
    get<{ items: { id: string; title: string; status: string; version: number }[]; total: number }>(
      '/api/v1/knowledge',
      query,
    ),
  /** Reply templates of a kind, and one filled in for a ticket (counted as a use). */
  templates: (kind: string) =>
    get<{ id: string; title: string; unitId: string | null; useCount: number }[]>('/api/v1/templates', {
      kind,
    }),
  fillTemplate: (id: string, ticketId: string) =>
    post<{ text: string; missing: string[] }>(`/api/v1/templates/${enc(id)}/fill`, { ticketId }),
  /** Merges a registered ticket under a parent ticket (it follows the parent's handling). */
  merge: (id: string, parentId: string) => post<TicketView>(`/api/v1/tickets/${enc(id)}/merge`, { parentId }),
  /** 取消合并: the merged ticket is handled on its own again (office only, audited). */
  unmerge: (id: string, reason: string) => post<TicketView>(`/api/v1/tickets/${enc(id)}/unmerge`, { reason }),
  /** A merged group: the parent and each complainant merged into it (R2.2). */
  group: (id: string) => get<GroupMemberView[]>(`/api/v1/tickets/${enc(id)}/group`),
};

/**
 * The citizens' door: no session, personal data only in request bodies (never in a URL). Kept apart from
 * `api` so the public page never triggers the workbench's "session expired" handling.
 */
export const publicApi = {
  challenge: () => get<PowChallenge>('/api/v1/public/challenge'),
  submit: (body: PublicSubmitBody) => post<PublicSubmitted>('/api/v1/public/requests', body),
  track: (code: string, phone: string) => post<PublicTrackView>('/api/v1/public/track', { code, phone }),
  // The token stays out of URLs (and so out of logs): the page reads it from #<token> and posts it.
  ratingInfo: (token: string) => post<RatingInfoView>('/api/v1/public/rating/info', { token }),
  rate: (token: string, outcome: PublicRateBody['outcome'], note: string) =>
    post<{ ok: true }>('/api/v1/public/rating', { token, outcome, note } satisfies PublicRateBody),
};

/** The request helpers, for screens that keep their own typed client (supervision/supervision-api.ts). */
export const http = {
  get,
  post,
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
};
