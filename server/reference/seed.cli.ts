/**
 * `npm run seed:reference`: reloads the reference data (channels, categories, units, responsibility rules,
 * calendar, first policy version) into the configured database. Existing rows are updated by code.
 */
import { loadConfig } from '../config.js';
import { systemClock } from '../clock.js';
import { createContext } from '../bootstrap.js';
import { loadReferenceData } from './seed.js';

const config = loadConfig();
const { ctx, database } = await createContext(config, systemClock);
try {
  await loadReferenceData(ctx.db, ctx.clock.now());
  console.log('参考数据已重新载入。');
} finally {
  await database.close();
}
