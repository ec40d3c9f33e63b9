/**
 * `npm start`: the platform on http://localhost:3000 with the embedded PostgreSQL cluster in ./data/pg (or
 * DATABASE_URL). Shutdown order on SIGTERM/SIGINT: HTTP → timers → database (the cluster stops last).
 */
import { loadConfig } from './config.js';
import { AdjustableClock, systemClock } from './clock.js';
import { createContext, databaseOptionsFor, prepareData } from './bootstrap.js';
import { buildApp } from './app.js';
import { AppError } from './errors.js';
import { RollupJob } from './assessment/rollup.job.js';
import { similarityExpiryJob } from './search/similarity-expiry.js';
import { seedDemoOnFirstStart } from './demo/demo-seed.js';
import { createSmsWorker } from './sms/sms.worker.js';
import { OutboxWorker } from './integrations/outbox.worker.js';
import { PartnerPoller } from './integrations/inbound.service.js';

async function main(): Promise<void> {
  const config = loadConfig();
  // Demo mode, first start: three months of history through the real API (server/demo/).
  await seedDemoOnFirstStart(config);
  const testClock = config.fakeTime ? new AdjustableClock(config.fakeTime) : undefined;
  const { ctx, database } = await createContext(
    config,
    testClock ?? systemClock,
    databaseOptionsFor(config, (line) => console.log(line)),
  );
  // The embedded cluster died under us (killed, out of memory): exit non-zero and let the supervisor restart
  // us; the next start recovers the cluster (crash recovery replays the WAL). Nothing half-written is served.
  database.cluster?.onUnexpectedExit((code, signal) => {
    console.error(
      `启动失败 [DB.EMBEDDED_EXITED]：嵌入式 PostgreSQL 意外退出（${signal ?? `退出码 ${code}`}），服务停止；重新启动即可恢复。`,
    );
    process.exit(3);
  });
  const seeded = await prepareData(ctx);
  const app = await buildApp(ctx, { testClock, logger: { level: config.logLevel } });
  ctx.timers.start(1000);
  // Assessment rollups follow the event log; computing a month also catches up first.
  const rollups = new RollupJob(ctx.db, ctx.clock);
  rollups.start(60_000);
  // SMS leave through the configured gateway (JIESU_SMS_DRIVER); in demo mode they stay in the readable outbox.
  const sms = createSmsWorker(ctx);
  sms?.start(2000);
  // Suggestion models learn from the record every night's worth of hours, and on demand.
  ctx.suggestions.schedule(24 * 3600 * 1000);
  // Report-backs and webhooks leave through the durable outbox; poll-only partners are polled (server/integrations/).
  const outbox = new OutboxWorker(ctx);
  outbox.start(1000);
  const poller = new PartnerPoller(ctx);
  poller.start(15_000);
  // The duplicate check's similarity keys are cleared once no check can look them up (ADR 0010).
  const similarityExpiry = similarityExpiryJob(ctx);
  similarityExpiry.start(3600_000);
  const shutdown = async (signal: string) => {
    console.log(`收到 ${signal}，正在停止……`);
    await app.close();
    await ctx.timers.stop();
    await sms?.stop();
    await outbox.stop();
    await poller.stop();
    await rollups.stop();
    await similarityExpiry.stop();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const where =
    database.engine === 'postgres'
      ? 'PostgreSQL (DATABASE_URL)'
      : database.engine === 'embedded-postgres'
        ? `嵌入式 PostgreSQL（${config.dataDir}/pg）`
        : `嵌入式 PGlite（${config.dataDir}，不落盘，仅供开发）`;
  // One write, so whoever watches the output sees the whole start-up report at once.
  const lines = [
    `Jiesu 接诉即办平台已启动：http://localhost:${port}  数据库：${where}`,
    `API 文档：http://localhost:${port}/api/docs`,
  ];
  lines.push(
    sms
      ? `短信：经 ${config.sms.driver === 'http' ? 'HTTP 短信网关' : 'SMPP'} 发送（JIESU_SMS_DRIVER=${config.sms.driver}）。`
      : '短信：演示模式，不外发（JIESU_SMS_DRIVER=demo）。',
  );
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
