/**
 * A lock file for the embedded database directory. PGlite must be opened by one process only; a second
 * `npm start` on the same DATA_DIR is refused with a clear message instead of corrupting data.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../errors.js';

export interface DataDirLock {
  release(): void;
}

export function acquireDataDirLock(dataDir: string): DataDirLock {
  const path = join(dataDir, 'jiesu.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        rmSync(path, { force: true });
      };
      process.once('exit', release);
      return { release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readHolder(path);
      if (holder !== null && isAlive(holder)) {
        throw new AppError(
          'DB.LOCKED',
          `数据目录 ${dataDir} 正被另一个进程（PID ${holder}）使用；嵌入式数据库只允许一个进程打开。请先停止该进程，或用 DATA_DIR 指定其他目录，或配置 DATABASE_URL 使用 PostgreSQL。`,
        );
      }
      // A stale lock left by a process that died: take it over.
      rmSync(path, { force: true });
    }
  }
  throw new AppError('DB.LOCKED', `无法获取数据目录锁 ${path}`);
}

function readHolder(path: string): number | null {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { pid?: unknown };
    return typeof parsed.pid === 'number' ? parsed.pid : null;
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
