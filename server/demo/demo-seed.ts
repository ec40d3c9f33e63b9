/**
 * Demo city with history: drives the real HTTP API (app.inject) as the demo users through a moving clock,
 * so a fresh demo data dir shows tickets in every queue. Never writes rows directly.
 *
 * - First start in demo mode (server/main.ts) seeds once per data dir: the marker `demo-history.done` in DATA_DIR
 *   records it, and a database that already has tickets is left alone. `JIESU_DEMO_HISTORY=0` skips it,
 *   `JIESU_DEMO_TICKETS` sets the size (default 400), `JIESU_DEMO=0` or production disables demo mode entirely.
 * - `npm run seed:demo -- --tickets N --seed S --days D [--force]` runs it by hand; without --force it refuses a
 *   database with tickets.
 * - Messages come from data/tipdm-2020-sample/train.tsv, place names swapped for
 *   Jilin's; complainants are fake (139 0000 xxxx).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import { createContext, databaseOptionsFor, prepareData } from '../bootstrap.js';
import type { DatabaseOptions } from '../db/client.js';
import { FixedClock } from '../clock.js';
import { seededRandom } from '../../domain/classify/seeded-random.js';
import type { Config } from '../config.js';
import { UNITS } from '../reference/data/units.js';
import { DISTRICTS } from '../reference/data/districts.js';

export interface DemoSeedOptions {
  tickets: number;
  seed: number;
  days: number;
  force?: boolean;
  progress?: (line: string) => void;
}

interface Sample {
  subject: string;
  detail: string;
}

function loadSamples(): Sample[] {
  // The repository carries the sample (data/tipdm-2020-sample/PROVENANCE.md).
  const file = fileURLToPath(new URL('../../data/tipdm-2020-sample/train.tsv', import.meta.url));
  return readFileSync(file, 'utf8')
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t'))
    .filter((c) => (c[3] ?? '').trim().length > 5)
    .map((c) => ({ subject: (c[1] ?? '').trim().slice(0, 60), detail: (c[3] ?? '').trim().slice(0, 1500) }));
}

/** Place names of the sample (A市, K8县 …) replaced by Jilin's. */
function adapt(text: string, district: string): string {
  return text.replace(/[A-Z]\d*(市|县|区)/g, district);
}

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛'];

/** The few fields of an API answer the seed reads. */
interface Reply {
  id: string;
  status: string;
  token: string;
  total: number;
}

type Inject = (
  method: 'GET' | 'POST',
  url: string,
  token: string,
  body?: unknown,
) => Promise<{ status: number; json: Reply }>;

/** Seeds a fresh database through the API. Returns the counts by final status, or null if it already had tickets. */
export async function seedDemo(
  config: Config,
  options: DemoSeedOptions,
): Promise<Record<string, number> | null> {
  const random = seededRandom(options.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const end = new Date();
  end.setUTCHours(1, 0, 0, 0); // 09:00 Jilin time today
  const start = new Date(end.getTime() - options.days * 86400_000);
  const clock = new FixedClock(start);
  const seedConfig: Config = {
    ...config,
    demo: true,
    sessionIdleSeconds: 365 * 86400,
    sessionAbsoluteSeconds: 365 * 86400,
    rateLimits: {
      loginPerMinute: 1_000_000,
      publicSubmitPerMinute: 1_000_000,
      publicTrackPerMinute: 1_000_000,
    },
  };
  // The seed's own connections commit without waiting for the WAL flush (synchronous_commit=off): thousands of
  // commits no longer wait for the disk one by one. Safe here: a crash mid-seed loses at most the last commits
  // of a history nobody was told about, and the server opens its connections afterwards with the durable
  // defaults. The marker file is written only after the seed has finished.
  const { ctx, database } = await createContext(seedConfig, clock, seedDatabaseOptions(seedConfig));
  let app: FastifyInstance | undefined;
  try {
    await prepareData(ctx);
    app = await buildApp(ctx, { testClock: clock });
    await app.ready();
    const a = app;
    const inject: Inject = async (method, url, token, body) => {
      const res = await a.inject({
        method,
        url,
        headers: token ? { authorization: `Bearer ${token}` } : {},
        ...(body === undefined ? {} : { payload: body as object }),
      });
      return { status: res.statusCode, json: (res.body ? res.json() : {}) as Reply };
    };
    const tokens = new Map<string, string>();
    const as = async (username: string): Promise<string> => {
      const known = tokens.get(username);
      if (known) return known;
      const res = await inject('POST', '/api/v1/auth/login', '', { username, password: config.demoPassword });
      if (res.status !== 200) throw new Error(`演示数据：登录 ${username} 失败（${res.status}）`);
      tokens.set(username, res.json.token);
      return res.json.token;
    };
    const operator = await as('operator');
    const existing = await inject('GET', '/api/v1/tickets?page=1&pageSize=1', operator);
    if (existing.status === 200 && existing.json.total > 0 && !options.force) return null;
    const { unitIdsByCode } = await import('../reference/seed.js');
    const ids = await unitIdsByCode(ctx.db);
    const streets = UNITS.filter((u) => /^S\d{6}-/.test(u.code) && ids.has(u.code));
    const districtName = new Map(DISTRICTS.map((d) => [d.code, d.nameZh]));
    const samples = loadSamples();
    const counts: Record<string, number> = {};
    const count = (k: string) => (counts[k] = (counts[k] ?? 0) + 1);
    let lastStatus = '';
    const act = async (token: string, id: string, action: string, body: unknown): Promise<boolean> => {
      const res = await inject('POST', `/api/v1/tickets/${id}/${action}`, token, body);
      lastStatus = res.status === 200 ? res.json.status : lastStatus;
      count(res.status === 200 ? `action:${action}` : `refused:${action}:${res.status}`);
      if (res.status !== 200 && process.env.JIESU_DEMO_DEBUG)
        console.error(action, JSON.stringify(res.json).slice(0, 300));
      return res.status === 200;
    };
    const stepMs = (options.days * 86400_000) / options.tickets;
    for (let i = 0; i < options.tickets; i++) {
      clock.set(new Date(start.getTime() + i * stepMs));
      const age = (options.tickets - i) / options.tickets; // 1 = oldest, 0 = newest
      const street = pick(streets);
      const districtCode = street.code.slice(1, 7);
      const districtZh = districtName.get(districtCode) ?? '船营区';
      const s = pick(samples);
      const phone = `1390000${String(Math.floor(random() * 10000)).padStart(4, '0')}`;
      // Urgent tickets are always revisited (R4.6.1): the newest replied ones stay in the revisitor's queue.
      // A general ticket's revisit is drawn at random (R4.6.1), so the unsatisfied ones are urgent.
      const unsatisfied = random() < 0.12;
      const urgent = unsatisfied || (age < 0.15 && age >= 0.1) || random() < 0.12;
      const reg = await inject('POST', '/api/v1/tickets', operator, {
        channel: 'hotline_12345',
        title: adapt(s.subject, districtZh),
        content: adapt(s.detail, districtZh),
        complainant: {
          name: pick([...SURNAMES]) + pick(GIVEN),
          phone,
          address: `吉林市${districtZh}${street.nameZh}`,
        },
        location: { district: districtCode, address: `${street.nameZh}附近` },
        urgency: urgent ? 'urgent' : 'general',
      });
      if (reg.status !== 201) {
        count(`refused:register:${reg.status}`);
        if (process.env.JIESU_DEMO_DEBUG) console.error('register', JSON.stringify(reg.json).slice(0, 300));
        continue;
      }
      const id = reg.json.id;
      count(urgent ? 'urgent' : 'general');
      progress(
        options,
        `演示数据：第 ${i + 1}/${options.tickets} 件（${clock.now().toISOString().slice(0, 10)}）`,
      );
      // The newest few stay in the operator's queue.
      if (age < 0.02) continue;
      if (!(await act(operator, id, 'dispatch', { unitId: ids.get(street.code) }))) continue;
      const handler = await as(`${street.code.toLowerCase()}.handler`);
      if (age < 0.05) continue; // in the unit's inbox
      const roll = random();
      if (roll < 0.05) {
        // A return, ruled on by the office: accepted (to the district government) or refused.
        await act(handler, id, 'return', { reason: '该事项不属于本单位职责范围。' });
        const accept = random() < 0.5;
        await act(
          operator,
          id,
          'review-return',
          accept
            ? {
                accept: true,
                unitId: ids.get(`D${districtCode}`) ?? ids.get(street.code),
                reason: '同意退单，改派属地政府。',
              }
            : { accept: false, reason: '属于本单位属地职责，请继续办理。' },
        );
        continue;
      }
      if (!(await act(handler, id, 'accept', { responsiblePerson: pick([...SURNAMES]) + pick(GIVEN) })))
        continue;
      if (age < 0.1) continue; // accepted, being handled
      if (urgent) await act(handler, id, 'report-disposal', { text: '已到现场先行处置。' });
      else await act(handler, id, 'verify', { text: '已到现场核实，情况属实。' });
      if (!(await act(handler, id, 'complete', { result: '已到现场核实并处理完毕。' }))) continue;
      if (
        !(await act(handler, id, 'feedback', {
          toComplainant: '已电话告知诉求人办理结果。',
          toOffice: '已办结，诉求人知晓。',
        }))
      )
        continue;
      if (age < 0.15 || lastStatus !== 'replied') continue; // the revisitor's queue, or not drawn for revisit
      const revisitor = await as('revisitor');
      const outcome = unsatisfied ? 'unsatisfied' : random() < 0.3 ? 'basically_satisfied' : 'satisfied';
      await act(revisitor, id, 'revisit', {
        outcome,
        note: outcome === 'unsatisfied' ? '群众对结果不满意' : '',
      });
      if (outcome !== 'unsatisfied') continue;
      // R6.1: an unsatisfied revisit opens a supervision case; the supervisor sends a notice.
      const supervisor = await as('supervisor');
      const dueAt = new Date(clock.now().getTime() + 3 * 86400_000).toISOString();
      await act(supervisor, id, 'supervise', { notice: '限期三日内整改到位。', dueAt });
      if (age < 0.5) continue; // the case stays open
      await act(handler, id, 'complete', { result: '已彻底整改。' });
      await act(handler, id, 'feedback', { toComplainant: '已告知整改结果。', toOffice: '已整改。' });
      await act(revisitor, id, 'revisit', { outcome: 'satisfied', note: '整改后满意' });
    }
    // Today: the sweep runs once the clock reaches now.
    clock.set(end);
    await ctx.timers.sweep();
    // The last complete month: computed, reviewed and published (R7.2).
    const jilin = new Date(end.getTime() + 8 * 3600_000);
    const prev = new Date(Date.UTC(jilin.getUTCFullYear(), jilin.getUTCMonth() - 1, 1));
    const month = `${prev.getUTCFullYear()}-${String(prev.getUTCMonth() + 1).padStart(2, '0')}`;
    for (const step of ['compute', 'review', 'publish']) {
      const res = await inject(
        'POST',
        `/api/v1/assessment/monthly/${month}/${step}`,
        operator,
        step === 'compute' ? {} : undefined,
      );
      count(
        res.status === 200 || res.status === 201
          ? `assessment:${step}`
          : `refused:assessment:${step}:${res.status}`,
      );
      if (res.status >= 300 && process.env.JIESU_DEMO_DEBUG)
        console.error(step, JSON.stringify(res.json).slice(0, 300));
    }
    const all = await inject('GET', '/api/v1/tickets?page=1&pageSize=1', operator);
    counts.total = all.json.total ?? 0;
    return counts;
  } finally {
    if (app) await app.close();
    await database.close();
  }
}

function seedDatabaseOptions(config: Config): DatabaseOptions {
  const options = databaseOptionsFor(config);
  return options.kind === 'postgres' || options.kind === 'embedded-postgres'
    ? { ...options, session: { synchronous_commit: 'off' } }
    : options;
}

let last = 0;
function progress(options: DemoSeedOptions, line: string): void {
  const now = Date.now();
  if (!options.progress || now - last < 200) return;
  last = now;
  options.progress(line);
}

/** Default size of the first-start history; `JIESU_DEMO_TICKETS` overrides it. */
export const DEFAULT_DEMO_TICKETS = 400;

/**
 * First start in demo mode: seeds the history once per data dir (a marker file records it; a database that
 * already has tickets is left alone). `JIESU_DEMO_HISTORY=0` skips it.
 */
export async function seedDemoOnFirstStart(
  config: Config,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  if (!config.demo || env.JIESU_DEMO_HISTORY === '0') return;
  const marker = resolve(config.dataDir, 'demo-history.done');
  if (existsSync(marker)) return;
  const t0 = Date.now();
  const counts = await seedDemo(config, {
    tickets: Number(env.JIESU_DEMO_TICKETS ?? DEFAULT_DEMO_TICKETS),
    seed: 2026,
    days: 90,
    progress: (line) => process.stdout.write(`\r${line}`),
  });
  mkdirSync(config.dataDir, { recursive: true });
  writeFileSync(marker, `${new Date().toISOString()}\n`);
  if (counts)
    process.stdout.write(
      `\r演示数据：${counts.total} 件工单，用时 ${((Date.now() - t0) / 1000).toFixed(0)} 秒。\n`,
    );
}
