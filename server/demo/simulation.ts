/**
 * A moving clock for many concurrent scripts (the demo history): each script is an async function that waits
 * for instants of simulated time with `at(t)`. When every script is waiting, the clock jumps to the next step
 * (the earliest instant waited for, rounded up to a step of `stepMs`) and releases every script due by then,
 * all at once: their actions run concurrently at one clock instant. The clock only moves forward, and never
 * past `end` — a script that waits for a later instant is told so (`false`) and stops there.
 */
import type { FixedClock } from '../clock.js';

interface Waiter {
  t: number;
  wake: () => void;
}

export class Simulation {
  private waiting: Waiter[] = [];
  private running = 0;
  private onIdle: (() => void) | null = null;
  readonly errors: unknown[] = [];

  constructor(
    private readonly clock: FixedClock,
    private readonly end: number,
    private readonly stepMs: number,
  ) {}

  /** Starts a script now; it runs until its first `at` (or its end). */
  spawn(script: () => Promise<void>): void {
    this.running++;
    void script()
      .catch((err: unknown) => {
        this.errors.push(err);
      })
      .finally(() => {
        this.running--;
        this.idleCheck();
      });
  }

  /** Resolves at instant t (or at once if the clock is there already); false if t lies beyond the end. */
  at(t: number): Promise<boolean> {
    if (t > this.end) return Promise.resolve(false);
    if (t <= this.clock.now().getTime()) return Promise.resolve(true);
    this.running--;
    return new Promise<boolean>((resolve) => {
      this.waiting.push({
        t,
        wake: () => {
          this.running++;
          resolve(true);
        },
      });
      this.idleCheck();
    });
  }

  /**
   * Moves the clock step by step until no script waits any more. `beforeStep` runs while no script does,
   * with the clock already at the new instant (the timers' sweep, for one).
   */
  async run(beforeStep?: (now: number) => Promise<void>): Promise<void> {
    for (;;) {
      await new Promise<void>((resolve) => {
        this.onIdle = resolve;
        this.idleCheck();
      });
      if (this.waiting.length === 0) return;
      let next = Infinity;
      for (const w of this.waiting) if (w.t < next) next = w.t;
      const instant = Math.min(this.end, Math.ceil(next / this.stepMs) * this.stepMs);
      this.clock.set(new Date(instant));
      if (beforeStep) await beforeStep(instant);
      const due = this.waiting.filter((w) => w.t <= instant);
      this.waiting = this.waiting.filter((w) => w.t > instant);
      for (const w of due) w.wake();
    }
  }

  private idleCheck(): void {
    if (this.running === 0 && this.onIdle) {
      const resolve = this.onIdle;
      this.onIdle = null;
      resolve();
    }
  }
}
