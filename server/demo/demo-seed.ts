/**
 * Demo city with history: drives the real HTTP API (app.inject) as the demo users through a moving clock,
 * so a fresh demo data dir shows tickets in every queue. Never writes rows directly.
 *
 * - Every ticket's life is a script (`lifecycle`) that waits for the instants of its steps on one moving clock
 *   (server/demo/simulation.ts): the clock advances in steps of three hours and the actions due within a step run
 *   concurrently. Every choice (street, message, urgency, path, outcome, delays) is drawn up front from the seeded
 *   generator, so a seed gives the same history whatever order the concurrent requests finish in.
 * - The paths: dispatch, accept, verify or on-site report with tracking calls (urgent), complete, feedback,
 *   revisit; returns ruled on, sub-dispatch by a district government (R4.2.2), plans with a promised date
 *   (R4.4.3), coordination asked for, drafted and decided by the city leader (R5.1), consultations answered at
 *   intake from two published knowledge articles, late completions explained
 *   (R4.5), unsatisfied revisits supervised or closed by supervision (R6.1), reopenings, merged duplicates (R2.2).
 *   The timers' sweep runs once a simulated day; the last two complete months are computed, reviewed and
 *   published (R7.2). The newest tickets stop early, so every demo role finds work today.
 * - First start in demo mode (server/main.ts) seeds once per data dir: the marker `demo-history.done` in DATA_DIR
 *   records it, and a database that already has tickets is left alone. `JIESU_DEMO_HISTORY=0` skips it,
 *   `JIESU_DEMO_TICKETS` sets the size (default 2,000), `JIESU_DEMO=0` or production disables demo mode entirely.
 * - `npm run seed:demo -- --tickets N --seed S --days D --step H [--force] [--profile]` runs it by hand; without
 *   --force it refuses a database with tickets; --profile prints the calls, time and SQL statements per use case.
 * - Messages come from data/tipdm-2020-sample/train.tsv, place names swapped for
 *   Jilin's; complainants are fake (139 0000 xxxx).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import pg from 'pg';
import { buildApp } from '../app.js';
import { createContext, databaseOptionsFor, prepareData } from '../bootstrap.js';
import type { DatabaseOptions } from '../db/client.js';
import { FixedClock } from '../clock.js';
import { seededRandom } from '../../domain/classify/seeded-random.js';
import type { Config } from '../config.js';
import { UNITS } from '../reference/data/units.js';
import type { UnitSeed } from '../reference/data/types.js';
import { TICKET_STATUSES } from '../../shared/enums.js';
import { Simulation } from './simulation.js';
import type { ActionName, TicketView } from '../../shared/schemas/tickets.js';
import { DISTRICTS } from '../reference/data/districts.js';

export interface DemoSeedOptions {
  tickets: number;
  seed: number;
  days: number;
  force?: boolean;
  progress?: (line: string) => void;
  /** Hours the moving clock advances per step (default 3): the actions due within a step run concurrently. */
  stepHours?: number;
  /** Filled with the calls and time per use case, when given. */
  timings?: DemoTimings;
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

/** The demo's knowledge base: what a caller asks most, answered at intake. */
const ARTICLES = [
  {
    title: '吉林市居住证办理流程',
    body: '持本人身份证、居住登记凭证到居住地派出所户籍窗口申请，材料齐全的十五个工作日内发证。',
    public: true,
  },
  {
    title: '供暖期及报修电话',
    body: '吉林市城区供暖期为每年10月25日至次年4月5日。室温不达标可拨打供热企业报修电话，或拨打12345反映。',
    public: true,
  },
];

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

const HOUR = 3_600_000;
const DAY = 86_400_000;

type Path = 'normal' | 'return' | 'plan' | 'sub-dispatch' | 'coordination' | 'answer';
type Outcome = 'satisfied' | 'basically_satisfied' | 'unsatisfied' | 'unreachable';

/**
 * Every choice of one ticket's history, drawn up front from the seeded generator in ticket order: the same seed
 * gives the same history whatever order the concurrent requests finish in.
 */
interface Plan {
  index: number;
  /** Registration instant (ms). */
  at: number;
  /** Near 1 for the oldest ticket, 0 for the newest. */
  age: number;
  street: UnitSeed;
  districtZh: string;
  sample: Sample;
  name: string;
  phone: string;
  person: string;
  urgent: boolean;
  path: Path;
  returnAccepted: boolean;
  late: boolean;
  outcome: Outcome;
  closedBySupervisor: boolean;
  reopened: boolean;
  duplicate: boolean;
  duplicateName: string;
  /** Uniform draws for the delays between steps. */
  r: number[];
}

function drawPlans(
  count: number,
  start: number,
  end: number,
  random: () => number,
  streets: UnitSeed[],
  samples: Sample[],
  districtName: Map<string, string>,
): Plan[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const person = () => pick([...SURNAMES]) + pick(GIVEN);
  const step = (end - start) / count;
  const plans: Plan[] = [];
  for (let i = 0; i < count; i++) {
    const age = (count - 1 - i) / count;
    const street = pick(streets);
    const roll = random();
    const outcomeRoll = random();
    // An unsatisfied revisit comes back through supervision (R6.1); urgent tickets are always revisited (R4.6.1),
    // a general one only when drawn, so the unsatisfied ones are urgent.
    // A few from two weeks ago are unsatisfied, so supervision has open cases today.
    const outcome: Outcome =
      outcomeRoll < 0.12 || (age >= 0.15 && age < 0.17)
        ? 'unsatisfied'
        : outcomeRoll < 0.15
          ? 'unreachable'
          : outcomeRoll < 0.4
            ? 'basically_satisfied'
            : 'satisfied';
    const urgent = outcome === 'unsatisfied' || (age < 0.15 && age >= 0.1) || random() < 0.12;
    const path: Path =
      roll < 0.05
        ? 'return'
        : roll < 0.09 && !urgent
          ? 'plan'
          : roll < 0.14 && street.superiorCode
            ? 'sub-dispatch'
            : roll < 0.17
              ? 'coordination'
              : roll < 0.21 && !urgent
                ? 'answer'
                : 'normal';
    plans.push({
      index: i,
      at: Math.round(start + i * step + random() * step * 0.5),
      age,
      street,
      districtZh: districtName.get(street.code.slice(1, 7)) ?? '船营区',
      sample: pick(samples),
      name: person(),
      phone: `1390000${String(Math.floor(random() * 10000)).padStart(4, '0')}`,
      person: person(),
      urgent,
      path,
      returnAccepted: random() < 0.5,
      late: random() < 0.08,
      outcome,
      closedBySupervisor: random() < 0.2,
      reopened: random() < 0.03,
      duplicate: random() < 0.04,
      duplicateName: person(),
      r: Array.from({ length: 16 }, () => random()),
    });
  }
  return plans;
}

/**
 * Per use case: how many calls, how long they took (summed over concurrent calls) and how many SQL statements
 * they sent (on PostgreSQL; a grouped registration counts for the call that sent the group).
 */
export type DemoTimings = Record<string, { calls: number; ms: number; queries: number }>;

/**
 * Counts the SQL statements sent through `pg` while `run` runs, per use case of the profile (the key in `useCase`
 * when the statement is sent). For --profile only: the statements are the same, only counted.
 */
async function countingQueries<T>(
  timings: DemoTimings,
  useCase: AsyncLocalStorage<string>,
  run: () => Promise<T>,
): Promise<T> {
  // Counted where the caller's context is still known: a pool's query when it is called (the pool may run it
  // later, from another request's release), and a checked-out client's query (a transaction) while checked out.
  type Fn = (...args: unknown[]) => unknown;
  const pool = pg.Pool.prototype as unknown as { query: Fn; connect: Fn };
  const client = pg.Client.prototype as unknown as { query: Fn };
  const original = { poolQuery: pool.query, connect: pool.connect, clientQuery: client.query };
  const checkedOut = new WeakSet<object>();
  const countOne = () => {
    const key = useCase.getStore() ?? '(outside a use case)';
    (timings[key] ??= { calls: 0, ms: 0, queries: 0 }).queries++;
  };
  pool.query = function (this: unknown, ...args: unknown[]) {
    countOne();
    return original.poolQuery.apply(this, args);
  };
  client.query = function (this: object, ...args: unknown[]) {
    if (checkedOut.has(this)) countOne();
    return original.clientQuery.apply(this, args);
  };
  pool.connect = function (this: unknown, ...args: unknown[]) {
    const result = original.connect.apply(this, args);
    if (args.length > 0) return result; // the pool's own query (a callback): counted above
    return (result as Promise<{ release: Fn }>).then((c) => {
      checkedOut.add(c);
      const release = c.release;
      c.release = (...a: unknown[]) => {
        checkedOut.delete(c);
        c.release = release;
        return release.apply(c, a);
      };
      return c;
    });
  };
  try {
    return await run();
  } finally {
    Object.assign(pool, { query: original.poolQuery, connect: original.connect });
    client.query = original.clientQuery;
  }
}

/** The profile's name of a request: its method and path, ids replaced by `:id`. */
function useCaseOf(method: string, url: string): string {
  return `${method} ${url.replace(/[0-9a-f-]{36}/g, ':id').replace(/[?].*$/, '')}`;
}

/** Seeds a fresh database through the API. Returns the counts by final status, or null if it already had tickets. */
export async function seedDemo(
  config: Config,
  options: DemoSeedOptions,
): Promise<Record<string, number> | null> {
  const useCase = new AsyncLocalStorage<string>();
  return options.timings
    ? countingQueries(options.timings, useCase, () => seedDemoWith(config, options, useCase))
    : seedDemoWith(config, options, useCase);
}

async function seedDemoWith(
  config: Config,
  options: DemoSeedOptions,
  useCase: AsyncLocalStorage<string>,
): Promise<Record<string, number> | null> {
  const random = seededRandom(options.seed);
  // The history ends now, on a whole step of the moving clock.
  const stepMs = options.stepHours ? options.stepHours * HOUR : 3 * HOUR;
  const end = Math.floor(Date.now() / 60_000) * 60_000;
  const start = end - options.days * DAY;
  const clock = new FixedClock(new Date(start));
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
    if (options.timings) {
      // The profile's SQL count per use case: each request's own work runs under its use case's name (the
      // context of the inject call does not reach the handler through the request's body stream).
      const enter = (req: FastifyRequest, _reply: unknown, done: () => void) => {
        useCase.enterWith(useCaseOf(req.method, req.url));
        done();
      };
      app.addHook('onRequest', enter);
      app.addHook('preHandler', enter);
    }
    await app.ready();
    const a = app;
    const timings = options.timings;
    const timed = async <T>(key: string, run: () => Promise<T>): Promise<T> => {
      const t0 = performance.now();
      try {
        return await (timings ? useCase.run(key, run) : run());
      } finally {
        if (timings) {
          const t = (timings[key] ??= { calls: 0, ms: 0, queries: 0 });
          t.calls++;
          t.ms += performance.now() - t0;
        }
      }
    };
    const inject: Inject = async (method, url, token, body) => {
      const res = await timed(useCaseOf(method, url), () =>
        a.inject({
          method,
          url,
          headers: token ? { authorization: `Bearer ${token}` } : {},
          ...(body === undefined ? {} : { payload: body as object }),
        }),
      );
      return { status: res.statusCode, json: (res.body ? res.json() : {}) as Reply };
    };
    // One session per demo user for the whole history (logged in once, on first use).
    const tokens = new Map<string, Promise<string>>();
    const as = (username: string): Promise<string> => {
      let token = tokens.get(username);
      if (!token) {
        token = inject('POST', '/api/v1/auth/login', '', { username, password: config.demoPassword }).then(
          (res) => {
            if (res.status !== 200) throw new Error(`演示数据：登录 ${username} 失败（${res.status}）`);
            return res.json.token;
          },
        );
        tokens.set(username, token);
      }
      return token;
    };
    const operator = await as('operator');
    const existing = await inject('GET', '/api/v1/tickets?page=1&pageSize=1', operator);
    if (existing.status === 200 && existing.json.total > 0 && !options.force) return null;
    const { unitIdsByCode } = await import('../reference/seed.js');
    const ids = await unitIdsByCode(ctx.db);
    const streets = UNITS.filter((u) => /^S\d{6}-/.test(u.code) && ids.has(u.code));
    const districtName = new Map(DISTRICTS.map((d) => [d.code, d.nameZh]));
    const plans = drawPlans(options.tickets, start, end, random, streets, loadSamples(), districtName);
    const counts: Record<string, number> = {};
    const count = (k: string) => (counts[k] = (counts[k] ?? 0) + 1);
    const handlerOf = (unitCode: string) => `${unitCode.toLowerCase()}.handler`;
    const unitId = (code: string) => ids.get(code) as string;

    /** One lifecycle action through the API as `username`; the ticket after it, or null (counted) if refused. */
    const act = async (
      username: string,
      id: string,
      action: ActionName,
      body: unknown,
    ): Promise<TicketView | null> => {
      const res = await inject('POST', `/api/v1/tickets/${id}/${action}`, await as(username), body);
      count(res.status === 200 ? `action:${action}` : `refused:${action}:${res.status}`);
      if (res.status !== 200 && process.env.JIESU_DEMO_DEBUG)
        console.error(action, JSON.stringify(res.json).slice(0, 300));
      return res.status === 200 ? (res.json as unknown as TicketView) : null;
    };

    // Two published knowledge articles (drafted by one operator, published by another), for the consultations
    // answered at intake.
    const articleIds: string[] = [];
    for (const article of ARTICLES) {
      const drafted = await inject('POST', '/api/v1/knowledge', await as('operator2'), article);
      if (drafted.status !== 201) {
        count(`refused:knowledge:draft:${drafted.status}`);
        continue;
      }
      const submitted = await inject(
        'POST',
        `/api/v1/knowledge/${drafted.json.id}/submit`,
        await as('operator2'),
      );
      const published = await inject('POST', `/api/v1/knowledge/${drafted.json.id}/publish`, operator);
      if (submitted.status === 200 && published.status === 200) articleIds.push(drafted.json.id);
      else count(`refused:knowledge:publish:${submitted.status}/${published.status}`);
    }

    const sim = new Simulation(clock, end, stepMs);
    const register = async (p: Plan, name: string, phone: string): Promise<string | null> => {
      const reg = await inject('POST', '/api/v1/tickets', operator, {
        channel: 'hotline_12345',
        title: adapt(p.sample.subject, p.districtZh),
        content: adapt(p.sample.detail, p.districtZh),
        complainant: { name, phone, address: `吉林市${p.districtZh}${p.street.nameZh}` },
        location: { district: p.street.code.slice(1, 7), address: `${p.street.nameZh}附近` },
        urgency: p.urgent ? 'urgent' : 'general',
      });
      if (reg.status !== 201) {
        count(`refused:register:${reg.status}`);
        if (process.env.JIESU_DEMO_DEBUG) console.error('register', JSON.stringify(reg.json).slice(0, 300));
        return null;
      }
      return reg.json.id;
    };

    /** A second caller reports the same problem; the office merges it into the first ticket (R2.2). */
    const duplicate = async (p: Plan, parentId: string, from: number): Promise<void> => {
      if (!(await sim.at(from + (1 + 6 * (p.r[14] ?? 0)) * HOUR))) return;
      const id = await register(p, p.duplicateName, `1390001${String(p.index % 10000).padStart(4, '0')}`);
      if (!id) return;
      count('duplicates');
      if (!(await sim.at(clock.now().getTime() + HOUR / 2))) return;
      const res = await inject('POST', `/api/v1/tickets/${id}/merge`, operator, { parentId });
      count(res.status === 200 ? 'action:merge' : `refused:merge:${res.status}`);
    };

    /** One ticket's history: each step waits for its instant on the moving clock and stops at the end. */
    const lifecycle = async (p: Plan): Promise<void> => {
      let t = p.at;
      const d = (k: number, lo: number, hi: number) => lo + (hi - lo) * (p.r[k] ?? 0.5);
      const wait = (ms: number) => sim.at((t = Math.max(t, clock.now().getTime()) + ms));
      if (!(await sim.at(t))) return;
      const id = await register(p, p.name, p.phone);
      if (!id) return;
      count('registered');
      count(p.urgent ? 'urgent' : 'general');
      if (p.duplicate) sim.spawn(() => duplicate(p, id, t));
      if (p.age < 0.015) return; // the operator's queue
      if (p.path === 'answer' && articleIds.length > 0) {
        // A question answered on the spot from the knowledge base; the revisit closes it (R4.6).
        if (!(await wait(d(0, 0.05, 0.3) * HOUR))) return;
        const answered = await act('operator', id, 'answer', {
          articleIds: [articleIds[p.index % articleIds.length]],
          answer: '已根据知识库答复诉求人办理流程和所需材料。',
        });
        // Not drawn for a revisit (R4.6.1): archived at once; drawn: the revisitor's queue, then the revisit.
        if (!answered || answered.status !== 'answered' || p.age < 0.12) return;
        if (!(await wait(d(13, 0.5, 3) * DAY))) return;
        await act('revisitor', id, 'revisit', { outcome: 'satisfied', note: '' });
        return;
      }
      const district = p.street.superiorCode;
      let lead = p.path === 'sub-dispatch' && district ? district : p.street.code;
      if (!(await wait(p.urgent ? d(0, 0.1, 0.5) * HOUR : d(0, 0.3, 3) * HOUR))) return;
      if (!(await act('operator', id, 'dispatch', { unitId: unitId(lead) }))) return;
      if (p.age < 0.04) return; // the unit's inbox
      // A return comes at once, within its window (R4.3), which can be shorter than a step of the clock.
      if (p.path !== 'return' && !(await wait(p.urgent ? d(1, 0.1, 0.6) * HOUR : d(1, 0.3, 4) * HOUR)))
        return;
      if (p.path === 'return') {
        // A return, ruled on by the office: accepted (to the district government) or refused.
        if (!(await act(handlerOf(lead), id, 'return', { reason: '该事项不属于本单位职责范围。' }))) return;
        if (p.age < 0.06) return; // the office's returns queue
        if (!(await wait(d(2, 1, 6) * HOUR))) return;
        const reassign = p.returnAccepted && district && ids.has(district);
        const ruled = await act(
          'operator',
          id,
          'review-return',
          reassign
            ? { accept: true, unitId: unitId(district), reason: '同意退单，改派属地政府。' }
            : { accept: false, reason: '属于本单位属地职责，请继续办理。' },
        );
        if (!ruled) return;
        if (reassign) lead = district;
        if (!(await wait(d(3, 0.5, 3) * HOUR))) return;
      }
      const handler = handlerOf(lead);
      let reply = await act(handler, id, 'accept', { responsiblePerson: p.person });
      if (!reply) return;
      if (p.age < 0.08) return; // accepted, being handled
      if (p.path === 'sub-dispatch' && lead !== p.street.code) {
        // R4.2.2: the district government passes it to its street; the district stays accountable.
        if (!(await wait(d(3, 0.5, 2) * HOUR))) return;
        await act(handler, id, 'sub-dispatch', {
          unitId: unitId(p.street.code),
          note: '请属地街道现场处理。',
        });
      }
      if (p.path === 'coordination') {
        // R4.3.1, R5.1: the unit asks for help, the office drafts a proposal, the city leader decides.
        if (!(await wait(d(3, 2, 8) * HOUR))) return;
        if (
          !(await act(handler, id, 'request-assistance', {
            reason: '涉及多个部门职责，需协调相关单位共同处理。',
          }))
        )
          return;
        if (!(await wait(d(4, 1, 4) * HOUR))) return;
        const assist = streets[(streets.indexOf(p.street) + 1) % streets.length] as UnitSeed;
        const drafted = await inject('POST', `/api/v1/tickets/${id}/coordination`, operator, {
          addressedTo: p.r[5]! < 0.5 ? 'secretary_general' : 'vice_mayor',
          proposal: '建议由属地街道牵头，相邻街道协助，三日内联合处置。',
          suggestedLeadUnitId: unitId(lead),
          suggestedAssistUnitIds: [unitId(assist.code)],
        });
        count(drafted.status === 201 ? 'coordination:drafted' : `refused:coordination:${drafted.status}`);
        if (drafted.status !== 201 || p.age < 0.25) return; // the leader's queue
        if (!(await wait(d(5, 0.5, 2) * DAY))) return;
        const decided = await inject(
          'POST',
          `/api/v1/coordination/${drafted.json.id}/decide`,
          await as('leader'),
          {
            leadUnitId: unitId(lead),
            assistUnitIds: [unitId(assist.code)],
            note: '按协调意见办理。',
          },
        );
        count(
          decided.status === 200 ? 'coordination:decided' : `refused:coordination:decide:${decided.status}`,
        );
        if (decided.status !== 200) return;
        if (!(await wait(d(6, 0.5, 3) * HOUR))) return;
        if (decided.json.status === 'dispatched') {
          reply = await act(handler, id, 'accept', { responsiblePerson: p.person });
          if (!reply) return;
        }
      }
      if (p.urgent) {
        // R4.3.1, R4.6.1: an on-site report, and the office's tracking call.
        if (!(await wait(d(7, 0.5, 2) * HOUR))) return;
        if (!(reply = await act(handler, id, 'report-disposal', { text: '已到现场先行处置。' }))) return;
        if (!(await wait(d(8, 0.5, 2) * HOUR))) return;
        await act('revisitor', id, 'track-contact', { reached: true, note: '诉求人确认已开始处置。' });
      } else {
        // R4.3.2: verified within 24 h, now and then late.
        if (!(await wait((p.late && p.r[9]! < 0.3 ? d(7, 26, 40) : d(7, 2, 20)) * HOUR))) return;
        if (!(reply = await act(handler, id, 'verify', { text: '已到现场核实，情况属实。' }))) return;
      }
      let due = reply.deadlines.completeDueAt ? Date.parse(reply.deadlines.completeDueAt) : t + 5 * DAY;
      if (p.path === 'plan' && due > t + 2 * DAY) {
        // R4.4.3: not solvable yet — a plan and a promised date.
        if (!(await wait(d(9, 0.3, 1) * DAY))) return;
        const promised = due + d(10, 10, 30) * DAY;
        reply = await act(handler, id, 'plan', {
          plan: '需纳入年度维修计划统一实施，先行采取临时措施。',
          promisedAt: new Date(promised).toISOString(),
        });
        if (!reply) return;
        due = promised;
      }
      let doneAt = t + (due - t) * d(11, 0.2, 0.9);
      if (p.late) {
        // Past the deadline: the unit explains itself and commits to a date (R4.5).
        doneAt = due + d(11, 0.5, 4) * DAY;
        if (!(await sim.at((t = due + 0.3 * DAY)))) return;
        await act(handler, id, 'explain-delay', {
          explanation: '施工受天气影响，需延期办结。',
          committedAt: new Date(doneAt + DAY).toISOString(),
        });
      }
      if (!(await sim.at((t = Math.max(t, doneAt))))) return;
      if (!(reply = await act(handler, id, 'complete', { result: '已到现场核实并处理完毕。' }))) return;
      // R4.5: completed past the deadline, the feedback explains the delay to the complainant.
      const late = reply.deadlines.overdue;
      if (p.age >= 0.08 && p.age < 0.09) return; // completed, the feedback still to give
      if (!(await wait(d(12, 2, 20) * HOUR))) return;
      reply = await act(handler, id, 'feedback', {
        toComplainant: '已电话告知诉求人办理结果。',
        toOffice: '已办结，诉求人知晓。',
        ...(late ? { explanation: '因施工受天气影响超期，已向诉求人说明并致歉。' } : {}),
      });
      if (!reply || reply.status !== 'replied') return; // not drawn for a revisit (R4.6.1)
      if (p.age < 0.12) return; // the revisitor's queue
      if (!(await wait(d(13, 0.5, 3) * DAY))) return;
      if (p.outcome === 'unreachable') {
        if (!(await act('revisitor', id, 'revisit', { outcome: 'unreachable', note: '电话无人接听' })))
          return;
        if (!(await wait(DAY))) return;
      }
      const outcome = p.outcome === 'unreachable' ? 'satisfied' : p.outcome;
      reply = await act('revisitor', id, 'revisit', {
        outcome,
        note: outcome === 'unsatisfied' ? '群众对结果不满意' : '',
      });
      if (!reply) return;
      const supervised = async (): Promise<boolean> => {
        // R6.1: supervision sends it back to the unit with a notice and a deadline, or closes the case.
        if (p.age < 0.25) return false; // the case stays open
        if (!(await wait(d(14, 0.5, 2) * DAY))) return false;
        if (p.closedBySupervisor) {
          await act('supervisor', id, 'close-supervision', {
            decision: '经核查，单位已依法依规办理，予以办结。',
          });
          return false;
        }
        const dueAt = new Date(clock.now().getTime() + 5 * DAY).toISOString();
        if (!(await act('supervisor', id, 'supervise', { notice: '限期五日内整改到位。', dueAt })))
          return false;
        if (!(await wait(d(15, 1, 4) * DAY))) return false;
        if (!(await act(handler, id, 'complete', { result: '已彻底整改。' }))) return false;
        if (!(await wait(d(12, 2, 20) * HOUR))) return false;
        await act(handler, id, 'feedback', { toComplainant: '已告知整改结果。', toOffice: '已整改。' });
        if (!(await wait(d(13, 0.5, 2) * DAY))) return false;
        return !!(await act('revisitor', id, 'revisit', { outcome: 'satisfied', note: '整改后满意' }));
      };
      if (reply.status === 'supervising' && !(await supervised())) return;
      if (p.reopened && p.age > 0.25) {
        // The problem came back within the window after archiving: reopened into supervision (R6.1).
        if (!(await wait(d(4, 2, 10) * DAY))) return;
        if (!(await act('revisitor', id, 'reopen', { reason: '诉求人反映问题再次出现。' }))) return;
        await supervised();
      }
    };

    for (const p of plans) sim.spawn(() => lifecycle(p));
    let lastSweepDay = Math.floor(start / DAY);
    await sim.run(async (now) => {
      // The timers' sweep once a day of the moving clock (deadlines, overdue marks, R4.3).
      const day = Math.floor(now / DAY);
      if (day !== lastSweepDay) {
        lastSweepDay = day;
        await timed('timers sweep (daily)', () => ctx.timers.sweep());
      }
      progress(
        options,
        `演示数据：${new Date(now + 8 * HOUR).toISOString().slice(0, 10)}，已登记 ${counts.registered ?? 0}/${options.tickets} 件`,
      );
    });
    if (sim.errors.length > 0) throw sim.errors[0];
    clock.set(new Date(end));
    await ctx.timers.sweep();
    // The last two complete months: computed, reviewed and published (R7.2), the older first.
    const jilin = new Date(end + 8 * HOUR);
    for (const back of [2, 1]) {
      const m = new Date(Date.UTC(jilin.getUTCFullYear(), jilin.getUTCMonth() - back, 1));
      const month = `${m.getUTCFullYear()}-${String(m.getUTCMonth() + 1).padStart(2, '0')}`;
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
    }
    for (const status of TICKET_STATUSES) {
      const res = await inject('GET', `/api/v1/tickets?status=${status}&page=1&pageSize=1`, operator);
      if (res.json.total) counts[`status:${status}`] = res.json.total;
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
export const DEFAULT_DEMO_TICKETS = 2000;

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
