/**
 * `npm run seed:demo [-- --tickets N --seed S --days D --step H --force --profile]`: fills a demo database with
 * history. Refuses a database that already has tickets unless --force; --profile prints the calls, time and SQL
 * statements per use case (time summed over concurrent calls, so more than the wall time).
 */
import { loadConfig } from '../server/config.js';
import { DEFAULT_DEMO_TICKETS, seedDemo, type DemoTimings } from '../server/demo/demo-seed.js';

const args = process.argv.slice(2);
const opt = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const config = loadConfig();
if (!config.demo) {
  console.error('演示数据只能在演示模式下生成（非生产环境，且未设置 JIESU_DEMO=0）。');
  process.exit(1);
}
const t0 = Date.now();
const timings: DemoTimings | undefined = args.includes('--profile') ? {} : undefined;
const counts = await seedDemo(config, {
  tickets: opt('tickets', DEFAULT_DEMO_TICKETS),
  seed: opt('seed', 2026),
  days: opt('days', 90),
  stepHours: opt('step', 3),
  force: args.includes('--force'),
  progress: (line) => process.stdout.write(`\r${line}`),
  ...(timings ? { timings } : {}),
});
if (!counts) {
  console.error('数据库中已有工单，未生成演示数据（加 -- --force 强制生成）。');
  process.exit(1);
}
const cpu = process.cpuUsage();
console.log(
  `\n演示数据已生成，用时 ${((Date.now() - t0) / 1000).toFixed(1)} 秒（本进程 CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} 秒，不含数据库）：`,
  counts,
);
if (timings) {
  console.log(
    'use case'.padEnd(48),
    'calls'.padStart(6),
    'total s'.padStart(9),
    'mean ms'.padStart(9),
    'SQL'.padStart(8),
    'SQL/call'.padStart(9),
  );
  for (const [k, { calls, ms, queries }] of Object.entries(timings).sort((a, b) => b[1].ms - a[1].ms))
    console.log(
      k.padEnd(48),
      String(calls).padStart(6),
      (ms / 1000).toFixed(1).padStart(9),
      (calls ? ms / calls : 0).toFixed(1).padStart(9),
      String(queries).padStart(8),
      (calls ? queries / calls : 0).toFixed(1).padStart(9),
    );
}
