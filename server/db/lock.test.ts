/**
 * The data directory lock against real processes: a holder killed with SIGKILL leaves a lock the next start
 * takes over, also when the recorded PID is alive again as another process (PID reuse, PID 1 in a container)
 * or is our own; a live holder is refused with a clear message.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireDataDirLock, processStartTime } from './lock.js';

const running: ChildProcess[] = [];
afterAll(() => {
  for (const p of running) p.kill('SIGKILL');
});

function holdLock(dir: string): Promise<ChildProcess> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/db/lock-holder.fixture.ts', dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(proc);
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout?.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('locked')) resolve(proc);
    });
    proc.stderr?.on('data', (b: Buffer) => (out += b.toString()));
    proc.once('exit', (code) => reject(new Error(`lock holder exited ${code}: ${out}`)));
  });
}

function exited(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) resolve();
    else proc.once('exit', () => resolve());
  });
}

const tempDir = () => mkdtempSync(join(tmpdir(), 'jiesu-lock-'));
const lockFile = (dir: string) => join(dir, 'jiesu.lock');

describe('data directory lock', () => {
  it('refuses a second process while the first is alive, in Chinese, naming the holder', async () => {
    const dir = tempDir();
    const holder = await holdLock(dir);
    expect(() => acquireDataDirLock(dir)).toThrow(new RegExp(`正被另一个进程（PID ${holder.pid}）使用`));
    holder.kill('SIGKILL');
    await exited(holder);
  });

  it('takes over the lock of a holder killed with SIGKILL', async () => {
    const dir = tempDir();
    const holder = await holdLock(dir);
    holder.kill('SIGKILL');
    await exited(holder);
    expect(existsSync(lockFile(dir))).toBe(true);
    const lock = acquireDataDirLock(dir);
    expect(JSON.parse(readFileSync(lockFile(dir), 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();
    expect(existsSync(lockFile(dir))).toBe(false);
  });

  it('takes over a lock whose PID is alive again as another process (PID reuse)', async () => {
    const dir = tempDir();
    const other = spawn('sleep', ['60'], { stdio: 'ignore' });
    running.push(other);
    const start = processStartTime(other.pid!);
    // The lock a crashed server left, recorded when that PID belonged to it, at another start time.
    writeFileSync(
      lockFile(dir),
      JSON.stringify({ pid: other.pid, procStart: `${Number(start) - 1}`, token: 'x' }),
    );
    const lock = acquireDataDirLock(dir);
    lock.release();
    other.kill('SIGKILL');
  });

  it('takes over a lock that records our own PID (a restart that got the old PID, e.g. PID 1)', () => {
    const dir = tempDir();
    writeFileSync(lockFile(dir), JSON.stringify({ pid: process.pid }));
    const lock = acquireDataDirLock(dir);
    lock.release();
  });

  it('refuses a second open of the same directory inside one process', () => {
    const dir = tempDir();
    const lock = acquireDataDirLock(dir);
    expect(() => acquireDataDirLock(dir)).toThrow(/正被另一个进程/);
    lock.release();
  });
});
