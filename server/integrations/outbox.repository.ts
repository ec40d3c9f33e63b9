/**
 * The outbox's SQL (outbox_deliveries, outbox_attempts): enqueue in the caller's transaction, claim due rows in
 * order per ticket and target with FOR UPDATE SKIP LOCKED, record each attempt, list, replay dead letters.
 */
import { randomUUID } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { queryRows } from '../db/client.js';
import { rowMapper } from '../db/rows.js';
import { outboxDeliveries, type OutboxStatus, type OutboxTargetKind, type TicketRow } from '../db/schema.js';
import type { Tx } from '../tickets/ticket.repository.js';
import { reportKind, reportPayload, webhookPayload, type OutboundEvent } from './report.js';

export type DeliveryRow = typeof outboxDeliveries.$inferSelect;
const toDelivery = rowMapper(outboxDeliveries);

/**
 * Writes the deliveries a ticket event causes, in the event's transaction: one per enabled webhook subscription
 * whose event types and filters match, and one per enabled connector of the ticket's channel that takes this
 * report-back (only for a ticket with the partner's reference). Two INSERT … SELECT, no round trip per target.
 */
export async function enqueueForEvent(tx: Tx, e: OutboundEvent): Promise<void> {
  await tx.execute(webhookDeliveries(e));
  await enqueueReportBacks(tx, e);
}

/**
 * The webhook deliveries of a ticket event as one INSERT … SELECT, for `enqueueForEvent` or to be sent in the
 * same statement as the event itself (the one write path's `appendEvent`).
 */
export function webhookDeliveries(e: OutboundEvent): SQL {
  const t = e.ticket;
  return sql`
    INSERT INTO outbox_deliveries (id, target_kind, target_id, ticket_id, event_type, payload, next_at, created_at)
    SELECT gen_random_uuid(), 'webhook', s.id, ${t.id}::uuid, ${e.type}, ${JSON.stringify(webhookPayload(e))}::jsonb, ${e.at}, ${e.at}
    FROM webhook_subscriptions s
    WHERE s.enabled AND ${e.type} = ANY(s.event_types)
      AND (cardinality(s.district_codes) = 0 OR ${t.locationDistrict}::text = ANY(s.district_codes))
      AND (cardinality(s.unit_ids) = 0 OR ${t.leadUnitId}::uuid = ANY(s.unit_ids))
      AND (cardinality(s.category_codes) = 0 OR EXISTS (
        WITH RECURSIVE up(code, parent_code) AS (
          SELECT code, parent_code FROM categories WHERE code = ${t.categoryCode}::text
          UNION SELECT c.code, c.parent_code FROM categories c JOIN up ON c.code = up.parent_code
        ) SELECT 1 FROM up WHERE up.code = ANY(s.category_codes)))
    ORDER BY s.created_at, s.id`;
}

/** The partner connectors' report-back of a ticket event (only for a ticket with the partner's reference). */
export async function enqueueReportBacks(tx: Tx, e: OutboundEvent): Promise<void> {
  const t = e.ticket;
  const kind = reportKind(e.type);
  if (!kind || !t.channelRef) return;
  await tx.execute(sql`
    INSERT INTO outbox_deliveries (id, target_kind, target_id, ticket_id, event_type, payload, next_at, created_at)
    SELECT gen_random_uuid(), 'connector', c.id, ${t.id}::uuid, ${kind},
      ${JSON.stringify(reportPayload(e, kind))}::jsonb || jsonb_build_object('unit', (SELECT name_zh FROM units WHERE id = ${t.leadUnitId}::uuid)),
      ${e.at}, ${e.at}
    FROM partner_connectors c
    WHERE c.enabled AND c.channel = ${t.channel} AND c.endpoint_url IS NOT NULL AND ${kind} = ANY(c.report_events)
    ORDER BY c.created_at, c.id`);
}

/** A delivery outside any ticket event: the admin's "send test delivery". */
export async function enqueueTest(
  tx: Tx,
  targetKind: OutboxTargetKind,
  targetId: string,
  payload: Record<string, unknown>,
  now: Date,
): Promise<string> {
  const id = randomUUID();
  await tx.insert(outboxDeliveries).values({
    id,
    targetKind,
    targetId,
    ticketId: null,
    eventType: 'ping',
    payload,
    nextAt: now,
    createdAt: now,
  });
  return id;
}

/**
 * Claims up to `limit` due deliveries: pending rows whose time has come and rows whose claim (lease) has run out —
 * a process that died while sending — each only when no earlier delivery of the same ticket to the same target
 * is still pending or sending. The claim is committed before sending: `status = 'sending'`, `attempts + 1`, and
 * `next_at` = the lease's end.
 */
export async function claimDue(tx: Tx, now: Date, leaseEnd: Date, limit: number): Promise<DeliveryRow[]> {
  const rows = await queryRows<Record<string, unknown>>(
    tx,
    sql`UPDATE outbox_deliveries d SET status = 'sending', attempts = d.attempts + 1, next_at = ${leaseEnd}
        WHERE d.id IN (
          SELECT o.id FROM outbox_deliveries o
          WHERE o.status IN ('pending', 'sending') AND o.next_at <= ${now}
            AND NOT EXISTS (
              SELECT 1 FROM outbox_deliveries e
              WHERE e.target_id = o.target_id AND e.ticket_id = o.ticket_id AND e.seq < o.seq
                AND e.status IN ('pending', 'sending'))
          ORDER BY o.seq LIMIT ${limit}
          FOR UPDATE SKIP LOCKED)
        RETURNING d.*`,
  );
  return rows.map(toDelivery).sort((a, b) => a.seq - b.seq);
}

export interface AttemptResult {
  outcome: 'delivered' | 'failed' | 'dead';
  httpStatus: number | null;
  durationMs: number;
  error: string | null;
  /** When a failed delivery is due again. */
  nextAt?: Date;
}

/**
 * Records one attempt and its consequence — delivered, due again at `nextAt`, or dead-lettered — unless the claim
 * was lost meanwhile (its lease ran out and another process took the row: that process records its own attempt).
 */
export async function recordAttempt(tx: Tx, d: DeliveryRow, r: AttemptResult, now: Date): Promise<boolean> {
  const status: OutboxStatus =
    r.outcome === 'delivered' ? 'delivered' : r.outcome === 'dead' ? 'dead' : 'pending';
  const updated = await queryRows<{ id: string }>(
    tx,
    sql`UPDATE outbox_deliveries SET status = ${status}, next_at = ${r.nextAt ?? now},
          delivered_at = ${r.outcome === 'delivered' ? now : null},
          last_http_status = ${r.httpStatus}, last_error = ${r.error}
        WHERE id = ${d.id} AND status = 'sending' AND attempts = ${d.attempts}
        RETURNING id`,
  );
  await tx.execute(sql`
    INSERT INTO outbox_attempts (delivery_id, attempt, at, outcome, http_status, duration_ms, error)
    VALUES (${d.id}, ${d.attempts}, ${now}, ${r.outcome}, ${r.httpStatus}, ${r.durationMs}, ${r.error})`);
  return updated.length > 0;
}

export interface DeliveryFilter {
  status?: OutboxStatus | undefined;
  targetId?: string | undefined;
  ticketId?: string | undefined;
}

const where = (f: DeliveryFilter) => sql`WHERE TRUE
  ${f.status ? sql`AND d.status = ${f.status}` : sql``}
  ${f.targetId ? sql`AND d.target_id = ${f.targetId}` : sql``}
  ${f.ticketId ? sql`AND d.ticket_id = ${f.ticketId}` : sql``}`;

export type DeliveryListRow = DeliveryRow & { targetName: string };

export async function listDeliveries(
  db: Tx,
  f: DeliveryFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: DeliveryListRow[]; total: number }> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`SELECT d.*, coalesce(c.name, s.name, '') AS target_name FROM outbox_deliveries d
        LEFT JOIN partner_connectors c ON d.target_kind = 'connector' AND c.id = d.target_id
        LEFT JOIN webhook_subscriptions s ON d.target_kind = 'webhook' AND s.id = d.target_id
        ${where(f)} ORDER BY d.seq DESC LIMIT ${page.limit} OFFSET ${page.offset}`,
  );
  const [count] = await queryRows<{ n: number | string }>(
    db,
    sql`SELECT count(*) AS n FROM outbox_deliveries d ${where(f)}`,
  );
  return {
    rows: rows.map((r) => ({ ...toDelivery(r), targetName: String(r.target_name ?? '') })),
    total: Number(count?.n ?? 0),
  };
}

export async function findDelivery(db: Tx, id: string): Promise<DeliveryListRow | null> {
  const [r] = await queryRows<Record<string, unknown>>(
    db,
    sql`SELECT d.*, coalesce(c.name, s.name, '') AS target_name FROM outbox_deliveries d
        LEFT JOIN partner_connectors c ON d.target_kind = 'connector' AND c.id = d.target_id
        LEFT JOIN webhook_subscriptions s ON d.target_kind = 'webhook' AND s.id = d.target_id
        WHERE d.id = ${id}`,
  );
  return r ? { ...toDelivery(r), targetName: String(r.target_name ?? '') } : null;
}

export async function attemptsOf(db: Tx, id: string) {
  return queryRows<{
    attempt: number;
    at: Date | string;
    outcome: string;
    http_status: number | null;
    duration_ms: number;
    error: string | null;
  }>(
    db,
    sql`SELECT attempt, at, outcome, http_status, duration_ms, error FROM outbox_attempts
        WHERE delivery_id = ${id} ORDER BY id`,
  );
}

/** A dead letter back in the queue with a fresh budget of attempts — the same id, so the same Idempotency-Key. */
export async function replayDead(db: Tx, id: string, now: Date): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`UPDATE outbox_deliveries SET status = 'pending', attempts = 0, next_at = ${now}
        WHERE id = ${id} AND status = 'dead' RETURNING id`,
  );
  return rows.length > 0;
}

/** Counts by status (the admin page's summary and the tests' figures). */
export async function countByStatus(db: Tx): Promise<Record<OutboxStatus, number>> {
  const rows = await queryRows<{ status: OutboxStatus; n: number | string }>(
    db,
    sql`SELECT status, count(*) AS n FROM outbox_deliveries GROUP BY status`,
  );
  const out: Record<OutboxStatus, number> = { pending: 0, sending: 0, delivered: 0, dead: 0 };
  for (const r of rows) out[r.status] = Number(r.n);
  return out;
}

/** The `register` webhooks of a batch of registrations (ticket.service.ts), one query when nobody subscribes. */
export async function enqueueRegistrations(
  tx: Tx,
  registered: { ticket: TicketRow; at: Date; data: Record<string, unknown> }[],
): Promise<void> {
  if (registered.length === 0) return;
  const [any] = await queryRows<{ one: number }>(
    tx,
    sql`SELECT 1 AS one FROM webhook_subscriptions WHERE enabled AND 'register' = ANY(event_types) LIMIT 1`,
  );
  if (!any) return;
  for (const r of registered)
    await enqueueForEvent(tx, {
      ticket: r.ticket,
      type: 'register',
      at: r.at,
      fromStatus: null,
      data: r.data,
    });
}
