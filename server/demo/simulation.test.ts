/**
 * The demo history's moving clock: scripts wait for instants; the clock only moves forward, in whole steps,
 * releases every script due within a step together, and stops at the end.
 */
import { describe, expect, it } from 'vitest';
import { FixedClock } from '../clock.js';
import { Simulation } from './simulation.js';

const HOUR = 3_600_000;

describe('demo simulation clock', () => {
  it('runs each step at the first whole step at or after it, in time order, and never goes back', async () => {
    const clock = new FixedClock(new Date(0));
    const sim = new Simulation(clock, 100 * HOUR, 3 * HOUR);
    const seen: { name: string; at: number }[] = [];
    const script = (name: string, waits: number[]) => async () => {
      for (const w of waits) {
        if (!(await sim.at(w * HOUR))) return;
        seen.push({ name, at: clock.now().getTime() / HOUR });
        await Promise.resolve(); // an action in flight
      }
    };
    sim.spawn(script('a', [1, 2, 7]));
    sim.spawn(script('b', [2.5, 8, 200]));
    let sweeps = 0;
    await sim.run(async () => {
      sweeps++;
    });
    // Within a step the order is the interleaving of concurrent scripts; across steps it is time order.
    const byStep = [...seen].sort((x, y) => x.at - y.at || x.name.localeCompare(y.name));
    expect(seen.map((s) => s.at)).toEqual(byStep.map((s) => s.at));
    expect(byStep).toEqual([
      { name: 'a', at: 3 },
      { name: 'a', at: 3 }, // already due when a's first step finished: at once
      { name: 'b', at: 3 },
      { name: 'a', at: 9 },
      { name: 'b', at: 9 },
    ]);
    // b's step at 200 h lies past the end: it is told so and stops there.
    expect(clock.now().getTime()).toBe(9 * HOUR);
    expect(sweeps).toBe(2);
  });

  it('releases the scripts due within a step together, so their actions overlap', async () => {
    const clock = new FixedClock(new Date(0));
    const sim = new Simulation(clock, 10 * HOUR, 3 * HOUR);
    let inFlight = 0;
    let most = 0;
    for (let i = 0; i < 5; i++) {
      sim.spawn(async () => {
        if (!(await sim.at((1 + i * 0.3) * HOUR))) return;
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((r) => setImmediate(r));
        inFlight--;
      });
    }
    await sim.run();
    expect(most).toBe(5);
  });

  it('reports a script that failed after the others have finished', async () => {
    const clock = new FixedClock(new Date(0));
    const sim = new Simulation(clock, 10 * HOUR, HOUR);
    let finished = false;
    sim.spawn(async () => {
      await sim.at(HOUR);
      throw new Error('refused');
    });
    sim.spawn(async () => {
      await sim.at(5 * HOUR);
      finished = true;
    });
    await sim.run();
    expect(finished).toBe(true);
    expect(sim.errors).toHaveLength(1);
  });
});
