/**
 * The durable default keeps what it acknowledged (ADR 0005; R2.2 — a registered request must not be lost): under
 * `strace -f`, every registration answered by the real server on the embedded PostgreSQL cluster was preceded by
 * an fdatasync/fsync of the write-ahead log. PGlite, the opt-in engine, shows the check can fail: it never syncs.
 */
import { describe, expect, it } from 'vitest';
import { checkDurability, straceAvailable } from './check-durability.js';

describe.runIf(straceAvailable())('npm run check:durability', () => {
  it('embedded PostgreSQL (the default): each acknowledged registration had its WAL synced before the answer', async () => {
    const r = await checkDurability('postgres', 5);
    expect(r.registrations).toBe(5);
    expect(r.syncedBeforeAck).toBe(5);
    expect(r.walSyncCalls).toBeGreaterThanOrEqual(5);
  }, 240_000);

  it('PGlite (opt-in, refused in production): the same registrations reach no fsync at all', async () => {
    const r = await checkDurability('pglite', 3);
    expect(r.pwriteCalls).toBeGreaterThan(0);
    expect(r.syncCalls).toBe(0);
    expect(r.syncedBeforeAck).toBe(0);
  }, 240_000);
});
