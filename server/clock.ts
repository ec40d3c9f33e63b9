/**
 * The injectable clock. All server time comes from here; domain/ receives `now` as an argument.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that starts at a given instant, runs with real time, and can be advanced (JIESU_FAKE_TIME). */
export class AdjustableClock implements Clock {
  private offsetMs: number;
  constructor(
    start: Date,
    private readonly realNow: () => number = Date.now,
  ) {
    this.offsetMs = start.getTime() - realNow();
  }
  now(): Date {
    return new Date(this.realNow() + this.offsetMs);
  }
  advance(seconds: number): Date {
    this.offsetMs += seconds * 1000;
    return this.now();
  }
}

/** A clock frozen at an instant until moved — for tests that need exact times. */
export class FixedClock implements Clock {
  private t: number;
  constructor(start: Date) {
    this.t = start.getTime();
  }
  now(): Date {
    return new Date(this.t);
  }
  advance(seconds: number): Date {
    this.t += seconds * 1000;
    return this.now();
  }
  set(at: Date): void {
    this.t = at.getTime();
  }
}
