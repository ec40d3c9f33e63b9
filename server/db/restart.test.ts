/**
 * A crashed server restarts by itself: `npm start`'s server killed with SIGKILL leaves its lock file behind,
 * and the next start on the same DATA_DIR takes it over and serves again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const running: ChildProcess[] = [];
afterAll(() => {
  for (const p of running) p.kill('SIGKILL');
});

function start(dataDir: string): { proc: ChildProcess; ready: Promise<number> } {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      JIESU_DATA_KEYS: '',
      JIESU_KEY_FILE: '',
      // The demo history has its own test (server/demo/demo-seed.test.ts); this one is about the lock.
      JIESU_DEMO_HISTORY: '0',
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
  return { proc, ready };
}

describe('restart after a crash', () => {
  it('kill -9 of the server, then a start on the same DATA_DIR recovers by itself', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'jiesu-crash-'));
    const first = start(dataDir);
    const port = await first.ready;
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
    const gone = new Promise((resolve) => first.proc.once('exit', resolve));
    first.proc.kill('SIGKILL');
    await gone;
    expect(existsSync(join(dataDir, 'jiesu.lock'))).toBe(true);

    const second = start(dataDir);
    const port2 = await second.ready;
    expect((await fetch(`http://127.0.0.1:${port2}/api/health`)).status).toBe(200);
    second.proc.kill('SIGTERM');
  }, 180_000);
});
