/**
 * `npm run seed:reference [-- --reset-rules]`: reloads the reference data (channels, categories, units,
 * calendar, first policy version) into the configured database. Existing rows are updated by code. The
 * responsibility rules are kept as admins edited them; `--reset-rules` replaces them with the starter catalogue.
 */
import { loadConfig } from '../config.js';
import { systemClock } from '../clock.js';
import { createContext } from '../bootstrap.js';
import { loadReferenceData } from './seed.js';

const config = loadConfig();
const { ctx, database } = await createContext(config, systemClock);
try {
  await loadReferenceData(ctx.db, ctx.clock.now(), { resetRules: process.argv.includes('--reset-rules') });
  console.log('参考数据已重新载入。');
} finally {
  await database.close();
}
