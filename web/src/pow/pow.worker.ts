/**
 * The proof-of-work search off the main thread: {id, bits} in; {progress: attempts} every batch, then
 * {solution}. Started with `new Worker(new URL(…), {type: 'module'})`, served from /assets/ ('self' in the CSP).
 */
import { searchSolution } from './sha256';

const BATCH = 4096;

self.onmessage = (e: MessageEvent<{ id: string; bits: number }>) => {
  const { id, bits } = e.data;
  for (let from = 0; ; from += BATCH) {
    const solution = searchSolution(id, bits, from, BATCH);
    if (solution !== null) {
      self.postMessage({ solution });
      return;
    }
    self.postMessage({ progress: from + BATCH });
  }
};
