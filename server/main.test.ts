/**
 * `npm start` as a newcomer runs it: a real process on the embedded database (PostgreSQL in DATA_DIR/pg), demo
 * data on first start, a second process on the same data directory refused, production refusing demo accounts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createContext, prepareData } from './bootstrap.js';
import { systemClock } from './clock.js';
import { DEFAULT_DEMO_PASSWORD, loadConfig } from './config.js';
import { loadDemoUsers } from './reference/seed.js';
import { generateKeyringJson } from './security/keys.js';
import { stopOrphan } from './db/embedded-postgres.js';

const running: ChildProcess[] = [];
const dataDirs = new Set<string>();
afterAll(async () => {
  for (const p of running) p.kill('SIGKILL');
  // A server killed here leaves its embedded PostgreSQL running: stop it, so no cluster outlives the tests.
  for (const dir of dataDirs) await stopOrphan(join(dir, 'pg'));
});

function start(env: Record<string, string>): {
  proc: ChildProcess;
  output: () => string;
  ready: Promise<number>;
  exited: Promise<number | null>;
} {
  if (env.DATA_DIR) dataDirs.add(env.DATA_DIR);
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      JIESU_DATA_KEYS: '',
      JIESU_KEY_FILE: '',
      JIESU_DEMO_HISTORY: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(proc);
  let out = '';
  const ready = new Promise<number>((resolve, reject) => {
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /已启动：http:\/\/localhost:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
  ready.catch(() => {});
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return { proc, output: () => out, ready, exited };
}

describe('npm start on the embedded database', () => {
  it('serves the API, its docs and demo data; a second process on the same DATA_DIR is refused with a clear message', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'jiesu-start-'));
    const first = start({ DATA_DIR: dataDir });
    const port = await first.ready;
    expect(first.output()).toContain('已载入参考数据');
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/api/health`)).status).toBe(200);
    expect((await fetch(`${base}/api/docs/`)).status).toBe(200);
    const openapi = (await (await fetch(`${base}/api/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(openapi.paths)).toContain('/api/v1/tickets/{id}/dispatch');
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'operator', password: 'Jiesu@2026' }),
    });
    expect(login.status).toBe(200);
    expect(login.headers.get('set-cookie')).toMatch(/jiesu_session=.*HttpOnly/i);

    const second = start({ DATA_DIR: dataDir });
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain('正被另一个进程');

    first.proc.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    // The lock is released on shutdown: a restart works and does not load the reference data again.
    const third = start({ DATA_DIR: dataDir });
    await third.ready;
    expect(third.output()).not.toContain('已载入参考数据');
    third.proc.kill('SIGTERM');
    expect(await third.exited).toBe(0);
  }, 120_000);

  it('without JIESU_FAKE_TIME the test clock paths answer 404; with it they read and move the clock', async () => {
    const plain = start({ DATA_DIR: mkdtempSync(join(tmpdir(), 'jiesu-start-')) });
    const port = await plain.ready;
    expect((await fetch(`http://127.0.0.1:${port}/api/v1/test-clock`)).status).toBe(404);
    plain.proc.kill('SIGTERM');
    await plain.exited;
    const faked = start({
      DATA_DIR: mkdtempSync(join(tmpdir(), 'jiesu-start-')),
      JIESU_FAKE_TIME: '2026-09-30T15:00:00+08:00',
    });
    const p2 = await faked.ready;
    // Only the administrator may read or move it (R9.1: the SMS it shows carry rating links).
    expect((await fetch(`http://127.0.0.1:${p2}/api/v1/test-clock`)).status).toBe(401);
    const login = await fetch(`http://127.0.0.1:${p2}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: DEFAULT_DEMO_PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    const now = (await (
      await fetch(`http://127.0.0.1:${p2}/api/v1/test-clock`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as { now: string };
    expect(
      Math.abs(new Date(now.now).getTime() - new Date('2026-09-30T15:00:00+08:00').getTime()),
    ).toBeLessThan(60_000);
    faked.proc.kill('SIGTERM');
    await faked.exited;
  }, 120_000);
});

describe('production mode', () => {
  it('refuses to start without configured keys', async () => {
    const p = start({ DATA_DIR: mkdtempSync(join(tmpdir(), 'jiesu-start-')), NODE_ENV: 'production' });
    expect(await p.exited).toBe(1);
    expect(p.output()).toMatch(/JIESU_DATA_KEYS|JIESU_KEY_FILE/);
  }, 60_000);

  it('never creates demo users, and refuses a database that holds demo accounts', async () => {
    const env = { JIESU_DATA_KEYS: generateKeyringJson() };
    const dataDir = mkdtempSync(join(tmpdir(), 'jiesu-prod-'));
    const config = loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir });
    expect(config.demo).toBe(false);
    const { ctx, database } = await createContext(config, systemClock, { kind: 'pglite-memory' }, env);
    try {
      const seeded = await prepareData(ctx);
      expect(seeded.demoUsers).toBe(0);
      const users = await ctx.db.query.users.findMany();
      expect(users).toEqual([]);
      await loadDemoUsers(ctx.db, 'Jiesu@2026');
      await expect(prepareData(ctx)).rejects.toThrow(/演示账号/);
    } finally {
      await database.close();
    }
  }, 60_000);
});
