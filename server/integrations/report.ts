/**
 * What leaves the platform for a ticket event: the report-back (回传) a partner of the ticket's channel takes
 * (R2.2: the channel's reference is kept for replying there) and the webhook payload. Pure; no personal data —
 * never the complainant's name, phone, ID number or address (R9.1): a report carries the partner's reference, our
 * code, the state, the handling unit, and the result or reply the partner's citizen is owed (R4.5, R4.6).
 */
import type { TicketRow } from '../db/schema.js';
import type { TicketEventType } from '../../shared/events.js';
import type { ReportEvent } from '../../shared/schemas/integrations.js';

export interface OutboundEvent {
  ticket: TicketRow;
  type: TicketEventType;
  at: Date;
  fromStatus: string | null;
  data: Record<string, unknown>;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The report-back an event is, if any: 受理 at dispatch, 办结 with the result, the reply, the revisit's outcome. */
export function reportKind(type: TicketEventType): ReportEvent | null {
  return REPORT_OF[type] ?? null;
}

const REPORT_OF: Partial<Record<TicketEventType, ReportEvent>> = {
  dispatch: 'accepted',
  complete: 'completed',
  feedback: 'replied',
  answer: 'replied',
  revisit: 'revisit',
};

/** The canonical report-back; the connector's outbound mapping renames its fields when it is sent. */
export function reportPayload(e: OutboundEvent, kind: ReportEvent): Record<string, unknown> {
  const t = e.ticket;
  const base: Record<string, unknown> = {
    event: kind,
    channelRef: t.channelRef,
    ticketId: t.id,
    ticketCode: t.code,
    at: e.at.toISOString(),
    status: t.status,
  };
  switch (kind) {
    case 'accepted':
      // `unit` (the lead unit's name) is added by the outbox's insert, from the directory.
      return { ...base, completeDueAt: t.completeDueAt?.toISOString() ?? null };
    case 'completed':
      return { ...base, result: str(e.data.result) ?? '' };
    case 'replied':
      return { ...base, reply: str(e.data.toComplainant) ?? str(e.data.answer) ?? '' };
    case 'revisit':
      return { ...base, outcome: str(e.data.outcome) ?? '' };
  }
}

/** A webhook's payload: the event and the ticket's facts, no content and no personal data. */
export function webhookPayload(e: OutboundEvent): Record<string, unknown> {
  const t = e.ticket;
  return {
    event: e.type,
    at: e.at.toISOString(),
    fromStatus: e.fromStatus,
    toStatus: t.status,
    ticket: {
      id: t.id,
      code: t.code,
      status: t.status,
      urgency: t.urgency,
      channel: t.channel,
      categoryCode: t.categoryCode,
      district: t.locationDistrict,
      leadUnitId: t.leadUnitId,
      completeDueAt: t.completeDueAt?.toISOString() ?? null,
    },
  };
}

/** Sets `value` at a dot path of `out` (`case.no` → {case: {no}}). */
export function setPath(out: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = out;
  for (const p of parts.slice(0, -1)) {
    const next = node[p];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[p] = {};
    node = node[p] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]!] = value;
}

/** The value at a dot path of a parsed JSON body, if any. */
export function getPath(input: unknown, path: string): unknown {
  let node = input;
  for (const p of path.split('.')) {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[p];
  }
  return node;
}

/** A report-back as the partner names its fields: mapped fields moved to their paths, the rest kept. */
export function mapOutbound(
  payload: Record<string, unknown>,
  mapping: Record<string, string>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(payload)) setPath(out, mapping[k] ?? k, v);
  return out;
}
