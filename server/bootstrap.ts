/**
 * Wires a running platform: database, keys, cipher, calendar and policy services, reference and demo data.
 * Used by `npm start`, the tests and the benchmarks alike.
 */
import { eq } from 'drizzle-orm';
import { openDatabase, type Database, type DatabaseOptions } from './db/client.js';
import { users } from './db/schema.js';
import type { Config } from './config.js';
import type { Clock } from './clock.js';
import type { AppContext } from './context.js';
import { AppError } from './errors.js';
import { loadKeyring } from './security/keys.js';
import { createPersonalDataCipher } from './security/crypto.js';
import { CalendarService } from './calendar/calendar.service.js';
import { PolicyService } from './policy/policy.service.js';
import { ReferenceCache } from './reference/reference.cache.js';
import { TimerService } from './timers/timer.service.js';
import { NotificationHub } from './notifications/notification.hub.js';
import { SuggestionService } from './classify/suggestion.service.js';
import { isReferenceLoaded, loadDemoUsers, loadReferenceData } from './reference/seed.js';

/**
 * DATABASE_URL → that PostgreSQL; otherwise the embedded engine in DATA_DIR: a durable PostgreSQL cluster by
 * default (ADR 0005), PGlite only when JIESU_EMBEDDED_ENGINE=pglite.
 */
export function databaseOptionsFor(config: Config, onProgress?: (line: string) => void): DatabaseOptions {
  if (config.databaseUrl) return { kind: 'postgres', url: config.databaseUrl };
  if (config.embeddedEngine === 'pglite') return { kind: 'pglite', dataDir: config.dataDir };
  return { kind: 'embedded-postgres', dataDir: config.dataDir, onProgress };
}

/**
 * PGlite on disk acknowledges a write before it is on disk (it runs PostgreSQL without fsync): a crash or a
 * power cut loses registered requests. Production refuses it and accepts the embedded PostgreSQL cluster (fsync
 * and synchronous_commit on) or DATABASE_URL; PGlite stays for in-memory tests and as an opt-in engine.
 */
export function refuseNonDurableInProduction(config: Config, dbOptions: DatabaseOptions): void {
  if (config.production && dbOptions.kind === 'pglite') {
    throw new AppError(
      'CONFIG.INVALID',
      '生产环境（NODE_ENV=production）不能使用嵌入式数据库 PGlite：它不把写入强制落盘（不执行 fsync），断电或崩溃会丢失已受理的诉求。请去掉 JIESU_EMBEDDED_ENGINE=pglite（默认的嵌入式 PostgreSQL 会落盘），或配置 DATABASE_URL 指向 PostgreSQL。',
    );
  }
}

export async function createContext(
  config: Config,
  clock: Clock,
  dbOptions: DatabaseOptions = databaseOptionsFor(config),
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ ctx: AppContext; database: Database }> {
  const keyring = loadKeyring({ env, dataDir: config.dataDir, production: config.production });
  const cipher = createPersonalDataCipher(keyring, config.cipher);
  refuseNonDurableInProduction(config, dbOptions);
  const database = await openDatabase(dbOptions);
  const ctx = {
    db: database.db,
    dbKind: database.kind,
    clock,
    config,
    cipher,
    calendar: new CalendarService(database.db),
    policy: new PolicyService(database.db),
    reference: new ReferenceCache(database.db),
    hub: new NotificationHub(),
  } as Omit<AppContext, 'timers' | 'suggestions'> as AppContext;
  await ctx.hub.attach(database);
  ctx.timers = new TimerService(ctx);
  ctx.suggestions = new SuggestionService(ctx);
  return { ctx, database };
}

/** First start loads reference data; demo mode adds demo users; production refuses demo accounts. */
export async function prepareData(ctx: AppContext): Promise<{ referenceLoaded: boolean; demoUsers: number }> {
  let referenceLoaded = false;
  if (!(await isReferenceLoaded(ctx.db))) {
    await loadReferenceData(ctx.db, ctx.clock.now());
    referenceLoaded = true;
  }
  let demoUsers = 0;
  if (ctx.config.demo) {
    demoUsers = await loadDemoUsers(ctx.db, ctx.config.demoPassword);
  } else if (ctx.config.production) {
    const [demo] = await ctx.db
      .select({ username: users.username })
      .from(users)
      .where(eq(users.isDemo, true))
      .limit(1);
    if (demo) {
      throw new AppError(
        'CONFIG.INVALID',
        `数据库中存在演示账号（如 ${demo.username}），生产环境拒绝启动。请删除演示账号，或使用新的数据库。`,
      );
    }
  }
  return { referenceLoaded, demoUsers };
}
