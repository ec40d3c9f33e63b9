/**
 * Reading an uploaded xlsx without letting it freeze or exhaust the server (GB/T 22239-2019 8.1.4.4; OWASP ASVS 4.0
 * V12.1.2, V12.1.3): the ZIP directory's sizes are checked first (a 100 KB file declaring 100 MB is refused at
 * once), then a worker thread — with its own heap limit and a deadline — inflates every entry under the same cap
 * (a file whose directory lies is stopped there) and only then lets exceljs parse it. The event loop keeps
 * answering other requests meanwhile.
 */
import { Worker } from 'node:worker_threads';
import { zipEntries } from '../../domain/security/file-sniff.js';

export const XLSX_LIMITS = {
  /** Everything the archive holds, inflated: a 5,000-row directory sheet is a few MB. */
  maxInflatedBytes: 20 * 1024 * 1024,
  maxEntries: 1000,
  /** A worker that has not answered by then is stopped. */
  deadlineMs: 20_000,
  workerHeapMb: 256,
} as const;

export type XlsxProblem = 'not-zip' | 'too-large' | 'corrupt' | 'unreadable' | 'no-sheet' | 'timeout';

export type XlsxRead =
  { ok: true; rows: { row: number; cells: string[] }[] } | { ok: false; problem: XlsxProblem };

export async function readXlsxRows(bytes: Buffer, limits = XLSX_LIMITS): Promise<XlsxRead> {
  const entries = zipEntries(bytes);
  if (!entries || entries.length === 0) return { ok: false, problem: 'not-zip' };
  if (entries.length > limits.maxEntries) return { ok: false, problem: 'too-large' };
  const declared = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (declared > limits.maxInflatedBytes) return { ok: false, problem: 'too-large' };

  return new Promise<XlsxRead>((resolve) => {
    const worker = new Worker(new URL('./xlsx-read.worker.mjs', import.meta.url), {
      workerData: { bytes, entries, maxInflatedBytes: limits.maxInflatedBytes },
      resourceLimits: { maxOldGenerationSizeMb: limits.workerHeapMb },
    });
    let settled = false;
    const settle = (result: XlsxRead) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(result);
    };
    const timer = setTimeout(() => settle({ ok: false, problem: 'timeout' }), limits.deadlineMs);
    worker.once(
      'message',
      (m: { ok: true; rows: { row: number; cells: string[] }[] } | { ok: false; reason: XlsxProblem }) =>
        settle(m.ok ? { ok: true, rows: m.rows } : { ok: false, problem: m.reason }),
    );
    // Out of memory: the file is too large for its heap; any other failure: it could not be read.
    worker.once('error', (err: Error & { code?: string }) =>
      settle({ ok: false, problem: err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'too-large' : 'unreadable' }),
    );
    worker.once('exit', () => settle({ ok: false, problem: 'unreadable' }));
  });
}
