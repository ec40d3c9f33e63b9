/**
 * A month with known outcomes, built through the API: every figure, urgent weighting,
 * peer-group ranks and tie-breaks, drill-down to tickets, rollups equal to a full recomputation, and the
 * computed → reviewed → published workflow with a visible correction.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { startTestApp, type Client, type TestApp } from '../test/harness.js';
import type { Counters, DrillDownView, MonthlyView, UnitFigures } from '../../shared/schemas/assessment.js';
import { cursorPosition, rebuildRollups, runRollup } from './rollup.job.js';
import { recomputeCounters, rollupCounters } from './assessment.repository.js';
import { revisitEveryTicket, Walker, type ErrorJson } from './assessment.fixtures.js';

let t: TestApp;
let w: Walker;
let operator: Client;
const codes: Record<string, string> = {};

const at = (local: string) => new Date(`${local}:00+08:00`);
const MONTH = '2026-11';

/** Unit codes of the scenario (all streets: one peer group). */
const A = 'S220204-BJL';
const B = 'S220204-ZH';
const C = 'S220204-DS';
const D = 'S220203-XJL';
const X = 'S220202-YA';
const Y = 'S220202-XH';

beforeAll(async () => {
  t = await startTestApp({ now: at('2026-11-02T09:00') });
  await revisitEveryTicket(t);
  w = new Walker(t);
  operator = await w.as('operator');

  // Unit A: five tickets with mixed outcomes.
  t.clock.set(at('2026-11-02T09:00'));
  codes.A1 = (await w.walk(A, { revisits: ['satisfied'] })).code;
  t.clock.set(at('2026-11-03T09:00'));
  // A2 — urgent: completed late (after 24 h), fed back late, unsatisfied, supervised, redone on time.
  const a2 = await w.walk(A, { urgency: 'urgent', completeLate: true, revisits: ['unsatisfied'] });
  codes.A2 = a2.code;
  await w.step('supervisor', a2.id, 'supervise', {
    notice: '请彻底整改',
    dueAt: '2026-11-06T18:00:00+08:00',
  });
  t.clock.advance(3600);
  await w.complete(a2.id, A);
  await w.feedback(a2.id, A);
  await w.revisit(a2.id, 'basically_satisfied');
  t.clock.set(at('2026-11-04T09:00'));
  codes.A3 = (await w.walk(A, { revisits: ['unreachable', 'unreachable', 'unreachable'] })).code;
  // The rollup job runs mid-month: the rest of the month is added incrementally.
  await runRollup(t.ctx.db, t.clock.now());
  t.clock.set(at('2026-11-04T14:00'));
  codes.A4 = (await w.walk(A, { returnedBy: B, revisits: ['satisfied'] })).code;

  // B, C, D: perfect records (composite 100) — ties broken by volume, then code.
  t.clock.set(at('2026-11-05T09:00'));
  await w.walk(B, { revisits: ['satisfied'] });
  await w.walk(C, { revisits: ['satisfied'] });
  await w.walk(C, { revisits: ['basically_satisfied'] });
  await w.walk(D, { revisits: ['satisfied'] });
  // X: 80 with satisfaction 50%; Y: 80 with satisfaction 100% — a tie broken by satisfaction.
  t.clock.set(at('2026-11-06T09:00'));
  await w.walk(X, { revisits: ['satisfied'] });
  await w.walk(X, { revisits: ['unsatisfied'] });
  await w.walk(Y, { revisits: ['satisfied'] });
  await w.walk(Y, { revisits: ['satisfied'] });
  t.clock.set(at('2026-11-06T15:00'));
  await w.walk(Y, { completeLate: true, revisits: ['satisfied'] });
  // A subordinate unit (no peer group of its own) answers through its department.
  t.clock.set(at('2026-11-09T09:00'));
  codes.SUB = (await w.walk('SUB-ZJJ-SZ', { urgency: 'urgent', revisits: ['satisfied'] })).code;
  // Z: completed on time in November, its feedback comes only in December (a later correction).
  t.clock.set(at('2026-11-20T09:00'));
  const z = await w.register('general');
  codes.Z = z.code;
  await w.dispatch(z.id, 'DEPT-CGJ');
  t.clock.advance(1800);
  await w.accept(z.id, 'DEPT-CGJ', 'general');
  t.clock.set(at('2026-11-23T10:00'));
  await w.complete(z.id, 'DEPT-CGJ');
  codes.Zid = z.id;
  // A5 — general, overdue: the timer fires (R6.1 opens a case), then completed and fed back late.
  t.clock.set(at('2026-11-10T09:00'));
  codes.A5 = (await w.walk(A, { sweepOverdue: true, revisits: ['satisfied'] })).code;
}, 120_000);
afterAll(() => t?.close());

const counters = (partial: Partial<Counters>): Counters => ({
  received: 0,
  feedbackDue: 0,
  feedbackOnTime: 0,
  completed: 0,
  completedOnTime: 0,
  revisitsReached: 0,
  revisitsSatisfied: 0,
  revisitsUnreachable: 0,
  returns: 0,
  supervisions: 0,
  supervisionCases: 0,
  overdue: 0,
  reopenings: 0,
  ...partial,
});

async function monthly(client: Client, query = ''): Promise<MonthlyView> {
  const res = await client.get(`/api/v1/assessment/monthly?month=${MONTH}${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as MonthlyView;
}

const unitOf = (m: MonthlyView, code: string): UnitFigures => {
  const u = m.units.find((x) => x.code === code);
  if (!u) throw new Error(`no figures for ${code}`);
  return u;
};

async function compute(): Promise<MonthlyView> {
  const res = await operator.post(`/api/v1/assessment/monthly/${MONTH}/compute`, {});
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as MonthlyView;
}

describe('monthly figures (R7.1)', () => {
  it('R7.1 when November is computed, then every figure of a unit equals its known outcomes, urgent apart', async () => {
    t.clock.set(at('2026-11-30T18:00'));
    const m = await compute();
    expect(m).toMatchObject({ month: MONTH, revision: 1, status: 'computed', urgentWeight: 2 });
    const a = unitOf(m, A);
    expect(a.general).toEqual(
      counters({
        received: 4, // A1, A3, A4 (after B's return), A5
        feedbackDue: 4, // A5's overdue and its late feedback are one obligation
        feedbackOnTime: 3,
        completed: 4,
        completedOnTime: 3,
        revisitsReached: 3,
        revisitsSatisfied: 3,
        revisitsUnreachable: 1, // A3, left out of the satisfaction rate (R4.6.3)
        supervisionCases: 1, // A5 overdue (R6.1)
        overdue: 1,
      }),
    );
    const urgentCases = await t.ctx.db.execute(
      sql`SELECT count(*)::int AS n FROM supervision_cases c JOIN tickets k ON k.id = c.ticket_id WHERE k.code = ${codes.A2}`,
    );
    expect(a.urgent).toEqual(
      counters({
        received: 1,
        feedbackDue: 2, // the first deadline (missed) and the supervision deadline (kept)
        feedbackOnTime: 1,
        completed: 2,
        completedOnTime: 1,
        revisitsReached: 2,
        revisitsSatisfied: 1,
        supervisions: 1,
        supervisionCases: (urgentCases as unknown as { rows: { n: number }[] }).rows[0]?.n ?? 0,
      }),
    );
    expect(a).toMatchObject({ volume: 5, urgentVolume: 1, peerGroup: 'street_township' });
    expect(unitOf(m, B).general).toEqual(
      counters({
        received: 2, // B1 and A4 before its return
        returns: 1,
        feedbackDue: 1,
        feedbackOnTime: 1,
        completed: 1,
        completedOnTime: 1,
        revisitsReached: 1,
        revisitsSatisfied: 1,
      }),
    );
  });

  it('R7.1 urgent tickets count policy.urgentWeight (2) times in each rate of the composite score', async () => {
    const a = unitOf(await monthly(operator), A);
    // general + 2 × urgent, per rate
    expect(a.rates.feedback).toBeCloseTo((3 + 2 * 1) / (4 + 2 * 2), 10);
    expect(a.rates.satisfaction).toBeCloseTo((3 + 2 * 1) / (3 + 2 * 2), 10);
    expect(a.rates.onTime).toBeCloseTo((3 + 2 * 1) / (4 + 2 * 2), 10);
    expect(a.urgentRates).toEqual({ feedback: 0.5, satisfaction: 0.5, onTime: 0.5 });
    expect(a.composite).toBe(66.07); // 100 × (0.3 × 5/8 + 0.4 × 5/7 + 0.3 × 5/8)
    // Unweighted it would be 100 × (0.3 × 4/6 + 0.4 × 4/5 + 0.3 × 4/6) = 72.
    expect(a.composite).not.toBe(72);
    // A rate with no denominator is left out and the others re-weighted: Z's unit has only on-time completion.
    const cgj = unitOf(await monthly(operator), 'DEPT-CGJ');
    expect(cgj.rates).toEqual({ feedback: null, satisfaction: null, onTime: 1 });
    expect(cgj.composite).toBe(100);
  });
});

describe('ranking (R7.2)', () => {
  it('R7.2 units are ranked within their peer group; ties go to satisfaction, then volume, then unit code', async () => {
    const m = await monthly(operator);
    const streets = m.units.filter((u) => u.peerGroup === 'street_township' && u.rank !== null);
    expect(streets.map((u) => [u.code, u.rank, u.composite, u.tieBreak])).toEqual([
      [C, 1, 100, null],
      [B, 2, 100, 'code'], // same score, satisfaction and volume as C: code S220204-DS < S220204-ZH
      [D, 3, 100, 'volume'], // one ticket against two
      [Y, 4, 80, null],
      [X, 5, 80, 'satisfaction'], // 50% against Y's 100%
      [A, 6, 66.07, null],
    ]);
    expect(streets.every((u) => u.groupSize === 6)).toBe(true);
    expect(streets.filter((u) => u.bottomThree).map((u) => u.code)).toEqual([Y, X, A]);
    // Streets without tickets this month are assessed but not ranked.
    expect(m.units.find((u) => u.code === 'S220211-JN')).toMatchObject({ rank: null, composite: null });
  });

  it('R7.2 a subordinate unit without a peer group counts for its department, which is ranked', async () => {
    const m = await monthly(operator);
    const dept = unitOf(m, 'DEPT-ZJJ');
    expect(dept.includesUnits.map((u) => u.code)).toContain('SUB-ZJJ-SZ');
    expect(dept).toMatchObject({ volume: 1, urgentVolume: 1, composite: 100, rank: 1, groupSize: 2 });
    expect(m.units.some((u) => u.code === 'SUB-ZJJ-SZ')).toBe(false);
    expect(m.units.some((u) => u.code === 'OFFICE' || u.code === 'CITY')).toBe(false);
  });
});

describe('drill-down', () => {
  const drill = async (unitCode: string, figure: string, extra = '') => {
    const res = await operator.get(
      `/api/v1/assessment/monthly/${MONTH}/tickets?unitId=${w.unit(unitCode)}&figure=${figure}${extra}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as DrillDownView;
  };

  it('R7.1 every figure links back to the tickets that make it up, with codes and no personal data', async () => {
    const onTime = await drill(A, 'feedbackOnTime');
    expect(onTime.total).toBe(4);
    expect(new Set(onTime.items.map((i) => i.code))).toEqual(
      new Set([codes.A1, codes.A2, codes.A3, codes.A4]),
    );
    const urgentOnly = await drill(A, 'feedbackOnTime', '&urgency=urgent');
    expect(urgentOnly.items.map((i) => i.code)).toEqual([codes.A2]);
    expect((await drill(A, 'overdue')).items.map((i) => i.code)).toEqual([codes.A5]);
    expect((await drill(A, 'supervisionCases', '&urgency=general')).items.map((i) => i.code)).toEqual([
      codes.A5,
    ]);
    expect((await drill(A, 'revisitsUnreachable')).items.map((i) => i.code)).toEqual([codes.A3]);
    expect((await drill(B, 'returns')).items.map((i) => i.code)).toEqual([codes.A4]);
    // A department's figure includes its subordinate units' tickets.
    expect((await drill('DEPT-ZJJ', 'received')).items.map((i) => i.code)).toEqual([codes.SUB]);
    const body = JSON.stringify(onTime);
    expect(body).not.toContain('欧阳');
    expect(body).not.toContain('13912345678');
    expect(Object.keys(onTime.items[0] ?? {}).sort()).toEqual(
      ['action', 'at', 'code', 'eventId', 'ticketId', 'unitId', 'urgency'].sort(),
    );
  });
});

describe('rollups', () => {
  it('when the rollup job has run, then its counters equal a full recomputation from the event log; reruns never double count', async () => {
    await runRollup(t.ctx.db, t.clock.now());
    const rolled = await rollupCounters(t.ctx.db, MONTH);
    const naive = await recomputeCounters(t.ctx.db, MONTH);
    expect(rolled.size).toBeGreaterThan(6);
    expect(Object.fromEntries(rolled)).toEqual(Object.fromEntries(naive));
    // Mixed outcomes are really there.
    const totals = [...rolled.values()].reduce(
      (s, c) =>
        s + c.general.returns + c.urgent.supervisions + c.general.overdue + c.general.revisitsUnreachable,
      0,
    );
    expect(totals).toBeGreaterThanOrEqual(4);

    const again = await runRollup(t.ctx.db, t.clock.now());
    expect(again.from).toBe(again.to);
    expect(Object.fromEntries(await rollupCounters(t.ctx.db, MONTH))).toEqual(Object.fromEntries(naive));

    // From scratch, in small chunks summed two at a time: the same counters.
    await rebuildRollups(t.ctx.db, t.clock.now(), { chunk: 7, parallel: 2 });
    expect(Object.fromEntries(await rollupCounters(t.ctx.db, MONTH))).toEqual(Object.fromEntries(naive));
  });
});

// PGlite has a single connection, so no other transaction can be in flight: this runs in CI's PostgreSQL pass.
describe.runIf(process.env.TEST_DATABASE_URL)('rollup horizon', () => {
  it('when a transaction writing events stays open, then the job waits for it, and gives up without reading past it', async () => {
    const writer = new pg.Client({ connectionString: t.databaseUrl as string });
    await writer.connect();
    try {
      await writer.query('BEGIN');
      await writer.query('LOCK TABLE ticket_events IN ROW EXCLUSIVE MODE'); // as an INSERT takes it
      const before = await cursorPosition(t.ctx.db);
      const started = Date.now();
      const run = await runRollup(t.ctx.db, t.clock.now());
      expect(Date.now() - started).toBeGreaterThanOrEqual(4000);
      expect(run).toEqual({ from: before, to: before, caughtUp: false });
    } finally {
      await writer.query('ROLLBACK');
      await writer.end();
    }
    expect((await runRollup(t.ctx.db, t.clock.now())).caughtUp).toBe(true);
  });
});

describe('review, publication and corrections (R7.2)', () => {
  it('R7.2 a month is computed, reviewed, then published and frozen; a correction becomes a visible revision 2', async () => {
    const leader = await w.as('leader');
    const err = (res: { json(): unknown }) => (res.json() as ErrorJson).error.code;

    // Not before the month has ended.
    await operator.post(`/api/v1/assessment/monthly/${MONTH}/review`);
    const early = await operator.post(`/api/v1/assessment/monthly/${MONTH}/publish`);
    expect([early.statusCode, err(early)]).toEqual([409, 'ASSESSMENT.MONTH_NOT_ENDED']);

    t.clock.set(at('2026-12-01T09:00'));
    const r1 = await compute();
    expect(r1).toMatchObject({ revision: 1, status: 'computed', reviewedAt: null });
    expect((await leader.get(`/api/v1/assessment/monthly?month=${MONTH}`)).statusCode).toBe(404);
    const unreviewed = await operator.post(`/api/v1/assessment/monthly/${MONTH}/publish`);
    expect([unreviewed.statusCode, err(unreviewed)]).toEqual([409, 'ASSESSMENT.INVALID_STATE']);
    expect((await operator.post(`/api/v1/assessment/monthly/${MONTH}/review`)).json()).toMatchObject({
      status: 'reviewed',
    });
    const published = (
      await operator.post(`/api/v1/assessment/monthly/${MONTH}/publish`)
    ).json() as MonthlyView;
    expect(published).toMatchObject({ revision: 1, status: 'published' });
    expect(unitOf(await monthly(leader), 'DEPT-CGJ').composite).toBe(100);

    // The database itself refuses to change a published revision.
    await expect(
      t.ctx.db.execute(
        sql`UPDATE assessment_revisions SET note = 'x' WHERE month = ${MONTH} AND revision = 1`,
      ),
    ).rejects.toThrow();

    // Z's feedback comes in December, late: November's feedback figures change → revision 2.
    t.clock.set(at('2026-12-01T10:00'));
    await w.feedback(codes.Zid as string, 'DEPT-CGJ');
    const r2res = await operator.post(`/api/v1/assessment/monthly/${MONTH}/compute`, {
      note: '补计一件 11 月到期、12 月反馈的诉求',
    });
    expect(r2res.statusCode, r2res.body).toBe(200);
    const r2 = r2res.json() as MonthlyView;
    expect(r2).toMatchObject({ revision: 2, status: 'computed' });
    expect(unitOf(r2, 'DEPT-CGJ').general).toMatchObject({ feedbackDue: 1, feedbackOnTime: 0 });
    expect(unitOf(r2, 'DEPT-CGJ').composite).toBe(50);
    expect(r2.revisions.map((r) => [r.revision, r.status])).toEqual([
      [1, 'published'],
      [2, 'computed'],
    ]);
    // Readers outside the office still see the published revision 1, unchanged.
    const seen = await monthly(leader);
    expect([seen.revision, unitOf(seen, 'DEPT-CGJ').composite]).toEqual([1, 100]);
    expect(seen.revisions.map((r) => r.revision)).toEqual([1]);

    await operator.post(`/api/v1/assessment/monthly/${MONTH}/review`);
    await operator.post(`/api/v1/assessment/monthly/${MONTH}/publish`);
    const now2 = await monthly(leader);
    expect([now2.revision, now2.note, unitOf(now2, 'DEPT-CGJ').composite]).toEqual([
      2,
      '补计一件 11 月到期、12 月反馈的诉求',
      50,
    ]);
    expect(unitOf(await monthly(leader, '&revision=1'), 'DEPT-CGJ').composite).toBe(100);
    // The drill-down of revision 1 lists exactly what it counted.
    const r1drill = await operator.get(
      `/api/v1/assessment/monthly/${MONTH}/tickets?unitId=${w.unit('DEPT-CGJ')}&figure=feedbackDue&revision=1`,
    );
    expect((r1drill.json() as DrillDownView).total).toBe(0);

    // Rollups still equal the recomputation after the late event.
    await runRollup(t.ctx.db, t.clock.now());
    expect(Object.fromEntries(await rollupCounters(t.ctx.db, MONTH))).toEqual(
      Object.fromEntries(await recomputeCounters(t.ctx.db, MONTH)),
    );
  });

  it('R8.1 the office computes and publishes; supervision and leaders read; units and the administrator cannot', async () => {
    const codeOf = async (username: string, method: 'get' | 'post', url: string) => {
      const c = await w.as(username);
      const res = method === 'get' ? await c.get(url) : await c.post(url, {});
      return res.statusCode;
    };
    const read = `/api/v1/assessment/monthly?month=${MONTH}`;
    const computeUrl = `/api/v1/assessment/monthly/${MONTH}/compute`;
    expect(await codeOf('revisitor', 'get', read)).toBe(200);
    expect(await codeOf('supervisor', 'get', read)).toBe(200);
    expect(await codeOf('leader', 'get', read)).toBe(200);
    expect(await codeOf('s220204-bjl.handler', 'get', read)).toBe(403);
    expect(await codeOf('admin', 'get', read)).toBe(403);
    expect(await codeOf('revisitor', 'post', computeUrl)).toBe(403);
    expect(await codeOf('admin', 'post', computeUrl)).toBe(403);
    expect(await codeOf('leader', 'post', computeUrl)).toBe(403);
    const bad = await operator.get('/api/v1/assessment/monthly?month=2026-13');
    expect(bad.statusCode).toBe(400);
  });
});
