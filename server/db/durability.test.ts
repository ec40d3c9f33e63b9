/**
 * Production refuses storage that cannot promise durability: PGlite on disk acknowledges writes that are not
 * on disk yet. It names the remedy (DATABASE_URL) in Chinese and opens nothing.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createContext } from '../bootstrap.js';
import { systemClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { generateKeyringJson } from '../security/keys.js';

describe('durability in production', () => {
  it('refuses PGlite on disk with NODE_ENV=production, in Chinese, before opening it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'jiesu-prod-pglite-'));
    const config = loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir });
    await expect(
      createContext(config, systemClock, undefined, { JIESU_DATA_KEYS: generateKeyringJson() }),
    ).rejects.toThrow(/不能使用嵌入式数据库 PGlite.*DATABASE_URL/);
    expect(existsSync(join(dataDir, 'pglite'))).toBe(false);
    expect(existsSync(join(dataDir, 'jiesu.lock'))).toBe(false);
  });
});
