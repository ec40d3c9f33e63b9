/** Test helper run as its own process: takes the data directory lock, says so, then waits to be killed. */
import { acquireDataDirLock } from './lock.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: lock-holder.fixture.ts <dataDir>');
acquireDataDirLock(dir);
process.stdout.write('locked\n');
setInterval(() => {}, 1000);
