/**
 * Audit retention tooling, for operators:
 *   npm run audit:archive -- --before 2026-05-01 [--out DIR] [--retention-days 365]
 *       moves records older than the date (and older than the retention period, at least 6 months) into a
 *       verified JSON Lines file under DIR (default DATA_DIR/audit-archive) and anchors the chain;
 *   npm run audit:archive -- --verify FILE [FILE …]
 *       verifies archive files on their own and as one chain, in the order given, and prints their SHA-256
 *       to compare with the anchors (GET /api/v1/audit/retention).
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { AdjustableClock, systemClock } from '../clock.js';
import { archiveAudit, verifyArchiveFile } from './audit.archive.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    before: { type: 'string' },
    out: { type: 'string' },
    'retention-days': { type: 'string' },
    verify: { type: 'boolean' },
  },
});

if (values.verify) {
  let prev: string | undefined;
  let failed = false;
  for (const file of positionals) {
    const r = await verifyArchiveFile(file, prev);
    console.log(
      `${r.ok ? '完好' : `断开于第 ${r.brokenAt} 条`}  ${r.records} 条  sha256 ${r.fileSha256}  ${file}`,
    );
    failed ||= !r.ok;
    prev = r.lastHash;
  }
  process.exit(failed || positionals.length === 0 ? 1 : 0);
}

if (!values.before || Number.isNaN(new Date(`${values.before}T00:00:00+08:00`).getTime())) {
  console.error('用法：npm run audit:archive -- --before YYYY-MM-DD [--out 目录] [--retention-days 天数]');
  process.exit(2);
}
const config = loadConfig();
const clock = config.fakeTime ? new AdjustableClock(config.fakeTime) : systemClock;
const { createContext } = await import('../bootstrap.js');
const { ctx, database } = await createContext(config, clock);
try {
  const result = await archiveAudit(ctx.db, {
    before: new Date(`${values.before}T00:00:00+08:00`),
    now: clock.now(),
    outDir: values.out ?? join(config.dataDir, 'audit-archive'),
    retentionDays: values['retention-days'] ? Number(values['retention-days']) : undefined,
  });
  console.log(
    result.records === 0
      ? '没有可归档的记录。'
      : `已归档 ${result.records} 条（至第 ${result.throughId} 条）→ ${result.file}\nsha256 ${result.fileSha256}`,
  );
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
} finally {
  await database.close();
}
