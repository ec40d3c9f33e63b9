/**
 * Crash-proof restarts with real processes on the durable default (ADR 0005: the embedded PostgreSQL cluster
 * in DATA_DIR/pg). After a SIGKILL of the server or of its database process the next start recovers by itself —
 * also when the server gets the old PID again (PID 1 in a container) and when the killed server left its
 * postmaster running — and keeps what it acknowledged; a second live instance on the same DATA_DIR is refused.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runningPostmaster, stopOrphan } from './embedded-postgres.js';
import { DEFAULT_DEMO_PASSWORD } from '../config.js';
import { ticketBody } from '../test/harness.js';

const running: ChildProcess[] = [];
const dataDirs: string[] = [];
afterAll(async () => {
  for (const p of running) p.kill('SIGKILL');
  // Never leave a cluster behind, whatever a failed test left.
  for (const dir of dataDirs) {
    await stopOrphan(join(dir, 'pg'));
    rmSync(dir, { recursive: true, force: true });
  }
});

function freshDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'jiesu-crash-'));
  dataDirs.push(dir);
  return dir;
}

/** `unshare --pid --fork --mount-proc` puts the server at PID 1 of a new PID namespace, as in a container. */
const canUnshare =
  process.platform === 'linux' &&
  spawnSync('unshare', ['--pid', '--fork', '--mount-proc', 'true'], { stdio: 'ignore' }).status === 0;

interface Server {
  proc: ChildProcess;
  ready: Promise<number>;
  exited: Promise<number | null>;
  output: () => string;
}

function start(dataDir: string, options: { asPid1?: boolean } = {}): Server {
  const node = [process.execPath, '--import', 'tsx', 'server/main.ts'];
  const [cmd, ...args] = options.asPid1 ? ['unshare', '--pid', '--fork', '--mount-proc', ...node] : node;
  const proc = spawn(cmd!, args, {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      JIESU_EMBEDDED_ENGINE: '',
      JIESU_DATA_KEYS: '',
      JIESU_KEY_FILE: '',
      // The demo history has its own test (server/demo/demo-seed.test.ts); this one is about restarts.
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
  ready.catch(() => {});
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return { proc, ready, exited, output: () => out };
}

/** The server's own PID: the child of `unshare` when it runs as PID 1 of its namespace. */
function serverPid(server: Server, asPid1: boolean): number {
  const pid = server.proc.pid!;
  if (!asPid1) return pid;
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/);
  return Number(children[0]);
}

async function stopGracefully(server: Server): Promise<number | null> {
  server.proc.kill('SIGTERM');
  return server.exited;
}

async function login(port: number): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'operator', password: DEFAULT_DEMO_PASSWORD }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

/** An acknowledged write through the HTTP API: a registration answered with its id. */
async function register(port: number): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await login(port)}` },
    body: JSON.stringify(ticketBody({ content: '船营区北京路某小区下水井堵塞，污水外溢，请尽快处理。' })),
  });
  expect(res.status).toBeLessThan(300);
  return ((await res.json()) as { id: string }).id;
}

/** The registration is still there (as the operator who took it sees it). */
async function stillThere(port: number, id: string): Promise<boolean> {
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/tickets/${id}`, {
    headers: { authorization: `Bearer ${await login(port)}` },
  });
  return res.status === 200;
}

describe('restart after a crash (embedded PostgreSQL, real processes)', () => {
  it('kill -9 of the server leaves its postmaster orphaned; the next start stops the orphan and serves again', async () => {
    const dataDir = freshDataDir();
    const first = start(dataDir);
    const port = await first.ready;
    const id = await register(port);
    const orphan = runningPostmaster(join(dataDir, 'pg'));
    expect(orphan).not.toBeNull();
    first.proc.kill('SIGKILL');
    await first.exited;
    expect(existsSync(join(dataDir, 'jiesu.lock'))).toBe(true);
    // The postmaster outlives its parent: nothing in the kernel stops it.
    expect(runningPostmaster(join(dataDir, 'pg'))).toBe(orphan);

    const second = start(dataDir);
    const port2 = await second.ready;
    expect(second.output()).toContain(`已停止上次遗留的 PostgreSQL 进程（PID ${orphan}）`);
    const now = runningPostmaster(join(dataDir, 'pg'));
    expect(now).not.toBeNull();
    expect(now).not.toBe(orphan);
    expect(await stillThere(port2, id)).toBe(true);
    expect(await stopGracefully(second)).toBe(0);
    // A clean stop takes the cluster down with the server.
    expect(runningPostmaster(join(dataDir, 'pg'))).toBeNull();
    expect(existsSync(join(dataDir, 'jiesu.lock'))).toBe(false);
  }, 240_000);

  it('kill -9 of the postmaster: the server exits non-zero at once, and the next start recovers the cluster', async () => {
    const dataDir = freshDataDir();
    const first = start(dataDir);
    const port = await first.ready;
    const id = await register(port);
    const postmaster = runningPostmaster(join(dataDir, 'pg'));
    expect(postmaster).not.toBeNull();
    process.kill(postmaster!, 'SIGKILL');
    expect(await first.exited).toBe(3);
    expect(first.output()).toContain('DB.EMBEDDED_EXITED');

    const second = start(dataDir);
    const port2 = await second.ready;
    expect(await stillThere(port2, id)).toBe(true);
    expect(await stopGracefully(second)).toBe(0);
  }, 240_000);

  it.runIf(canUnshare)(
    'restarts when the new server gets the old PID (PID 1 in a container), after kill -9',
    async () => {
      const dataDir = freshDataDir();
      const first = start(dataDir, { asPid1: true });
      const port = await first.ready;
      const id = await register(port);
      const lock = JSON.parse(readFileSync(join(dataDir, 'jiesu.lock'), 'utf8')) as { pid: number };
      expect(lock.pid).toBe(1);
      // SIGKILL of a namespace's init ends every process in it, the postmaster included (as in a container).
      process.kill(serverPid(first, true), 'SIGKILL');
      await first.exited;
      expect(existsSync(join(dataDir, 'jiesu.lock'))).toBe(true);

      const second = start(dataDir, { asPid1: true });
      const port2 = await second.ready;
      const lock2 = JSON.parse(readFileSync(join(dataDir, 'jiesu.lock'), 'utf8')) as { pid: number };
      expect(lock2.pid).toBe(1);
      expect(await stillThere(port2, id)).toBe(true);
      process.kill(serverPid(second, true), 'SIGTERM');
      await second.exited;
    },
    240_000,
  );

  it('a second live instance on the same DATA_DIR is refused with DB.LOCKED, and the first keeps serving', async () => {
    const dataDir = freshDataDir();
    const first = start(dataDir);
    const port = await first.ready;
    const second = start(dataDir);
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(/DB\.LOCKED.*正被另一个进程/);
    const id = await register(port);
    expect(await stillThere(port, id)).toBe(true);
    expect(await stopGracefully(first)).toBe(0);
  }, 240_000);
});
