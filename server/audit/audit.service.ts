/**
 * The audit log: who (user, role, unit), what, which ticket, when (with offset), from where,
 * outcome. Append-only (a trigger refuses UPDATE and DELETE) and tamper-evident: each record's hash is
 * SHA-256 over the previous record's hash and this record's canonical content, so changing, removing or
 * reordering any record breaks the chain at that point. Records never contain personal data.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { and, asc, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import { auditAnchors, auditLog } from '../db/schema.js';
import type { Db } from '../db/client.js';
import type { Tx } from '../tickets/ticket.repository.js';
import type { Viewer } from '../auth/viewer.js';

/** Serialises appends so the chain has one order (arbitrary constant). */
const AUDIT_CHAIN_LOCK = 7_312_023_020;
export const GENESIS_HASH = '0'.repeat(64);

/** Where the current request came from, set once per request by the HTTP layer. */
export const requestOrigin = new AsyncLocalStorage<{ ip: string }>();

export type AuditOutcome = 'success' | 'failure' | 'denied';

export interface AuditEntry {
  at: Date;
  actor: Pick<Viewer, 'userId' | 'username' | 'roles' | 'unitId'> | null;
  /** When no session exists yet (a failed login): the name that was tried. */
  actorUsername?: string;
  action: string;
  ticketId?: string | null;
  target?: string | null;
  outcome: AuditOutcome;
  details?: Record<string, unknown>;
}

interface Stored {
  at: Date;
  actorUserId: string | null;
  actorUsername: string | null;
  actorRole: string | null;
  actorUnitId: string | null;
  action: string;
  ticketId: string | null;
  target: string | null;
  ip: string | null;
  outcome: string;
  details: Record<string, unknown>;
}

/** The hashed content: fixed field order, instants as UTC ISO strings, details with sorted keys. */
export function recordHash(prevHash: string, r: Stored): string {
  const canonical = JSON.stringify([
    r.at.toISOString(),
    r.actorUserId,
    r.actorUsername,
    r.actorRole,
    r.actorUnitId,
    r.action,
    r.ticketId,
    r.target,
    r.ip,
    r.outcome,
    sortKeys(r.details),
  ]);
  return createHash('sha256').update(prevHash).update(canonical).digest('hex');
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    return Object.fromEntries(
      Object.keys(v as Record<string, unknown>)
        .sort()
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

/** A uuid as PostgreSQL stores it: trimmed, lower case. */
export function canonicalId(id: string | null | undefined): string | null {
  return id == null ? null : id.trim().toLowerCase();
}

/** Appends one record inside the caller's transaction, or in its own. */
export async function audit(db: Db | Tx, entry: AuditEntry): Promise<void> {
  const run = async (tx: Tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
    const [last] = await tx
      .select({ hash: auditLog.hash })
      .from(auditLog)
      .orderBy(desc(auditLog.id))
      .limit(1);
    // The uuid columns store lower case: hash what will be stored, or the chain breaks at this record.
    const stored: Stored = {
      at: entry.at,
      actorUserId: canonicalId(entry.actor?.userId),
      actorUsername: entry.actor?.username ?? entry.actorUsername ?? null,
      actorRole: entry.actor ? entry.actor.roles.join(',') : null,
      actorUnitId: canonicalId(entry.actor?.unitId),
      action: entry.action,
      ticketId: canonicalId(entry.ticketId),
      target: entry.target ?? null,
      ip: requestOrigin.getStore()?.ip ?? null,
      outcome: entry.outcome,
      // Round-trip through JSON so the hash covers exactly what jsonb will return.
      details: JSON.parse(JSON.stringify(entry.details ?? {})) as Record<string, unknown>,
    };
    const prevHash = last?.hash ?? GENESIS_HASH;
    await tx.insert(auditLog).values({ ...stored, prevHash, hash: recordHash(prevHash, stored) });
  };
  if ('transaction' in db) await (db as Db).transaction(run);
  else await run(db);
}

/** One record that does not fit the chain, and how. */
export interface BrokenRecord {
  id: number;
  /** 'content': the stored hash is not the hash of the record's content (the row was changed);
   * 'link': its prev_hash is not the previous record's hash (a record was removed, inserted or reordered). */
  differs: ('content' | 'link')[];
  storedHash: string;
  expectedHash: string;
  storedPrevHash: string;
  expectedPrevHash: string;
}

/** At most this many broken records are listed; `brokenCount` counts them all. */
export const BROKEN_LIST_MAX = 100;

/**
 * Walks the chain from its start in the database (the newest archive anchor, or the beginning) and reports
 * every record that does not fit (GB/T 22239 8.1.4.3 c): after a broken record the walk continues from that
 * record's stored hash, so one changed row is reported once and not as the breaking of everything after it.
 */
export async function verifyChain(db: Db): Promise<{
  ok: boolean;
  checked: number;
  brokenAt: number | null;
  brokenCount: number;
  broken: BrokenRecord[];
}> {
  const [anchor] = await db.select().from(auditAnchors).orderBy(desc(auditAnchors.throughId)).limit(1);
  let prev = anchor?.lastHash ?? GENESIS_HASH;
  let checked = 0;
  let after = anchor?.throughId ?? 0;
  let brokenCount = 0;
  const broken: BrokenRecord[] = [];
  for (;;) {
    const rows = await db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.id} > ${after}`)
      .orderBy(asc(auditLog.id))
      .limit(5000);
    if (rows.length === 0) {
      return { ok: brokenCount === 0, checked, brokenAt: broken[0]?.id ?? null, brokenCount, broken };
    }
    for (const r of rows) {
      // The content is hashed onto the record's own stored link, so a changed row and a broken link are
      // told apart: a removed record breaks only the link of the one after it.
      const expectedHash = recordHash(r.prevHash, r);
      const differs: BrokenRecord['differs'] = [];
      if (r.hash !== expectedHash) differs.push('content');
      if (r.prevHash !== prev) differs.push('link');
      if (differs.length) {
        brokenCount++;
        if (broken.length < BROKEN_LIST_MAX) {
          broken.push({
            id: r.id,
            differs,
            storedHash: r.hash,
            expectedHash,
            storedPrevHash: r.prevHash,
            expectedPrevHash: prev,
          });
        }
      }
      prev = r.hash;
      checked++;
      after = r.id;
    }
  }
}

export interface AuditQuery {
  action?: string;
  actorUserId?: string;
  ticketId?: string;
  from?: Date;
  to?: Date;
  page: number;
  pageSize: number;
}

export async function queryAudit(db: Db, q: AuditQuery) {
  const where: SQL[] = [];
  if (q.action) where.push(eq(auditLog.action, q.action));
  if (q.actorUserId) where.push(eq(auditLog.actorUserId, q.actorUserId));
  if (q.ticketId) where.push(eq(auditLog.ticketId, q.ticketId));
  if (q.from) where.push(gte(auditLog.at, q.from));
  if (q.to) where.push(lte(auditLog.at, q.to));
  const cond = where.length ? and(...where) : undefined;
  const [rows, total] = await Promise.all([
    db
      .select()
      .from(auditLog)
      .where(cond)
      .orderBy(desc(auditLog.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditLog)
      .where(cond),
  ]);
  return {
    items: rows.map((r) => ({ ...r, at: toShanghaiIso(r.at) })),
    total: total[0]?.n ?? 0,
  };
}

/** "When (with offset)": audit times are shown in Asia/Shanghai with their +08:00 offset. */
export function toShanghaiIso(d: Date): string {
  return new Date(d.getTime() + 8 * 3600e3).toISOString().replace('Z', '+08:00');
}
