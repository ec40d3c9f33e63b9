/**
 * The client of the supervision office's, coordination's and assessment's endpoints (types from the shared
 * schemas, type-only), and a minimal file download. web/src/transfer.ts (another branch) will bring downloads
 * with progress; this one is to be unified with it.
 */
import type { DrillDownView, Figure, MonthlyView, UnitFigures } from '../../../shared/schemas/assessment.js';
import type { CaseList, CaseSort, CaseView, SupervisionReason } from '../../../shared/schemas/supervision.js';
import type { DistrictStatsBy, DistrictStatsView } from '../../../shared/schemas/stats.js';
import type { TicketView } from '../../../shared/schemas/tickets.js';
import type { z } from 'zod';
import type {
  AddressedTo,
  coordinationList,
  CoordinationView,
} from '../../../shared/schemas/coordination.js';
import type { proposalList, ProposalView } from '../../../shared/schemas/accountability.js';
import { http } from '../api';

export type {
  CaseList,
  CaseSort,
  CaseView,
  DistrictStatsView,
  DrillDownView,
  Figure,
  MonthlyView,
  UnitFigures,
};
export type { DistrictStatsBy, SupervisionReason };
export type { AddressedTo, CoordinationView, ProposalView };
export type ProposalList = z.infer<typeof proposalList>;
export type CoordinationList = z.infer<typeof coordinationList>;

/** A type (not an interface) so it fits the query-string record. */
export type CaseQuery = {
  state?: 'open' | 'closed' | 'all';
  reason?: SupervisionReason;
  unitId?: string;
  minNotices?: number;
  maxNotices?: number;
  sort?: CaseSort;
  page: number;
  pageSize: number;
};

export interface DecisionBody {
  leadUnitId: string;
  assistUnitIds: string[];
  note: string;
}

export type DrillDownQuery = {
  unitId: string;
  figure: Figure;
  revision?: number;
  page: number;
  pageSize: number;
};

const enc = encodeURIComponent;

export const supervisionApi = {
  cases: (q: CaseQuery) => http.get<CaseList>('/api/v1/supervision/cases', q),

  proposals: (q: { status?: 'draft' | 'issued'; page: number; pageSize: number }) =>
    http.get<ProposalList>('/api/v1/accountability', q),
  proposal: (id: string) => http.get<ProposalView>(`/api/v1/accountability/${enc(id)}`),
  draftProposal: (ticketId: string) =>
    http.post<ProposalView>(`/api/v1/tickets/${enc(ticketId)}/accountability`),
  saveProposal: (id: string, text: string, issue: boolean) =>
    http.put<ProposalView>(`/api/v1/accountability/${enc(id)}`, { text, issue }),

  coordination: (q: { status?: 'open' | 'decided'; page: number; pageSize: number }) =>
    http.get<CoordinationList>('/api/v1/coordination', q),
  decide: (id: string, body: DecisionBody) =>
    http.post<TicketView>(`/api/v1/coordination/${enc(id)}/decide`, body),

  districtStats: (q: { from?: string; to?: string; by: DistrictStatsBy }) =>
    http.get<DistrictStatsView>('/api/v1/stats/districts', q),

  monthly: (month: string) => http.get<MonthlyView>('/api/v1/assessment/monthly', { month }),
  compute: (month: string) => http.post<MonthlyView>(`/api/v1/assessment/monthly/${enc(month)}/compute`),
  review: (month: string) => http.post<MonthlyView>(`/api/v1/assessment/monthly/${enc(month)}/review`),
  publish: (month: string) => http.post<MonthlyView>(`/api/v1/assessment/monthly/${enc(month)}/publish`),
  drillDown: (month: string, q: DrillDownQuery) =>
    http.get<DrillDownView>(`/api/v1/assessment/monthly/${enc(month)}/tickets`, q),
};
