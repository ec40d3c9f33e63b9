/**
 * Runs timer sweeps until nothing is due, printing each batch: `tsx server/timers/sweep.cli.ts [batchSize]`.
 * An operations tool (catch up after downtime without starting the web server) and the timer tests' worker.
 */
import { loadConfig } from '../config.js';
import { AdjustableClock, systemClock } from '../clock.js';
import { createContext } from '../bootstrap.js';
import { TimerService } from './timer.service.js';

const config = loadConfig();
const clock = config.fakeTime ? new AdjustableClock(config.fakeTime) : systemClock;
const { ctx, database } = await createContext(config, clock);
const timers = new TimerService(ctx, Number(process.argv[2] ?? 200));
let total = 0;
for (;;) {
  const n = await timers.sweepOnce();
  if (n === 0) break;
  total += n;
  console.log(`batch ${n} total ${total}`);
}
console.log(`done ${total}`);
await database.close();
