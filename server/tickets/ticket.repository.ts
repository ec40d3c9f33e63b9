/**
 * SQL for tickets: loading with a row lock, saving a transition and its event in one transaction,
 * the unit links that drive visibility, and listing under a visibility scope.
 */
import {
  and,
  asc,
  count,
  desc,
  eq,
  getTableColumns,
  gte,
  inArray,
  isNotNull,
  or,
  sql,
  type SQL,
} from 'drizzle-orm';
import {
  dispatchSuggestions,
  ticketEvents,
  tickets,
  ticketUnits,
  units,
  users,
  type TicketRow,
} from '../db/schema.js';
import { queryRows, type Db } from '../db/client.js';
import { rowMapper } from '../db/rows.js';
import type { RequestType, TicketStatus, TicketUnitRole, Urgency } from '../../shared/enums.js';
import { unitSubtreeQuery, type TicketUnitLink } from './ticket.access.js';
import type { TicketEventType } from '../../shared/events.js';

/** Either the database or a transaction on it. */
export type Tx = Pick<Db, 'select' | 'insert' | 'update' | 'execute'>;

/**
 * Every column of a ticket but its search vector and similarity keys, which only the search and the duplicate
 * check read (in SQL): a ticket read to be shown, changed or listed carries null there instead.
 */
const { searchVector: _vector, similarityKeys: _keys, ...LIST_COLUMNS } = getTableColumns(tickets);
const listed = (r: Omit<TicketRow, 'searchVector' | 'similarityKeys'>): TicketRow => ({
  ...r,
  searchVector: null,
  similarityKeys: null,
});

export async function lockTicket(tx: Tx, id: string): Promise<TicketRow | undefined> {
  const [row] = await tx.select(LIST_COLUMNS).from(tickets).where(eq(tickets.id, id)).for('update');
  return row && listed(row);
}

/** A merged group as one of its tickets shows it (R2.2): its parent's code, and how many complainants it stands for. */
export interface GroupFacts {
  parentCode: string | null;
  complainantCount: number;
}

/**
 * `lockTicket`, with what an action on the ticket needs to know about it read in the same statement: its unit
 * links (as `linksOf`), its group facts and, for a unit user, their unit's subtree (ticket.access.ts
 * `unitSubtree`: their scope). While the row is locked the group cannot change: a merge and an unmerge lock the
 * parent too. A named prepared statement (one per shape), parsed and planned once per connection.
 */
export async function lockTicketForAction(
  tx: Tx,
  id: string,
  subtreeOf: string | null,
): Promise<{ row: TicketRow; links: TicketUnitLink[]; group: GroupFacts; subtree: string[] } | undefined> {
  const [found] = await tx
    .select({
      ...LIST_COLUMNS,
      subtree: subtreeOf
        ? sql<
            string[]
          >`(SELECT coalesce(array_agg(q.id::text), '{}') FROM (${unitSubtreeQuery(sql.placeholder('unit'))}) q)`
        : sql<string[]>`'{}'::text[]`,
      // Written out: drizzle leaves the table off a single table's columns, which inside these subqueries would
      // name the subquery's own row.
      links: sql<
        TicketUnitLink[]
      >`(SELECT coalesce(json_agg(json_build_object('unitId', tu.unit_id, 'role', tu.role,
        'active', tu.active) ORDER BY tu.attached_at), '[]') FROM ticket_units tu WHERE tu.ticket_id = tickets.id)`,
      children: sql<number>`(SELECT count(*)::int FROM tickets c WHERE c.parent_ticket_id = tickets.id)`,
      parentCode: sql<string | null>`(SELECT p.code FROM tickets p WHERE p.id = tickets.parent_ticket_id)`,
    })
    .from(tickets)
    .where(eq(tickets.id, sql.placeholder('id')))
    .for('update', { of: tickets })
    .prepare(subtreeOf ? 'jiesu_lock_ticket_for_unit_user' : 'jiesu_lock_ticket')
    .execute(subtreeOf ? { id, unit: subtreeOf } : { id });
  if (!found) return undefined;
  const { links, children, parentCode, subtree, ...row } = found;
  return {
    row: listed(row),
    links,
    subtree,
    group: { parentCode: row.parentTicketId ? parentCode : null, complainantCount: 1 + children },
  };
}

export async function findTicket(db: Tx, id: string): Promise<TicketRow | undefined> {
  const [row] = await db.select(LIST_COLUMNS).from(tickets).where(eq(tickets.id, id));
  return row && listed(row);
}

export async function findTicketByCode(db: Tx, code: string): Promise<TicketRow | undefined> {
  const [row] = await db.select().from(tickets).where(eq(tickets.code, code));
  return row;
}

/** The codes of these tickets, by id (people read and search by the code). */
export async function codesOf(db: Tx, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: tickets.id, code: tickets.code })
    .from(tickets)
    .where(inArray(tickets.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r.code]));
}

/** The ticket a channel already delivered under this reference (R2.2: the same submission twice is one ticket). */
export async function findByChannelRef(
  db: Tx,
  channel: string,
  channelRef: string | null,
): Promise<TicketRow | undefined> {
  const [row] = await db
    .select()
    .from(tickets)
    .where(sql`${tickets.channel} = ${channel} AND ${tickets.channelRef} = ${channelRef}`);
  return row;
}

/**
 * Writes a change to a locked ticket and steps its revision. Only the one write path (ticket.write.ts `saveChange`)
 * calls this: it appends the change's event and syncs the timers in the same transaction. `searchWords`, a
 * `tsvector` literal, is appended to the ticket's search vector in the same statement (as `addSearchWords` does).
 */
export async function updateTicket(
  tx: Tx,
  id: string,
  patch: Partial<TicketRow>,
  now: Date,
  searchWords?: string,
): Promise<TicketRow | undefined> {
  const [row] = await tx
    .update(tickets)
    .set({
      ...patch,
      updatedAt: now,
      rev: sql`${tickets.rev} + 1`,
      // A ticket not indexed yet (NULL) stays so: NULL || words is NULL, left for the re-index.
      ...(searchWords ? { searchVector: sql`${tickets.searchVector} || ${searchWords}::tsvector` } : {}),
    })
    .where(eq(tickets.id, id))
    .returning(LIST_COLUMNS);
  return row && listed(row);
}

/**
 * Appends words to a ticket's search vector (ADR 0010; the write path calls it for a change's replies and notes).
 * A ticket not indexed yet is left for the re-index, which reads its whole text.
 */
export async function addSearchWords(tx: Tx, id: string, vectorLiteral: string): Promise<void> {
  await tx.execute(
    sql`UPDATE tickets SET search_vector = search_vector || ${vectorLiteral}::tsvector WHERE id = ${id} AND search_vector IS NOT NULL`,
  );
}

/** What the re-index reads of a ticket: its texts, the free texts of its events, its sealed personal data. */
export interface SearchSource {
  id: string;
  title: string;
  content: string;
  locationDistrict: string | null;
  registeredAt: Date;
  eventData: Record<string, unknown>[];
  /** The newest event read: a vector is written only if no event came after it meanwhile. */
  lastEventId: number;
  complainantNameEnc: string;
  complainantPhoneEnc: string;
  complainantIdNumberEnc: string | null;
  complainantAddressEnc: string | null;
}

/** Not indexed yet: no search vector, or no similarity keys (rows registered before either column existed). */
const UNINDEXED = sql`(${tickets.searchVector} IS NULL OR ${tickets.similarityKeys} IS NULL)`;

/**
 * The next tickets after `afterId` (by id) for the re-index: those not indexed yet, or every one when `all`.
 * Keyset paging on the primary key, so each batch is an index range whatever the table's size.
 */
export async function searchSources(
  db: Tx,
  afterId: string | null,
  limit: number,
  all: boolean,
): Promise<SearchSource[]> {
  const rows = await db
    .select({
      id: tickets.id,
      title: tickets.title,
      content: tickets.content,
      locationDistrict: tickets.locationDistrict,
      registeredAt: tickets.registeredAt,
      complainantNameEnc: tickets.complainantNameEnc,
      complainantPhoneEnc: tickets.complainantPhoneEnc,
      complainantIdNumberEnc: tickets.complainantIdNumberEnc,
      complainantAddressEnc: tickets.complainantAddressEnc,
    })
    .from(tickets)
    .where(and(afterId ? sql`${tickets.id} > ${afterId}` : undefined, all ? undefined : UNINDEXED))
    .orderBy(asc(tickets.id))
    .limit(limit);
  if (rows.length === 0) return [];
  const events = await db
    .select({ id: ticketEvents.id, ticketId: ticketEvents.ticketId, data: ticketEvents.data })
    .from(ticketEvents)
    .where(
      inArray(
        ticketEvents.ticketId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(ticketEvents.id));
  const byTicket = new Map<string, { data: Record<string, unknown>[]; last: number }>();
  for (const e of events) {
    const t = byTicket.get(e.ticketId) ?? { data: [], last: 0 };
    t.data.push(e.data);
    t.last = e.id;
    byTicket.set(e.ticketId, t);
  }
  return rows.map((r) => ({
    ...r,
    eventData: byTicket.get(r.id)?.data ?? [],
    lastEventId: byTicket.get(r.id)?.last ?? 0,
  }));
}

/**
 * Writes the re-index's vectors and similarity keys, one statement per batch; a ticket that got an event after
 * it was read is skipped (its vector would miss that event's words) and counted, for the re-index to read it
 * again.
 */
export async function setSearchVectors(
  db: Tx,
  rows: readonly { id: string; vector: string; keys: readonly number[]; lastEventId: number }[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const written = await queryRows<{ id: string }>(
    db,
    sql`UPDATE tickets t SET search_vector = s.v::tsvector, similarity_keys = s.k::integer[]
    FROM unnest(${sql.param(rows.map((r) => r.id))}::uuid[], ${sql.param(rows.map((r) => r.vector))}::text[],
      ${sql.param(rows.map((r) => `{${r.keys.join(',')}}`))}::text[],
      ${sql.param(rows.map((r) => r.lastEventId))}::bigint[]) AS s(id, v, k, last)
    WHERE t.id = s.id AND NOT EXISTS (SELECT 1 FROM ticket_events e WHERE e.ticket_id = s.id AND e.id > s.last)
    RETURNING t.id`,
  );
  return rows.length - written.length;
}

/** How many tickets are not indexed yet (the re-index's progress). */
export async function unindexedCount(db: Tx): Promise<number> {
  const [row] = await db.select({ n: count() }).from(tickets).where(UNINDEXED);
  return row?.n ?? 0;
}

/**
 * Clears the similarity keys of up to `limit` tickets registered in [since, before) that still hold keys (ADR
 * 0010: keys older than the duplicate check's window are never looked up); answers how many were cleared. The
 * range is read on the registration-time index, so a run costs the tickets it clears.
 */
export async function clearSimilarityKeys(db: Tx, since: Date, before: Date, limit: number): Promise<number> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`UPDATE tickets SET similarity_keys = '{}' WHERE id IN (SELECT id FROM tickets
      WHERE registered_at >= ${since} AND registered_at < ${before} AND cardinality(similarity_keys) > 0
      LIMIT ${limit}) RETURNING id`,
  );
  return rows.length;
}

/** The tickets merged into this one that are not archived yet, locked for the caller's transaction. */
export async function lockChildren(tx: Tx, parentId: string): Promise<TicketRow[]> {
  const rows = await tx
    .select(LIST_COLUMNS)
    .from(tickets)
    .where(and(eq(tickets.parentTicketId, parentId), sql`${tickets.status} <> 'archived'`))
    .for('update');
  return rows.map(listed);
}

/** Open tickets whose deadlines were computed on a provisional (Mon–Fri) calendar. */
export async function provisionalTickets(
  db: Tx,
  statuses: readonly TicketStatus[],
): Promise<{ id: string; policyVersion: number }[]> {
  return db
    .select({ id: tickets.id, policyVersion: tickets.policyVersion })
    .from(tickets)
    .where(and(eq(tickets.provisionalCalendar, true), inArray(tickets.status, [...statuses])));
}

export interface DuplicateCandidateQuery {
  /** Same complainant phone (keyed hash) registered since then. */
  phone?: { hash: string; since: Date };
  /** Same district registered since then, sharing a similarity key with the text (`lookupKeys`). */
  district?: { code: string; since: Date; keys: readonly number[] };
  /** The ticket checked, left out. */
  excludeId?: string;
  limit: number;
}

/**
 * Recent tickets that may repeat one (R2.2), in one statement served by the indexes (ADR 0010): the newest of
 * the same phone (phone hash and time), and of the same district with similar text (the similarity keys' index:
 * only requests of the district and week sharing a key are read), the `limit` sharing the most keys. Each comes
 * with the words of its title and content as indexed, so that the caller compares texts without segmenting them
 * again.
 */
export async function duplicateCandidates(db: Tx, q: DuplicateCandidateQuery) {
  const parts: SQL[] = [];
  const cols = sql`id, code, title, status, registered_at, complainant_phone_hash, location_district,
    tsvector_to_array(ts_filter(coalesce(search_vector, ''::tsvector), '{a,b}')) AS words`;
  const notSelf = q.excludeId ? sql`AND id <> ${q.excludeId}` : sql``;
  if (q.phone)
    parts.push(sql`(SELECT ${cols} FROM tickets WHERE complainant_phone_hash = ${q.phone.hash}
      AND registered_at >= ${q.phone.since} ${notSelf} ORDER BY registered_at DESC LIMIT ${q.limit})`);
  if (q.district && q.district.keys.length > 0) {
    const keys = sql`${sql.param([...q.district.keys])}::integer[]`;
    parts.push(sql`(SELECT ${cols} FROM tickets WHERE similarity_keys && ${keys}
      AND location_district = ${q.district.code} AND registered_at >= ${q.district.since} ${notSelf}
      ORDER BY (SELECT count(*) FROM unnest(similarity_keys) k WHERE k = ANY(${keys})) DESC, registered_at DESC
      LIMIT ${q.limit})`);
  }
  if (parts.length === 0) return [];
  const rows = await queryRows<{
    id: string;
    code: string;
    title: string;
    status: TicketStatus;
    registered_at: string | Date;
    complainant_phone_hash: string;
    location_district: string | null;
    words: string[] | string;
  }>(db, sql`SELECT * FROM (${sql.join(parts, sql` UNION `)}) AS c ORDER BY registered_at DESC, code DESC`);
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    title: r.title,
    status: r.status,
    registeredAt: new Date(r.registered_at),
    phoneHash: r.complainant_phone_hash,
    district: r.location_district,
    words: typeof r.words === 'string' ? parsePgArray(r.words) : r.words,
  }));
}

/** A text[] as PostgreSQL writes it ({a,"b c"}), for drivers that hand arrays over as text. */
function parsePgArray(text: string): string[] {
  const out: string[] = [];
  const inner = text.slice(1, -1);
  let i = 0;
  while (i < inner.length) {
    if (inner[i] === '"') {
      let v = '';
      i++;
      while (i < inner.length && inner[i] !== '"') {
        if (inner[i] === '\\') i++;
        v += inner[i++];
      }
      out.push(v);
      i += 2;
    } else {
      const j = inner.indexOf(',', i);
      out.push(inner.slice(i, j < 0 ? inner.length : j));
      i = j < 0 ? inner.length : j + 1;
    }
  }
  return out;
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
    list.push({ unitId: r.unitId, role: r.role, active: r.active });
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
  idempotencyKey?: string | null;
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
    // An array column travels as its text literals ({1,2}): unnest would flatten an array of arrays.
    const type = col.getSQLType();
    return sql`${sql.param(values)}::${sql.raw(type.endsWith('[]') ? 'text' : type)}[]`;
  });
  const names = sql.raw(TICKET_COLUMNS.map(([, col]) => `"${col.name}"`).join(', '));
  const selected = sql.raw(
    TICKET_COLUMNS.map(([, col]) =>
      col.getSQLType().endsWith('[]') ? `"${col.name}"::${col.getSQLType()}` : `"${col.name}"`,
    ).join(', '),
  );
  const arr = <T>(f: (b: { values: NewTicket; event: RegisterEvent }) => T) => sql.param(batch.map(f));
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`WITH src AS (
        SELECT * FROM unnest(${sql.join(columnArrays, sql`, `)}, ${arr((b) => b.values.codePrefix)}::text[]) AS s(${names}, code_prefix)
      ),
      t AS (
        INSERT INTO tickets (${names}, code)
        SELECT ${selected}, code_prefix || lpad(nextval('ticket_code_seq')::text, 6, '0') FROM src
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

/**
 * Appends an event. `then`, another data-modifying statement that belongs with the event (the outbox's deliveries
 * it causes), is sent with it as one statement: `WITH appended AS (INSERT …) <then>`.
 */
export async function appendEvent(tx: Tx, e: EventInput, then?: SQL): Promise<void> {
  const insert = tx.insert(ticketEvents).values(e);
  if (then) await tx.execute(sql`WITH appended AS (${insert.getSQL()}) ${then}`);
  else await insert;
}

/** The event an earlier attempt with this Idempotency-Key wrote on the ticket, if any (who, which action). */
export async function eventByIdempotencyKey(
  tx: Tx,
  ticketId: string,
  key: string,
): Promise<{ actorUserId: string | null; action: TicketEventType } | null> {
  const [row] = await tx
    .select({ actorUserId: ticketEvents.actorUserId, action: ticketEvents.action })
    .from(ticketEvents)
    .where(and(eq(ticketEvents.ticketId, ticketId), eq(ticketEvents.idempotencyKey, key)));
  return row ?? null;
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
  categoryCode?: string;
  district?: string;
  /** Registered in [from, to). */
  registeredFrom?: Date;
  registeredTo?: Date;
  unitId?: string;
  q?: string;
  /** The search box's words as a `tsquery` literal (server/search/segment.ts `ticketQuery`), all required. */
  text?: string;
  /** Units whose name the search box holds: their tickets match too. */
  qUnits?: string[];
  /** A keyed hash of a phone number typed into the search box (only for viewers who may search by phone). */
  phoneHash?: string;
  /** Only tickets still being handled (the to-do lists; served by the open tickets' deadline index). */
  open?: boolean;
  overdueAt?: Date;
  notOverdueAt?: Date;
  /** Only tickets dispatched to one of these units (lead, assist, sub), or copied to this one. */
  handlingUnits?: string[];
  copiedTo?: string;
  /** The revisit queue: tickets (a merged group as its parent) with a complainant waiting for a call (R4.6). */
  awaitingRevisit?: boolean;
  sort: 'registeredAt' | 'dueAt';
  /** Order a search's first pages by relevance and recency rather than by `sort` (the list; not the export). */
  ranked?: boolean;
  /** Count exactly up to this many (Infinity: always); beyond, the total is the planner's estimate, `approx`. */
  countCap?: number;
  page: number;
  pageSize: number;
}

/** The ticket is urgent, or its suggestions on arrival said so (R3.1). */
const arrivedUrgent = sql`EXISTS (SELECT 1 FROM dispatch_suggestions ds WHERE ds.ticket_id = ${tickets.id} AND ds.source = 'arrival' AND ds.urgency = 'urgent')`;
const looksUrgent = sql`(${tickets.urgency} = 'urgent' OR ${arrivedUrgent})`;

/** Of these tickets, the ones whose suggestions on arrival said urgent. */
export async function arrivedUrgentAmong(db: Tx, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: dispatchSuggestions.ticketId })
    .from(dispatchSuggestions)
    .where(
      and(
        inArray(dispatchSuggestions.ticketId, [...ids]),
        eq(dispatchSuggestions.source, 'arrival'),
        eq(dispatchSuggestions.urgency, 'urgent'),
      ),
    );
  return new Set(rows.map((r) => r.id));
}

/**
 * A search ranks the newest matches, this many, by relevance and recency (ADR 0010): ranking every match of a
 * common word would read all of them; pages beyond the window continue in time order.
 */
export const RANK_WINDOW = 200;
/** Exact totals up to this many (a bounded read); beyond, the planner's estimate. */
export const COUNT_CAP = 2_000;
/** A search's words are checked row by row while counting: its exact count stops earlier. */
export const SEARCH_COUNT_CAP = 500;

/** The conditions of a list filter, or null when it can match nothing. */
function listConditions(f: Omit<ListFilter, 'page' | 'pageSize' | 'sort'>): SQL | undefined | null {
  const where: SQL[] = [];
  const scope = f.scope;
  // The inbox's handling units are within the scope: their condition implies the scope's (and one condition
  // rather than two lets the planner estimate the unit's share, ADR 0010).
  const impliedByHandling = scope !== 'all' && !!f.handlingUnits?.every((u) => scope.includes(u));
  if (scope !== 'all' && !impliedByHandling) {
    if (scope.length === 0) return null;
    where.push(
      sql`EXISTS (SELECT 1 FROM ticket_units tu WHERE tu.ticket_id = ${tickets.id} AND tu.active AND tu.unit_id IN ${f.scope})`,
    );
  }
  if (f.handlingUnits) {
    if (f.handlingUnits.length === 0) return null;
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
  // R2.2: a merged duplicate follows its parent and has no row of its own in any list; a search for its own code
  // (or its complainant's number) still finds it.
  const own: SQL[] = [sql`${tickets.parentTicketId} IS NULL`];
  if (f.q) own.push(eq(tickets.code, f.q));
  if (f.phoneHash) own.push(eq(tickets.complainantPhoneHash, f.phoneHash));
  where.push(sql`(${sql.join(own, sql` OR `)})`);
  if (f.awaitingRevisit)
    where.push(
      sql`(${tickets.status} = 'replied' OR EXISTS (SELECT 1 FROM tickets c WHERE c.parent_ticket_id = ${tickets.id} AND c.status = 'replied'))`,
    );
  if (f.urgency) where.push(eq(tickets.urgency, f.urgency));
  if (f.requestType) where.push(eq(tickets.requestType, f.requestType));
  if (f.categoryCode) where.push(eq(tickets.categoryCode, f.categoryCode));
  if (f.district) where.push(eq(tickets.locationDistrict, f.district));
  if (f.registeredFrom) where.push(gte(tickets.registeredAt, f.registeredFrom));
  if (f.registeredTo) where.push(sql`${tickets.registeredAt} < ${f.registeredTo}`);
  if (f.unitId) {
    where.push(
      sql`EXISTS (SELECT 1 FROM ticket_units tu2 WHERE tu2.ticket_id = ${tickets.id} AND tu2.active AND tu2.unit_id = ${f.unitId})`,
    );
  }
  if (f.q) {
    // One box (ADR 0010): a code, a phone (by its keyed hash), a unit's name, or words of the text.
    const ors: SQL[] = [eq(tickets.code, f.q)];
    if (f.text) ors.push(sql`${tickets.searchVector} @@ ${f.text}::tsquery`);
    if (f.phoneHash) ors.push(eq(tickets.complainantPhoneHash, f.phoneHash));
    if (f.qUnits?.length) ors.push(inArray(tickets.leadUnitId, f.qUnits));
    where.push(sql`(${sql.join(ors, sql` OR `)})`);
  }
  const open = sql`${tickets.status} NOT IN ('completed','replied','archived')`;
  if (f.open) where.push(open);
  if (f.overdueAt) where.push(sql`${open} AND ${tickets.completeDueAt} < ${f.overdueAt}`);
  if (f.notOverdueAt)
    where.push(
      sql`NOT (${open} AND ${tickets.completeDueAt} IS NOT NULL AND ${tickets.completeDueAt} < ${f.notOverdueAt})`,
    );
  return where.length ? and(...where) : undefined;
}

/**
 * The list's total (ADR 0010): when the planner expects fewer than `cap` matches, an exact count bounded by
 * `cap`; otherwise — or when the bounded count reaches `cap` — the planner's estimate, marked approximate so
 * that the page shows "约". A page never waits for a count that would read every match.
 */
async function countCapped(
  db: Tx,
  cond: SQL | undefined,
  cap: number,
): Promise<{ total: number; approx: boolean }> {
  const where = cond ? sql`WHERE ${cond}` : sql``;
  if (!Number.isFinite(cap)) {
    const [row] = await queryRows<{ n: number | string }>(
      db,
      sql`SELECT count(*) AS n FROM tickets ${where}`,
    );
    return { total: Number(row?.n ?? 0), approx: false };
  }
  const [plan] = await queryRows<Record<string, unknown>>(
    db,
    sql`EXPLAIN (FORMAT JSON) SELECT 1 FROM tickets ${where}`,
  );
  const raw = plan ? Object.values(plan)[0] : undefined;
  const parsed = (typeof raw === 'string' ? JSON.parse(raw) : raw) as
    [{ Plan: { 'Plan Rows': number } }] | undefined;
  const estimate = Math.round(parsed?.[0]?.Plan['Plan Rows'] ?? 0);
  if (estimate >= cap) return { total: estimate, approx: true };
  const [row] = await queryRows<{ n: number | string }>(
    db,
    sql`SELECT count(*) AS n FROM (SELECT 1 FROM tickets ${where} LIMIT ${cap}) capped`,
  );
  const n = Number(row?.n ?? 0);
  return n < cap ? { total: n, approx: false } : { total: Math.max(cap, estimate), approx: true };
}

export async function listTickets(
  db: Tx,
  f: ListFilter,
): Promise<{ rows: TicketRow[]; total: number; approx: boolean }> {
  const cond = listConditions(f);
  if (cond === null) return { rows: [], total: 0, approx: false };
  const base =
    f.sort === 'dueAt'
      ? [sql`${tickets.completeDueAt} ASC NULLS LAST`, desc(tickets.registeredAt), desc(tickets.code)]
      : [desc(tickets.registeredAt), desc(tickets.code)];
  // The queue awaiting dispatch starts with what is, or looks, urgent (R3.1): a request that arrived without
  // an operator and whose suggestions on arrival said urgent heads it.
  const order = f.status === 'registered' ? [sql`CASE WHEN ${looksUrgent} THEN 0 ELSE 1 END`, ...base] : base;
  const offset = (f.page - 1) * f.pageSize;
  const ranked = f.ranked && f.text && f.q && offset + f.pageSize <= RANK_WINDOW;
  const rowsQuery = ranked
    ? rankedPage(db, cond, f.text as string, f.q as string, offset, f.pageSize)
    : db
        .select(LIST_COLUMNS)
        .from(tickets)
        .where(cond)
        .orderBy(...order)
        .limit(f.pageSize)
        .offset(offset)
        .then((rows) => rows.map(listed));
  const [rows, count] = await Promise.all([
    rowsQuery,
    countCapped(db, cond, f.countCap ?? (f.text ? SEARCH_COUNT_CAP : COUNT_CAP)),
  ]);
  // A first page that is not full holds every match: its length is the exact total.
  if (offset === 0 && rows.length < f.pageSize) return { rows, total: rows.length, approx: false };
  return { rows, ...count };
}

/**
 * A search's page by relevance (ADR 0010): of the newest RANK_WINDOW matches, the ticket whose code is the query
 * first, then by `ts_rank` (a title word weighs most, then content, then replies and notes) times a recency
 * factor that halves over 30 days, then the newest.
 */
async function rankedPage(
  db: Tx,
  cond: SQL | undefined,
  text: string,
  q: string,
  offset: number,
  limit: number,
): Promise<TicketRow[]> {
  const recent = db
    .select({
      id: tickets.id,
      registeredAt: tickets.registeredAt,
      code: tickets.code,
      v: tickets.searchVector,
    })
    .from(tickets)
    .where(cond)
    .orderBy(desc(tickets.registeredAt))
    .limit(RANK_WINDOW)
    .as('recent');
  const newest = sql`max(${recent.registeredAt}) OVER ()`;
  const page = await db
    .select({ id: recent.id })
    .from(recent)
    .orderBy(
      sql`(${recent.code} = ${q}) DESC`,
      sql`ts_rank(coalesce(${recent.v}, ''::tsvector), ${text}::tsquery)
        / (1 + extract(epoch FROM (${newest} - ${recent.registeredAt})) / 2592000) DESC`,
      desc(recent.registeredAt),
      desc(recent.code),
    )
    .limit(limit)
    .offset(offset);
  if (page.length === 0) return [];
  const rows = await db
    .select(LIST_COLUMNS)
    .from(tickets)
    .where(
      inArray(
        tickets.id,
        page.map((p) => p.id),
      ),
    );
  const byId = new Map(rows.map((r) => [r.id, listed(r)]));
  return page.map((p) => byId.get(p.id)).filter((r): r is TicketRow => !!r);
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

/**
 * Codes of the open tickets (status other than archived) that hold each unit: an active ticket_units link of
 * any role (lead, assist, copy, sub) or the ticket's lead unit.
 */
export async function openTicketsHeld(tx: Tx, unitIds: readonly string[]): Promise<Map<string, string[]>> {
  const held = new Map<string, string[]>();
  if (unitIds.length === 0) return held;
  const rows = await queryRows<{ unit_id: string; code: string }>(
    tx,
    sql`
    SELECT DISTINCT x.unit_id, t.code FROM (
      SELECT ticket_id, unit_id FROM ticket_units WHERE active AND unit_id IN ${unitIds}
      UNION SELECT id, lead_unit_id FROM tickets WHERE lead_unit_id IN ${unitIds}
    ) x JOIN tickets t ON t.id = x.ticket_id
    WHERE t.status <> 'archived'
    ORDER BY t.code`,
  );
  for (const r of rows) held.set(r.unit_id, [...(held.get(r.unit_id) ?? []), r.code]);
  return held;
}

/** Tickets with a category or a lead unit, newest first: what the suggestion models learn from. */
export async function classifiedHistory(db: Tx, limit: number) {
  return db
    .select({
      title: tickets.title,
      content: tickets.content,
      categoryCode: tickets.categoryCode,
      leadUnitId: tickets.leadUnitId,
      status: tickets.status,
    })
    .from(tickets)
    .where(or(isNotNull(tickets.categoryCode), isNotNull(tickets.leadUnitId)))
    .orderBy(desc(tickets.registeredAt))
    .limit(limit);
}

/** For each ticket: its parent's code (a merged duplicate) and how many complainants it stands for (R2.2). */
export async function groupFacts(
  db: Tx,
  rows: readonly Pick<TicketRow, 'id' | 'parentTicketId'>[],
): Promise<Map<string, GroupFacts>> {
  const out = new Map<string, GroupFacts>();
  if (rows.length === 0) return out;
  const ids = rows.map((r) => r.id);
  const parentIds = [...new Set(rows.map((r) => r.parentTicketId).filter((p): p is string => !!p))];
  const [children, parents] = await Promise.all([
    db
      .select({ parentId: tickets.parentTicketId, n: count() })
      .from(tickets)
      .where(inArray(tickets.parentTicketId, ids))
      .groupBy(tickets.parentTicketId),
    parentIds.length
      ? db.select({ id: tickets.id, code: tickets.code }).from(tickets).where(inArray(tickets.id, parentIds))
      : Promise.resolve([]),
  ]);
  const childCount = new Map(children.map((c) => [c.parentId, c.n]));
  const codes = new Map(parents.map((p) => [p.id, p.code]));
  for (const r of rows)
    out.set(r.id, {
      parentCode: r.parentTicketId ? (codes.get(r.parentTicketId) ?? null) : null,
      complainantCount: 1 + (childCount.get(r.id) ?? 0),
    });
  return out;
}

/** A merged group: the parent, then its duplicates in the order they were registered. */
export async function groupOf(db: Tx, parentId: string): Promise<TicketRow[]> {
  return db
    .select()
    .from(tickets)
    .where(sql`${tickets.id} = ${parentId} OR ${tickets.parentTicketId} = ${parentId}`)
    .orderBy(sql`${tickets.parentTicketId} IS NOT NULL`, asc(tickets.registeredAt), asc(tickets.code));
}

/** Per lead unit and category: tickets completed since `since` (what the city has done lately, R4.2). */
export async function completedByUnitAndCategory(db: Tx, since: Date) {
  return db
    .select({ unitId: tickets.leadUnitId, code: tickets.categoryCode, n: sql<number>`count(*)::int` })
    .from(tickets)
    .where(
      and(gte(tickets.completedAt, since), isNotNull(tickets.leadUnitId), isNotNull(tickets.categoryCode)),
    )
    .groupBy(tickets.leadUnitId, tickets.categoryCode);
}

/** Per returning unit and category: returns the office upheld since `since` (the unit was the wrong one). */
export async function upheldReturnsByUnitAndCategory(db: Tx, since: Date) {
  return db
    .select({
      unitId: sql<string>`${ticketEvents.data}->>'fromUnitId'`,
      code: tickets.categoryCode,
      n: sql<number>`count(*)::int`,
    })
    .from(ticketEvents)
    .innerJoin(tickets, eq(tickets.id, ticketEvents.ticketId))
    .where(
      and(
        eq(ticketEvents.action, 'review-return'),
        gte(ticketEvents.at, since),
        sql`${ticketEvents.data}->>'accept' = 'true'`,
        isNotNull(tickets.categoryCode),
      ),
    )
    .groupBy(sql`${ticketEvents.data}->>'fromUnitId'`, tickets.categoryCode);
}

/** The ticket's newest event among `actions`, or undefined. */
export async function latestEventOf(
  db: Tx,
  ticketId: string,
  actions: readonly (typeof ticketEvents.$inferSelect)['action'][],
) {
  const [row] = await db
    .select({ data: ticketEvents.data, action: ticketEvents.action })
    .from(ticketEvents)
    .where(and(eq(ticketEvents.ticketId, ticketId), inArray(ticketEvents.action, [...actions])))
    .orderBy(desc(ticketEvents.id))
    .limit(1);
  return row;
}

/**
 * The categories consultations (咨询) were registered under most often since `from` that have no published
 * knowledge article.
 */
export async function consultationsWithoutArticle(db: Tx, from: Date, limit: number) {
  return queryRows<{ code: string; n: number }>(
    db,
    sql`SELECT t.category_code AS code, count(*)::int AS n FROM tickets t
        WHERE t.request_type = 'consultation' AND t.category_code IS NOT NULL AND t.registered_at >= ${from.toISOString()}
          AND NOT EXISTS (SELECT 1 FROM knowledge_articles k WHERE k.status = 'published' AND t.category_code = ANY(k.category_codes))
        GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${limit}`,
  );
}

/** Tickets registered from this phone-system call (screen pop), oldest first. */
export async function ticketsOfCall(db: Tx, callId: string): Promise<TicketRow[]> {
  return db.select().from(tickets).where(eq(tickets.callId, callId)).orderBy(asc(tickets.registeredAt));
}

/** A caller's requests since `since`, newest first, by the keyed phone hash (R9.1: no decryption to look up). */
export async function recentByPhoneHash(db: Tx, phoneHash: string, since: Date, limit: number) {
  return db
    .select({
      id: tickets.id,
      code: tickets.code,
      title: tickets.title,
      status: tickets.status,
      urgency: tickets.urgency,
      categoryCode: tickets.categoryCode,
      registeredAt: tickets.registeredAt,
    })
    .from(tickets)
    .where(and(eq(tickets.complainantPhoneHash, phoneHash), gte(tickets.registeredAt, since)))
    .orderBy(desc(tickets.registeredAt))
    .limit(limit);
}

/** What Open311's GET requests filters on: one channel, optionally codes, categories, statuses and a date range. */
export interface ChannelListFilter {
  channel: string;
  codes?: readonly string[];
  categoryCode?: string;
  statuses?: readonly TicketStatus[];
  from?: Date;
  to?: Date;
  limit: number;
}

/** A channel's tickets with their lead unit's name, newest first. */
export async function channelTickets(db: Tx, f: ChannelListFilter) {
  const where: SQL[] = [eq(tickets.channel, f.channel)];
  if (f.codes) where.push(inArray(tickets.code, [...f.codes]));
  if (f.categoryCode) where.push(eq(tickets.categoryCode, f.categoryCode));
  if (f.statuses) where.push(inArray(tickets.status, [...f.statuses]));
  if (f.from) where.push(gte(tickets.registeredAt, f.from));
  if (f.to) where.push(sql`${tickets.registeredAt} <= ${f.to}`);
  return db
    .select({ ticket: tickets, leadUnitName: units.nameZh })
    .from(tickets)
    .leftJoin(units, eq(units.id, tickets.leadUnitId))
    .where(and(...where))
    .orderBy(desc(tickets.registeredAt))
    .limit(f.limit);
}
