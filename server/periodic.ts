import { safeError } from './http/request-log.js';

/**
 * Runs a background job now (catching up at once after downtime) and then every `intervalMs`. A failure is logged
 * under `label` with the error's class and code only — never what a peer or a row said (R9.1) — and the next tick
 * tries again. The timer never keeps the process alive; clear it with `clearInterval` to stop.
 */
export function runEvery(intervalMs: number, run: () => Promise<unknown>, label: string): NodeJS.Timeout {
  const tick = () => {
    run().catch((err: unknown) => console.error(label, JSON.stringify(safeError(err))));
  };
  tick();
  const handle = setInterval(tick, intervalMs);
  handle.unref();
  return handle;
}
