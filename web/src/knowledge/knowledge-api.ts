/** The knowledge base's and the reply templates' endpoints, typed from the shared schemas. */
import type {
  CreateKnowledgeBody,
  KnowledgeItem,
  KnowledgeMatchView,
  KnowledgeStatus,
  KnowledgeView,
  TemplateBody,
  TemplateKind,
  TemplateView,
  UpdateKnowledgeBody,
} from '../../../shared/schemas/knowledge.js';
import { http, request } from '../api';

export type { KnowledgeItem, KnowledgeMatchView, KnowledgeStatus, KnowledgeView, TemplateKind, TemplateView };

const enc = encodeURIComponent;
const qs = (q: Record<string, string | number | undefined>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
};

export const knowledgeApi = {
  list: (q: {
    q?: string;
    status?: KnowledgeStatus;
    dueForReview?: 'true';
    page: number;
    pageSize: number;
  }) => http.get<{ items: KnowledgeItem[]; total: number }>(`/api/v1/knowledge${qs(q)}`),
  get: (id: string) => http.get<KnowledgeView>(`/api/v1/knowledge/${enc(id)}`),
  create: (body: CreateKnowledgeBody) => http.post<KnowledgeView>('/api/v1/knowledge', body),
  update: (id: string, body: UpdateKnowledgeBody) =>
    http.put<KnowledgeView>(`/api/v1/knowledge/${enc(id)}`, body),
  move: (id: string, action: 'submit' | 'publish' | 'retire') =>
    http.post<KnowledgeView>(`/api/v1/knowledge/${enc(id)}/${action}`),
  match: (body: { text: string; district?: string }, cancel?: AbortSignal) =>
    request<KnowledgeMatchView>('POST', '/api/v1/knowledge/match', body, undefined).then((r) => {
      if (cancel?.aborted) throw new Error('aborted');
      return r;
    }),
  fromTicket: (ticketId: string) =>
    http.post<KnowledgeView>(`/api/v1/knowledge/from-ticket/${enc(ticketId)}`),
  gaps: () =>
    http.get<{ from: string; items: { categoryCode: string; count: number }[] }>('/api/v1/knowledge/gaps'),
  templates: (kind: TemplateKind) => http.get<TemplateView[]>(`/api/v1/templates?kind=${kind}`),
  /** The management screen's list: retired ones too, and for the office every unit's. */
  manageTemplates: (kind?: TemplateKind) =>
    http.get<TemplateView[]>(`/api/v1/templates${qs({ kind, includeInactive: 'true', allUnits: 'true' })}`),
  saveTemplate: (body: TemplateBody, id?: string) =>
    id
      ? http.put<TemplateView>(`/api/v1/templates/${enc(id)}`, body)
      : http.post<TemplateView>('/api/v1/templates', body),
  fill: (id: string, ticketId: string) =>
    http.post<{ text: string; missing: string[] }>(`/api/v1/templates/${enc(id)}/fill`, { ticketId }),
  faq: (q?: string) =>
    http.get<{ items: { id: string; title: string; body: string }[] }>(`/api/v1/public/faq${qs({ q })}`),
};
