/**
 * Audit retention: records are kept at least 6 months; older ones may be moved into a verified
 * archive file, after which the chain in the database still verifies from its anchor, the file verifies on its
 * own, and the database still refuses any other change or deletion.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/client.js';
import { startTestApp, type TestApp } from '../test/harness.js';
import { archiveAudit, verifyArchiveFile } from './audit.archive.js';

let t: TestApp;
let outDir: string;
beforeAll(async () => {
  t = await startTestApp({ now: new Date('2026-01-05T09:00:00+08:00') });
  outDir = join(t.ctx.config.dataDir, 'audit-archive');
  // January and February: logins, each one audited.
  for (const u of ['operator', 'supervisor', 'leader']) await t.as(u);
  t.clock.set(new Date('2026-02-10T09:00:00+08:00'));
  for (const u of ['operator', 'revisitor']) await t.as(u);
  t.clock.set(new Date('2026-11-10T09:00:00+08:00'));
  await t.as('operator');
});
afterAll(() => t.close());

const count = async (where = sql`true`) =>
  (await queryRows<{ n: number }>(t.ctx.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE ${where}`))[0]
    ?.n;

describe('audit retention', () => {
  it('refuses to archive anything younger than six months', async () => {
    const before = await count();
    await expect(
      archiveAudit(t.ctx.db, { before: new Date('2026-06-01T00:00:00+08:00'), now: t.clock.now(), outDir }),
    ).rejects.toThrow(/至少保留 183 天/);
    expect(await count()).toBe(before);
  });

  it('moves January into a file; the database chain verifies from its anchor and the file on its own', async () => {
    const january = await count(sql`at < '2026-02-01T00:00:00+08:00'`);
    expect(january).toBeGreaterThanOrEqual(3);
    const result = await archiveAudit(t.ctx.db, {
      before: new Date('2026-02-01T00:00:00+08:00'),
      now: t.clock.now(),
      outDir,
    });
    expect(result.records).toBe(january);
    expect(await count(sql`at < '2026-02-01T00:00:00+08:00'`)).toBe(0);

    const auditor = await t.as('auditor');
    expect((await auditor.get('/api/v1/audit/verify')).json()).toMatchObject({ ok: true, brokenAt: null });
    const retention = (await auditor.get('/api/v1/audit/retention')).json() as {
      oldestAt: string;
      anchors: { throughId: number; records: number; fileSha256: string }[];
    };
    expect(retention.anchors).toEqual([
      expect.objectContaining({
        throughId: result.throughId,
        records: january,
        fileSha256: result.fileSha256,
      }),
    ]);
    expect(retention.oldestAt >= '2026-02-01').toBe(true);
    const archived = (await auditor.get('/api/v1/audit?action=audit.archive')).json() as { items: unknown[] };
    expect(archived.items).toHaveLength(1);

    const file = result.file as string;
    const checked = await verifyArchiveFile(file);
    expect(checked).toMatchObject({ ok: true, records: january, fileSha256: result.fileSha256 });

    // A second archive continues the chain where the first file ended.
    const second = await archiveAudit(t.ctx.db, {
      before: new Date('2026-03-01T00:00:00+08:00'),
      now: t.clock.now(),
      outDir,
    });
    expect(second.records).toBeGreaterThanOrEqual(2);
    expect(await verifyArchiveFile(second.file as string, checked.lastHash)).toMatchObject({ ok: true });
    expect((await auditor.get('/api/v1/audit/verify')).json()).toMatchObject({ ok: true });

    // An edited archive file no longer verifies.
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[1] = (lines[1] as string).replace('"success"', '"failure"');
    writeFileSync(file, lines.join('\n'));
    expect(await verifyArchiveFile(file)).toMatchObject({ ok: false });
  });

  it('the database still refuses to change or delete a record that is not archived', async () => {
    const [newest] = await queryRows<{ id: number }>(t.ctx.db, sql`SELECT max(id)::int AS id FROM audit_log`);
    const refusal = async (query: ReturnType<typeof sql>) => {
      try {
        await t.ctx.db.execute(query);
        return 'allowed';
      } catch (err) {
        const e = err as Error & { cause?: Error };
        return `${e.message} ${e.cause?.message ?? ''}`;
      }
    };
    expect(await refusal(sql`DELETE FROM audit_log WHERE id = ${newest?.id}`)).toMatch(/append-only/);
    expect(await refusal(sql`UPDATE audit_log SET outcome = 'x' WHERE id = ${newest?.id}`)).toMatch(
      /append-only/,
    );
    expect(await refusal(sql`DELETE FROM audit_anchors`)).toMatch(/append-only/);
  });
});
