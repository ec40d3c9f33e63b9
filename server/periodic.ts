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

/**
 * A background job run every `intervalMs` (`runEvery`) and on demand; concurrent runs in one process share one.
 * `stop` clears the timer and waits for a run in progress.
 */
export class PeriodicJob<T> {
  private handle: NodeJS.Timeout | null = null;
  private running: Promise<T> | null = null;

  constructor(
    private readonly job: () => Promise<T>,
    private readonly label: string,
  ) {}

  run(): Promise<T> {
    this.running ??= this.job().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  start(intervalMs: number): void {
    this.handle = runEvery(intervalMs, () => this.run(), this.label);
  }

  async stop(): Promise<void> {
    if (this.handle) clearInterval(this.handle);
    this.handle = null;
    await this.running;
  }
}
