/**
 * Solves the public page's proof-of-work challenge (server/public/challenge.ts): find n such that
 * SHA-256(`${id}:${n}`) has `bits` leading zero bits. In a Web Worker so the page stays responsive; where a
 * worker cannot start, in small batches on the main thread, yielding between them.
 */
import { searchSolution } from './sha256';

export interface PowProgress {
  attempts: number;
  /** Expected attempts (2^bits): progress is attempts / expected, capped below 100 %. */
  expected: number;
}

export function solveChallenge(
  challenge: { id: string; bits: number },
  onProgress: (p: PowProgress) => void,
  signal?: AbortSignal,
): Promise<string> {
  const expected = 2 ** challenge.bits;
  return new Promise<string>((resolve, reject) => {
    let worker: Worker | null = null;
    const aborted = () => {
      worker?.terminate();
      reject(new DOMException('aborted', 'AbortError'));
    };
    if (signal?.aborted) return aborted();
    signal?.addEventListener('abort', aborted, { once: true });

    const fallback = () => {
      worker?.terminate();
      worker = null;
      void onMainThread(challenge, expected, onProgress, signal).then(resolve, reject);
    };
    try {
      worker = new Worker(new URL('./pow.worker.ts', import.meta.url), { type: 'module' });
    } catch {
      fallback();
      return;
    }
    worker.onmessage = (e: MessageEvent<{ solution?: string; progress?: number }>) => {
      if (e.data.solution !== undefined) {
        worker?.terminate();
        signal?.removeEventListener('abort', aborted);
        resolve(e.data.solution);
      } else if (e.data.progress !== undefined) {
        onProgress({ attempts: e.data.progress, expected });
      }
    };
    worker.onerror = (e) => {
      e.preventDefault();
      fallback();
    };
    worker.postMessage({ id: challenge.id, bits: challenge.bits });
  });
}

async function onMainThread(
  challenge: { id: string; bits: number },
  expected: number,
  onProgress: (p: PowProgress) => void,
  signal?: AbortSignal,
): Promise<string> {
  const BATCH = 1024;
  for (let from = 0; ; from += BATCH) {
    if (signal?.aborted) throw new DOMException('aborted', 'AbortError');
    const solution = searchSolution(challenge.id, challenge.bits, from, BATCH);
    if (solution !== null) return solution;
    onProgress({ attempts: from + BATCH, expected });
    await new Promise((r) => setTimeout(r, 0));
  }
}
