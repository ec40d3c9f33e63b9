/**
 * SQL for coordination cases (协调落实, R5.1): drafted by hand or opened automatically after a second return,
 * listed newest first, decided once.
 */
import { and, asc, count, desc, eq, inArray } from 'drizzle-orm';
import { coordinationCases, ticketEvents, tickets, units } from '../db/schema.js';
import type { Tx } from '../tickets/ticket.repository.js';
import type { CoordinationStatus } from '../../shared/schemas/coordination.js';

export type CoordinationRow = typeof coordinationCases.$inferSelect;
export type NewCoordinationCase = typeof coordinationCases.$inferInsert;

export async function insertCase(tx: Tx, values: NewCoordinationCase): Promise<CoordinationRow | undefined> {
  const [row] = await tx.insert(coordinationCases).values(values).returning();
  return row;
}

export async function findCase(db: Tx, id: string): Promise<CoordinationRow | undefined> {
  const [row] = await db.select().from(coordinationCases).where(eq(coordinationCases.id, id));
  return row;
}

/** Whether the ticket has a case still waiting for a decision. */
export async function hasOpenCase(tx: Tx, ticketId: string): Promise<boolean> {
  const [open] = await tx
    .select({ id: coordinationCases.id })
    .from(coordinationCases)
    .where(and(eq(coordinationCases.ticketId, ticketId), eq(coordinationCases.status, 'open')));
  return open !== undefined;
}

/** One page of cases with their ticket's code and title, newest first, and the total. */
export async function listCases(db: Tx, q: { status?: CoordinationStatus; page: number; pageSize: number }) {
  const where = q.status ? eq(coordinationCases.status, q.status) : undefined;
  const [rows, [total]] = await Promise.all([
    db
      .select({ c: coordinationCases, code: tickets.code, title: tickets.title })
      .from(coordinationCases)
      .innerJoin(tickets, eq(tickets.id, coordinationCases.ticketId))
      .where(where)
      .orderBy(desc(coordinationCases.draftedAt), desc(coordinationCases.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(coordinationCases).where(where),
  ]);
  return { rows, total: Number(total?.n ?? 0) };
}

/** Records the leader's decision on an open case; answers false when the case was already decided. */
export async function markDecided(
  tx: Tx,
  id: string,
  by: string,
  at: Date,
  decision: NonNullable<CoordinationRow['decision']>,
): Promise<boolean> {
  const updated = await tx
    .update(coordinationCases)
    .set({ status: 'decided', decidedBy: by, decidedAt: at, decision })
    .where(and(eq(coordinationCases.id, id), eq(coordinationCases.status, 'open')))
    .returning({ id: coordinationCases.id });
  return updated.length > 0;
}

/** The ticket's returns (R4.2.3), oldest first, with the name of the unit that returned it. */
export async function returnsOf(tx: Tx, ticketId: string) {
  const returns = await tx
    .select({ data: ticketEvents.data, at: ticketEvents.at })
    .from(ticketEvents)
    .where(and(eq(ticketEvents.ticketId, ticketId), eq(ticketEvents.action, 'return')))
    .orderBy(asc(ticketEvents.id));
  const unitIds = returns.map((r) => String(r.data.unitId ?? '')).filter(Boolean);
  const names = new Map(
    (unitIds.length
      ? await tx.select({ id: units.id, name: units.nameZh }).from(units).where(inArray(units.id, unitIds))
      : []
    ).map((u) => [u.id, u.name]),
  );
  return returns.map((r) => ({
    ...r,
    unitName: names.get(String(r.data.unitId)),
  }));
}
