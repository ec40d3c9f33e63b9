/**
 * Production refuses storage that cannot promise durability: PGlite on disk acknowledges writes that are not
 * on disk yet. It names the remedy in Chinese and opens nothing. The default embedded PostgreSQL is accepted.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createContext, databaseOptionsFor } from '../bootstrap.js';
import { systemClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { generateKeyringJson } from '../security/keys.js';
import { queryRows } from './client.js';
import { runningPostmaster } from './embedded-postgres.js';

describe('durability in production', () => {
  it('refuses PGlite on disk with NODE_ENV=production, in Chinese, before opening it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'jiesu-prod-pglite-'));
    const config = loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir, JIESU_EMBEDDED_ENGINE: 'pglite' });
    await expect(
      createContext(config, systemClock, undefined, { JIESU_DATA_KEYS: generateKeyringJson() }),
    ).rejects.toThrow(/不能使用嵌入式数据库 PGlite.*DATABASE_URL/);
    expect(existsSync(join(dataDir, 'pglite'))).toBe(false);
    expect(existsSync(join(dataDir, 'jiesu.lock'))).toBe(false);
  });

  it('accepts the default embedded PostgreSQL in production, with fsync and synchronous_commit on, and stops it on close', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'jiesu-prod-embedded-'));
    const config = loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir });
    expect(databaseOptionsFor(config).kind).toBe('embedded-postgres');
    const { database } = await createContext(config, systemClock, undefined, {
      JIESU_DATA_KEYS: generateKeyringJson(),
    });
    try {
      expect(database.engine).toBe('embedded-postgres');
      const [settings] = await queryRows<{ fsync: string; sc: string; fpw: string }>(
        database.db,
        sql`SELECT current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS sc,
                   current_setting('full_page_writes') AS fpw`,
      );
      expect(settings).toEqual({ fsync: 'on', sc: 'on', fpw: 'on' });
      expect(runningPostmaster(join(dataDir, 'pg'))).toBe(database.cluster?.pid);
    } finally {
      await database.close();
    }
    expect(runningPostmaster(join(dataDir, 'pg'))).toBeNull();
    expect(existsSync(join(dataDir, 'jiesu.lock'))).toBe(false);
  }, 120_000);

  it('an unknown JIESU_EMBEDDED_ENGINE is refused with CONFIG.INVALID', () => {
    expect(() => loadConfig({ JIESU_EMBEDDED_ENGINE: 'sqlite' })).toThrow(/JIESU_EMBEDDED_ENGINE/);
  });
});
