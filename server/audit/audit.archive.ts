/**
 * Audit retention (Cybersecurity Law Art. 21: logs kept at least 6 months). Records are never
 * changed; records older than the retention period may be moved out of the database into an archive file:
 *   1. the chain up to the cut is verified (a broken chain is never archived — it is evidence);
 *   2. the records go to a JSON Lines file, written and flushed, with its SHA-256;
 *   3. in one transaction an anchor (last archived id and hash, record count, file hash) is written, the records
 *      are deleted — the database trigger allows DELETE only of records an anchor covers — and the archiving
 *      itself is audited.
 * Verification then starts from the newest anchor, and an archive file verifies on its own (verifyArchiveFile),
 * so the whole history stays provable: file 1 → file 2 → … → the database.
 */
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { and, asc, desc, gt, lt, lte, sql } from 'drizzle-orm';
import { auditAnchors, auditLog } from '../db/schema.js';
import type { Db } from '../db/client.js';
import { AppError } from '../errors.js';
import { audit, GENESIS_HASH, recordHash } from './audit.service.js';

/** At least 6 months (Cybersecurity Law Art. 21), counted generously. */
export const MIN_RETENTION_DAYS = 183;

export interface ArchiveResult {
  records: number;
  throughId: number | null;
  file: string | null;
  fileSha256: string | null;
}

/** Where the chain in the database starts: the newest anchor, or the beginning. */
export async function chainStart(db: Db): Promise<{ afterId: number; prevHash: string }> {
  const [anchor] = await db.select().from(auditAnchors).orderBy(desc(auditAnchors.throughId)).limit(1);
  return anchor
    ? { afterId: anchor.throughId, prevHash: anchor.lastHash }
    : { afterId: 0, prevHash: GENESIS_HASH };
}

export async function archiveAudit(
  db: Db,
  options: { before: Date; now: Date; outDir: string; retentionDays?: number },
): Promise<ArchiveResult> {
  const retentionDays = Math.max(MIN_RETENTION_DAYS, options.retentionDays ?? MIN_RETENTION_DAYS);
  const oldestAllowedCut = new Date(options.now.getTime() - retentionDays * 86_400_000);
  if (options.before.getTime() > oldestAllowedCut.getTime()) {
    throw new AppError(
      'REQUEST.INVALID',
      `审计记录至少保留 ${retentionDays} 天（《网络安全法》第二十一条：不少于六个月），只能归档 ${oldestAllowedCut.toISOString().slice(0, 10)} 之前的记录。`,
      { fields: [{ field: 'before', message: '晚于最短保留期' }] },
    );
  }
  const start = await chainStart(db);
  const [last] = await db
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(and(gt(auditLog.id, start.afterId), lt(auditLog.at, options.before)))
    .orderBy(desc(auditLog.id))
    .limit(1);
  if (!last) return { records: 0, throughId: null, file: null, fileSha256: null };

  // 1. verify and 2. write the file, page by page.
  await mkdir(options.outDir, { recursive: true });
  const name = `audit-${start.afterId + 1}-${last.id}.jsonl`;
  const tmp = join(options.outDir, `.${name}.tmp`);
  const fh = await open(tmp, 'w', 0o600);
  const digest = createHash('sha256');
  let prev = start.prevHash;
  let records = 0;
  let after = start.afterId;
  try {
    for (;;) {
      const rows = await db
        .select()
        .from(auditLog)
        .where(and(gt(auditLog.id, after), lte(auditLog.id, last.id)))
        .orderBy(asc(auditLog.id))
        .limit(5000);
      if (rows.length === 0) break;
      let chunk = '';
      for (const r of rows) {
        if (r.prevHash !== prev || r.hash !== recordHash(prev, r)) {
          throw new AppError(
            'REQUEST.INVALID',
            `审计日志哈希链在第 ${r.id} 条记录处断开：链不完整时不归档，请先调查。`,
          );
        }
        prev = r.hash;
        after = r.id;
        records++;
        chunk += `${JSON.stringify({ ...r, at: r.at.toISOString() })}\n`;
      }
      digest.update(chunk);
      await fh.write(chunk);
    }
    await fh.sync();
  } finally {
    await fh.close();
  }
  const file = join(options.outDir, name);
  await rename(tmp, file);
  const fileSha256 = digest.digest('hex');

  // 3. anchor, delete, audit — together.
  await db.transaction(async (tx) => {
    await tx.insert(auditAnchors).values({
      throughId: last.id,
      lastHash: prev,
      records,
      fileSha256,
      archivedAt: options.now,
    });
    await tx.delete(auditLog).where(lte(auditLog.id, last.id));
    await audit(tx, {
      at: options.now,
      actor: null,
      actorUsername: 'audit:archive',
      action: 'audit.archive',
      outcome: 'success',
      details: { throughId: last.id, records, fileSha256, file: name },
    });
  });
  return { records, throughId: last.id, file, fileSha256 };
}

/**
 * Verifies an archive file on its own: its hash chain, and (when given) that it starts where the previous file
 * ended. Answers the file's SHA-256 to compare with the anchor and the last hash to chain the next file.
 */
export async function verifyArchiveFile(
  path: string,
  startHash?: string,
): Promise<{ ok: boolean; records: number; brokenAt: number | null; lastHash: string; fileSha256: string }> {
  const content = await readFile(path);
  const fileSha256 = createHash('sha256').update(content).digest('hex');
  let prev: string | null = startHash ?? null;
  let records = 0;
  for (const line of content.toString('utf8').split('\n')) {
    if (!line) continue;
    const r = JSON.parse(line) as Parameters<typeof recordHash>[1] & {
      id: number;
      prevHash: string;
      hash: string;
    };
    const stored = { ...r, at: new Date(r.at as unknown as string) };
    prev ??= r.prevHash;
    if (r.prevHash !== prev || r.hash !== recordHash(prev, stored)) {
      return { ok: false, records, brokenAt: r.id, lastHash: prev, fileSha256 };
    }
    prev = r.hash;
    records++;
  }
  return { ok: true, records, brokenAt: null, lastHash: prev ?? GENESIS_HASH, fileSha256 };
}

/** How much is kept: for the auditor's retention check. */
export async function retentionStatus(db: Db) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int`, oldest: sql<Date | null>`min(${auditLog.at})` })
    .from(auditLog);
  const anchors = await db.select().from(auditAnchors).orderBy(asc(auditAnchors.throughId));
  return {
    records: row?.n ?? 0,
    oldestAt: row?.oldest ? new Date(row.oldest).toISOString() : null,
    anchors: anchors.map((a) => ({ ...a, archivedAt: a.archivedAt.toISOString() })),
  };
}
