/**
 * `npm start`: the platform on http://localhost:3000 with the embedded database in ./data (or DATABASE_URL).
 */
import { loadConfig } from './config.js';
import { AdjustableClock, systemClock } from './clock.js';
import { createContext, prepareData } from './bootstrap.js';
import { buildApp } from './app.js';
import { AppError } from './errors.js';
import { RollupJob } from './assessment/rollup.job.js';
import { seedDemoOnFirstStart } from './demo/demo-seed.js';

async function main(): Promise<void> {
  const config = loadConfig();
  // Demo mode, first start: three months of history through the real API (server/demo/).
  await seedDemoOnFirstStart(config);
  const testClock = config.fakeTime ? new AdjustableClock(config.fakeTime) : undefined;
  const { ctx, database } = await createContext(config, testClock ?? systemClock);
  const seeded = await prepareData(ctx);
  const app = await buildApp(ctx, { testClock, logger: { level: config.logLevel } });
  ctx.timers.start(1000);
  // Assessment rollups follow the event log; computing a month also catches up first.
  const rollups = new RollupJob(ctx.db, ctx.clock);
  rollups.start(60_000);
  // Suggestion models learn from the record every night's worth of hours, and on demand.
  ctx.suggestions.schedule(24 * 3600 * 1000);
  const shutdown = async (signal: string) => {
    console.log(`收到 ${signal}，正在停止……`);
    await ctx.timers.stop();
    await rollups.stop();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `嵌入式 PGlite（${config.dataDir}）`;
  // One write, so whoever watches the output sees the whole start-up report at once.
  const lines = [
    `Jiesu 接诉即办平台已启动：http://localhost:${port}  数据库：${where}`,
    `API 文档：http://localhost:${port}/api/docs`,
  ];
  if (seeded.referenceLoaded) lines.push('已载入参考数据（渠道、事项分类、单位、派单目录、工作日历）。');
  if (config.demo)
    lines.push(`演示模式：演示账号 ${seeded.demoUsers} 个，密码见 README（JIESU_DEMO_PASSWORD）。`);
  if (testClock)
    lines.push(`测试时钟：从 ${config.fakeTime?.toISOString()} 开始，可通过 /api/v1/test-clock 拨动。`);
  console.log(lines.join('\n'));
}

main().catch((err: unknown) => {
  if (err instanceof AppError) {
    console.error(`启动失败 [${err.code}]：${err.message}`);
  } else {
    console.error('启动失败：', err);
  }
  process.exit(1);
});
