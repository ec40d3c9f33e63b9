/**
 * `npm run check:durability [-- --registrations N --engine postgres|pglite|both]`: proves that every
 * registration the platform acknowledges is on disk first (ADR 0005). It runs the real server (`server/main.ts`)
 * under `strace -f` on a fresh DATA_DIR, registers N requests through the HTTP API one after another, and for
 * each one looks for an `fsync`/`fdatasync` of the write-ahead log (`pg_wal/`) between the moment the request
 * was sent and the moment its answer arrived. Exits non-zero when an acknowledged registration on the default
 * engine (the embedded PostgreSQL cluster) had none. `--engine pglite` shows the contrast (PGlite never syncs).
 * Needs `strace` (installed by `.ci/run`); Linux only.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_DEMO_PASSWORD } from '../server/config.js';

export type Engine = 'postgres' | 'pglite';

export interface DurabilityReport {
  engine: Engine;
  registrations: number;
  /** Registrations whose answer came after an fsync/fdatasync of the WAL that started after the request. */
  syncedBeforeAck: number;
  /** All fsync/fdatasync calls while registering, and those on the WAL. */
  syncCalls: number;
  walSyncCalls: number;
  pwriteCalls: number;
}

const repoDir = fileURLToPath(new URL('..', import.meta.url));

export function straceAvailable(): boolean {
  return process.platform === 'linux' && spawnSync('strace', ['-V'], { stdio: 'ignore' }).status === 0;
}

interface Call {
  at: number;
  name: string;
  path: string;
}

function parseTrace(file: string): Call[] {
  const calls: Call[] = [];
  // "1234 1765000000.123456 fdatasync(7</data/pg/pg_wal/000000010000000000000001>) = 0" (-f -ttt -y)
  const line = /^\d+\s+(\d+\.\d+)\s+(fsync|fdatasync|pwrite64)\(\d+(?:<([^>]*)>)?/;
  for (const text of readFileSync(file, 'utf8').split('\n')) {
    const m = line.exec(text);
    if (m) calls.push({ at: Number(m[1]) * 1000, name: m[2]!, path: m[3] ?? '' });
  }
  return calls;
}

export async function checkDurability(engine: Engine, registrations: number): Promise<DurabilityReport> {
  const dataDir = mkdtempSync(join(tmpdir(), 'jiesu-durability-'));
  const traceFile = join(dataDir, 'strace.log');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    NODE_ENV: 'development',
    JIESU_DEMO_HISTORY: '0',
    JIESU_EMBEDDED_ENGINE: engine,
  };
  for (const k of ['DATABASE_URL', 'JIESU_DATA_KEYS', 'JIESU_KEY_FILE', 'JIESU_FAKE_TIME', 'JIESU_DEMO'])
    delete env[k];
  const strace = spawn(
    'strace',
    [
      '-f',
      '--seccomp-bpf',
      '-ttt',
      '-y',
      '-e',
      'trace=fsync,fdatasync,pwrite64',
      '-o',
      traceFile,
      process.execPath,
      '--import',
      'tsx',
      'server/main.ts',
    ],
    { cwd: repoDir, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  strace.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  strace.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
  const exited = new Promise<number | null>((resolve) => strace.once('exit', (code) => resolve(code)));
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setInterval(() => {
        const m = /已启动：http:\/\/localhost:(\d+)/.exec(out);
        if (m) {
          clearInterval(timer);
          resolve(Number(m[1]));
        }
      }, 100);
      void exited.then((code) => {
        clearInterval(timer);
        reject(new Error(`server exited with ${code} before starting:\n${out}`));
      });
    });
    const base = `http://127.0.0.1:${port}`;
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'operator', password: DEFAULT_DEMO_PASSWORD }),
    });
    if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
    const { token } = (await login.json()) as { token: string };
    const windows: Array<[number, number]> = [];
    for (let i = 0; i < registrations; i++) {
      const sent = Date.now();
      const res = await fetch(`${base}/api/v1/tickets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          channel: 'hotline_12345',
          content: `船营区北京路幸福小区 ${i + 1} 号楼下水井堵塞，污水外溢三天了，请尽快处理。`,
          complainant: { name: '张三', phone: '13812345678' },
          location: { district: '220204', address: '北京路幸福小区' },
        }),
      });
      const answered = Date.now();
      if (res.status >= 300) throw new Error(`registration failed: ${res.status} ${await res.text()}`);
      windows.push([sent, answered]);
    }
    // Stop the server (strace's child) gracefully: strace ends when its last tracee does.
    const children = readFileSync(`/proc/${strace.pid}/task/${strace.pid}/children`, 'utf8').trim();
    process.kill(Number(children.split(/\s+/)[0]), 'SIGTERM');
    await exited;

    const first = windows[0]![0];
    const last = windows[windows.length - 1]![1];
    const calls = parseTrace(traceFile).filter((c) => c.at >= first && c.at <= last);
    const syncs = calls.filter((c) => c.name !== 'pwrite64');
    const walSyncs = syncs.filter((c) => c.path.includes('/pg_wal/'));
    // strace stamps the start of a call; the window is widened by 1 ms for the two clocks' rounding.
    const syncedBeforeAck = windows.filter(([s, a]) =>
      walSyncs.some((c) => c.at >= s - 1 && c.at <= a + 1),
    ).length;
    return {
      engine,
      registrations,
      syncedBeforeAck,
      syncCalls: syncs.length,
      walSyncCalls: walSyncs.length,
      pwriteCalls: calls.length - syncs.length,
    };
  } finally {
    if (strace.exitCode === null) {
      strace.kill('SIGKILL');
      await exited;
    }
    // A server killed above would leave its cluster: stop it before removing the directory.
    const { stopOrphan } = await import('../server/db/embedded-postgres.js');
    await stopOrphan(join(dataDir, 'pg'));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const registrations = Number(opt('registrations') ?? 30);
  const which = opt('engine') ?? 'postgres';
  if (!straceAvailable()) {
    console.error('需要 strace（Linux）：apt-get install strace');
    process.exit(2);
  }
  const engines: Engine[] = which === 'both' ? ['postgres', 'pglite'] : [which as Engine];
  let failed = false;
  for (const engine of engines) {
    const r = await checkDurability(engine, registrations);
    console.log(
      `${engine === 'postgres' ? '嵌入式 PostgreSQL（默认）' : 'PGlite'}：已受理 ${r.registrations} 件，` +
        `其中 ${r.syncedBeforeAck} 件在应答前 WAL 已 fsync/fdatasync；` +
        `期间 fsync/fdatasync ${r.syncCalls} 次（WAL ${r.walSyncCalls} 次），pwrite64 ${r.pwriteCalls} 次`,
    );
    if (engine === 'postgres' && r.syncedBeforeAck < r.registrations) failed = true;
  }
  if (failed) {
    console.error('失败：有已受理的登记在应答前未落盘。');
    process.exit(1);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
