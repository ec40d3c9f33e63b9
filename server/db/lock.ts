/**
 * A lock file for the embedded database directory. The embedded database must be opened by one process only;
 * a second `npm start` on the same DATA_DIR is refused with a clear message instead of corrupting data.
 *
 * The lock records more than the PID, because PIDs repeat: after a crash in a container the restarted server
 * is often PID 1 again, and on a busy host the old PID may belong to an unrelated process. A holder counts as
 * alive only when a process with that PID exists AND started at the recorded time (field 22 of
 * /proc/<pid>/stat, where /proc exists). A lock that names our own PID but that this process does not hold is
 * stale: it was left by an earlier process that had the same PID.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppError } from '../errors.js';

export interface DataDirLock {
  release(): void;
}

interface Holder {
  pid: number;
  /** Start time of the process in clock ticks since boot (Linux); null where /proc is not available. */
  procStart: string | null;
  token: string | null;
}

/** Lock files this process holds now, so a second open in the same process is refused too. */
const heldHere = new Set<string>();

export function acquireDataDirLock(dataDir: string): DataDirLock {
  const path = resolve(join(dataDir, 'jiesu.lock'));
  if (heldHere.has(path)) throw locked(dataDir, process.pid);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      const token = randomUUID();
      const record = {
        pid: process.pid,
        procStart: processStartTime(process.pid),
        token,
        startedAt: new Date().toISOString(),
      };
      writeSync(fd, JSON.stringify(record));
      closeSync(fd);
      heldHere.add(path);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        heldHere.delete(path);
        // Remove only our own lock: never one that another process took over meanwhile.
        if (readHolder(path)?.token === token) rmSync(path, { force: true });
      };
      process.once('exit', release);
      return { release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readHolder(path);
      if (holder !== null && isHolderAlive(holder)) throw locked(dataDir, holder.pid);
      // A stale lock left by a process that died (possibly one that had our PID): take it over.
      rmSync(path, { force: true });
    }
  }
  throw new AppError('DB.LOCKED', `无法获取数据目录锁 ${path}`);
}

function locked(dataDir: string, pid: number): AppError {
  return new AppError(
    'DB.LOCKED',
    `数据目录 ${dataDir} 正被另一个进程（PID ${pid}）使用；嵌入式数据库只允许一个进程打开。请先停止该进程，或用 DATA_DIR 指定其他目录，或配置 DATABASE_URL 使用 PostgreSQL。`,
  );
}

function readHolder(path: string): Holder | null {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as {
      pid?: unknown;
      procStart?: unknown;
      token?: unknown;
    };
    if (typeof parsed.pid !== 'number') return null;
    return {
      pid: parsed.pid,
      procStart: typeof parsed.procStart === 'string' ? parsed.procStart : null,
      token: typeof parsed.token === 'string' ? parsed.token : null,
    };
  } catch {
    return null;
  }
}

function isHolderAlive(holder: Holder): boolean {
  // Our own PID, but not held by this process (checked above): left by an earlier process with this PID.
  if (holder.pid === process.pid) return false;
  if (!isAlive(holder.pid)) return false;
  if (holder.procStart === null) return true;
  const now = processStartTime(holder.pid);
  // Where /proc cannot tell, trust the PID alone (the safe side: refuse rather than open twice).
  return now === null || now === holder.procStart;
}

/** Field 22 (starttime) of /proc/<pid>/stat, or null where /proc is not available. */
export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may contain spaces: split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
