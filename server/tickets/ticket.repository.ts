/**
 * SQL for tickets: loading with a row lock, saving a transition and its event in one transaction,
 * the unit links that drive visibility, and listing under a visibility scope.
 */
import { and, asc, count, desc, eq, getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import { ticketEvents, tickets, ticketUnits, units, users, type TicketRow } from '../db/schema.js';
import { queryRows, type Db } from '../db/client.js';
import { rowMapper } from '../db/rows.js';
import type { RequestType, TicketStatus, TicketUnitRole, Urgency } from '../../shared/enums.js';
import type { TicketUnitLink } from './ticket.access.js';
import type { TicketEventType } from '../../shared/events.js';

/** Either the database or a transaction on it. */
export type Tx = Pick<Db, 'select' | 'insert' | 'update' | 'execute'>;

export async function lockTicket(tx: Tx, id: string): Promise<TicketRow | undefined> {
  const [row] = await tx.select().from(tickets).where(eq(tickets.id, id)).for('update');
  return row;
}

export async function findTicket(db: Tx, id: string): Promise<TicketRow | undefined> {
  const [row] = await db.select().from(tickets).where(eq(tickets.id, id));
  return row;
}

export async function linksOf(db: Tx, ticketIds: readonly string[]): Promise<Map<string, TicketUnitLink[]>> {
  const out = new Map<string, TicketUnitLink[]>();
  if (ticketIds.length === 0) return out;
  const rows = await db
    .select({
      ticketId: ticketUnits.ticketId,
      unitId: ticketUnits.unitId,
      role: ticketUnits.role,
      active: ticketUnits.active,
    })
    .from(ticketUnits)
    .where(inArray(ticketUnits.ticketId, [...ticketIds]))
    .orderBy(asc(ticketUnits.attachedAt));
  for (const r of rows) {
    const list = out.get(r.ticketId) ?? [];
    list.push({ unitId: r.unitId, role: r.role as TicketUnitRole, active: r.active });
    out.set(r.ticketId, list);
  }
  return out;
}

export interface EventInput {
  ticketId: string;
  at: Date;
  actorUserId: string | null;
  actorRole: string | null;
  actorUnitId: string | null;
  /** Only the known vocabulary (shared/events.ts), so the timeline can name every event. */
  action: TicketEventType;
  fromStatus: TicketStatus | null;
  toStatus: TicketStatus | null;
  data: Record<string, unknown>;
}

const toTicket = rowMapper(tickets);

export type NewTicket = Omit<typeof tickets.$inferInsert, 'code' | 'id'> & { id: string; codePrefix: string };
export type RegisterEvent = Omit<EventInput, 'ticketId' | 'fromStatus' | 'toStatus' | 'action'>;

/** Every ticket column but `code` (numbered by the sequence), with its SQL type, for array-shaped inserts. */
const TICKET_COLUMNS = Object.entries(getTableColumns(tickets)).filter(([key]) => key !== 'code');

/**
 * Registers tickets and their first events in one statement (one round trip, one commit). Rows travel as one
 * array per column (`unnest`), so the statement text and its parameter count do not depend on the batch size
 * and PostgreSQL parses and plans it cheaply. A ticket whose channel reference already exists (R2.2) is
 * skipped and answers undefined.
 */
export async function insertTicketsWithEvents(
  db: Tx,
  batch: { values: NewTicket; event: RegisterEvent }[],
): Promise<(TicketRow | undefined)[]> {
  const columnArrays = TICKET_COLUMNS.map(([key, col]) => {
    const values = batch.map((b) => {
      const v = (b.values as Record<string, unknown>)[key];
      return v === undefined ? defaultFor(key) : v === null ? null : col.mapToDriverValue(v);
    });
    return sql`${sql.param(values)}::${sql.raw(col.getSQLType())}[]`;
  });
  const names = sql.raw(TICKET_COLUMNS.map(([, col]) => `"${col.name}"`).join(', '));
  const arr = <T>(f: (b: { values: NewTicket; event: RegisterEvent }) => T) => sql.param(batch.map(f));
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`WITH src AS (
        SELECT * FROM unnest(${sql.join(columnArrays, sql`, `)}, ${arr((b) => b.values.codePrefix)}::text[]) AS s(${names}, code_prefix)
      ),
      t AS (
        INSERT INTO tickets (${names}, code)
        SELECT ${names}, code_prefix || lpad(nextval('ticket_code_seq')::text, 6, '0') FROM src
        ON CONFLICT (channel, channel_ref) DO NOTHING
        RETURNING *
      ),
      a AS (
        SELECT * FROM unnest(${arr((b) => b.values.id)}::uuid[], ${arr((b) => b.event.at.toISOString())}::timestamptz[],
          ${arr((b) => b.event.actorUserId)}::uuid[], ${arr((b) => b.event.actorRole)}::text[],
          ${arr((b) => b.event.actorUnitId)}::uuid[], ${arr((b) => JSON.stringify(b.event.data))}::jsonb[])
          AS a(id, at, actor, role, unit, data)
      ),
      e AS (
        INSERT INTO ticket_events (ticket_id, at, actor_user_id, actor_role, actor_unit_id, action, from_status, to_status, data)
        SELECT t.id, a.at, a.actor, a.role, a.unit, 'register', NULL, 'registered', a.data FROM t JOIN a ON a.id = t.id
      )
      SELECT * FROM t`,
  );
  const byId = new Map(rows.map((r) => [r.id as string, toTicket(r)]));
  return batch.map((b) => byId.get(b.values.id));
}

/** Column defaults of the schema for values a registration leaves out. */
function defaultFor(key: string): unknown {
  switch (key) {
    case 'provisionalCalendar':
      return false;
    case 'returnCount':
    case 'revisitAttempts':
    case 'rev':
      return 0;
    default:
      return null;
  }
}

export async function appendEvent(tx: Tx, e: EventInput): Promise<void> {
  await tx.insert(ticketEvents).values(e);
}

export async function attachUnit(
  tx: Tx,
  ticketId: string,
  unitId: string,
  role: TicketUnitRole,
  at: Date,
): Promise<void> {
  await tx
    .insert(ticketUnits)
    .values({ ticketId, unitId, role, attachedAt: at, active: true })
    .onConflictDoUpdate({
      target: [ticketUnits.ticketId, ticketUnits.unitId, ticketUnits.role],
      set: { active: true, attachedAt: at },
    });
}

/** Detach every active link of these roles (e.g. the old lead unit and its superior's copy after a re-dispatch). */
export async function detachUnits(tx: Tx, ticketId: string, roles: TicketUnitRole[]): Promise<void> {
  await tx
    .update(ticketUnits)
    .set({ active: false })
    .where(and(eq(ticketUnits.ticketId, ticketId), inArray(ticketUnits.role, roles)));
}

export async function unitById(db: Tx, id: string) {
  const [u] = await db.select().from(units).where(eq(units.id, id));
  return u;
}

export interface ListFilter {
  scope: 'all' | string[];
  status?: TicketStatus;
  urgency?: Urgency;
  requestType?: RequestType;
  unitId?: string;
  q?: string;
  /** A keyed hash of a phone number typed into the search box (only for viewers who may search by phone). */
  phoneHash?: string;
  overdueAt?: Date;
  notOverdueAt?: Date;
  /** Only tickets dispatched to one of these units (lead, assist, sub), or copied to this one. */
  handlingUnits?: string[];
  copiedTo?: string;
  sort: 'registeredAt' | 'dueAt';
  page: number;
  pageSize: number;
}

export async function listTickets(db: Tx, f: ListFilter): Promise<{ rows: TicketRow[]; total: number }> {
  const where: SQL[] = [];
  if (f.scope !== 'all') {
    if (f.scope.length === 0) return { rows: [], total: 0 };
    where.push(
      sql`EXISTS (SELECT 1 FROM ticket_units tu WHERE tu.ticket_id = ${tickets.id} AND tu.active AND tu.unit_id IN ${f.scope})`,
    );
  }
  if (f.handlingUnits) {
    if (f.handlingUnits.length === 0) return { rows: [], total: 0 };
    where.push(
      sql`EXISTS (SELECT 1 FROM ticket_units tu3 WHERE tu3.ticket_id = ${tickets.id} AND tu3.active AND tu3.role IN ('lead','assist','sub') AND tu3.unit_id IN ${f.handlingUnits})`,
    );
  }
  if (f.copiedTo) {
    where.push(
      sql`EXISTS (SELECT 1 FROM ticket_units tu4 WHERE tu4.ticket_id = ${tickets.id} AND tu4.active AND tu4.role = 'copy' AND tu4.unit_id = ${f.copiedTo})`,
    );
  }
  if (f.status) where.push(eq(tickets.status, f.status));
  if (f.urgency) where.push(eq(tickets.urgency, f.urgency));
  if (f.requestType) where.push(eq(tickets.requestType, f.requestType));
  if (f.unitId) {
    where.push(
      sql`EXISTS (SELECT 1 FROM ticket_units tu2 WHERE tu2.ticket_id = ${tickets.id} AND tu2.active AND tu2.unit_id = ${f.unitId})`,
    );
  }
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const ors: SQL[] = [
      eq(tickets.code, f.q),
      sql`${tickets.title} ILIKE ${like}`,
      sql`${tickets.content} ILIKE ${like}`,
    ];
    if (f.phoneHash) ors.push(eq(tickets.complainantPhoneHash, f.phoneHash));
    where.push(sql`(${sql.join(ors, sql` OR `)})`);
  }
  const open = sql`${tickets.status} NOT IN ('completed','replied','archived')`;
  if (f.overdueAt) where.push(sql`${open} AND ${tickets.completeDueAt} < ${f.overdueAt}`);
  if (f.notOverdueAt)
    where.push(
      sql`NOT (${open} AND ${tickets.completeDueAt} IS NOT NULL AND ${tickets.completeDueAt} < ${f.notOverdueAt})`,
    );
  const cond = where.length ? and(...where) : undefined;
  const order =
    f.sort === 'dueAt'
      ? [sql`${tickets.completeDueAt} ASC NULLS LAST`, desc(tickets.registeredAt), desc(tickets.code)]
      : [desc(tickets.registeredAt), desc(tickets.code)];
  const [rows, totals] = await Promise.all([
    db
      .select()
      .from(tickets)
      .where(cond)
      .orderBy(...order)
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    db.select({ n: count() }).from(tickets).where(cond),
  ]);
  return { rows, total: totals[0]?.n ?? 0 };
}

export async function eventsOf(db: Tx, ticketId: string) {
  return db
    .select({
      id: ticketEvents.id,
      at: ticketEvents.at,
      action: ticketEvents.action,
      fromStatus: ticketEvents.fromStatus,
      toStatus: ticketEvents.toStatus,
      actorUserId: ticketEvents.actorUserId,
      actorName: users.displayName,
      actorRole: ticketEvents.actorRole,
      actorUnitId: ticketEvents.actorUnitId,
      data: ticketEvents.data,
    })
    .from(ticketEvents)
    .leftJoin(users, eq(users.id, ticketEvents.actorUserId))
    .where(eq(ticketEvents.ticketId, ticketId))
    .orderBy(asc(ticketEvents.id));
}
