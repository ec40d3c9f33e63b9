/**
 * Suggestions kept and set against the office's choice (R4.2), and requests without an operator (R3.1): a
 * citizen's urgent-looking request gets suggestions on arrival and heads the dispatch queue; the dispatch
 * dialog's suggestions are stored; the unit chosen is recorded against them and the leaders' overview shows
 * the share taken.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { solveChallenge, type Challenge } from '../public/challenge.js';
import { startTestApp, ticketBody, type Client, type TestApp } from '../test/harness.js';
import type { OverviewStatsView } from '../../shared/schemas/stats.js';

let t: TestApp;
let operator: Client;
beforeAll(async () => {
  t = await startTestApp();
  operator = await t.as('operator');
});
afterAll(() => t.close());

type Listed = { items: { id: string; code: string; urgency: string; looksUrgent?: boolean }[] };
type View = { units: { unitId: string; code: string }[]; urgency: { suggested: string } };

async function submitPublic(content: string): Promise<string> {
  const c = (await t.anonymous.get('/api/v1/public/challenge')).json() as Challenge;
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/public/requests',
    remoteAddress: '10.0.0.9',
    payload: {
      challenge: c,
      solution: solveChallenge(c),
      content,
      complainant: { name: '王芳', phone: '13912345679' },
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { code: string }).code;
}

describe('suggestions on arrival and the office’s choice', () => {
  it('R3.1 R4.2 a citizen’s urgent-looking request gets suggestions on arrival and heads the dispatch queue', async () => {
    const code = await submitPublic(
      '船营区致和街道我们小区今天早上突然停水了，到现在还没来水，老人没法做饭。',
    );
    // A newer, general request registered by the office after it.
    await operator.post('/api/v1/tickets', ticketBody({ content: '想咨询一下今年供暖费的收费标准。' }));
    const queue = (await operator.get('/api/v1/tickets?status=registered')).json() as Listed;
    expect(queue.items[0]).toMatchObject({ code, urgency: 'general', looksUrgent: true });
    expect(queue.items.slice(1).some((x) => x.looksUrgent)).toBe(false);

    // The dispatch dialog shows the suggestions (and keeps them).
    const id = queue.items[0]?.id as string;
    const s = (await operator.post(`/api/v1/tickets/${id}/dispatch-suggestions`)).json() as View;
    expect(s.urgency.suggested).toBe('urgent');
    expect(s.units[0]?.code).toBe('ENT-WATER-SUPPLY');
  });

  it('R4.2 the unit chosen is recorded against the suggestions, and the leaders see the share taken', async () => {
    const leader = await t.as('leader');
    const before = (await leader.get('/api/v1/stats/overview')).json() as OverviewStatsView;
    expect(before.suggestions).toEqual({ decided: 0, first: 0, top3: 0 });

    const queue = (await operator.get('/api/v1/tickets?status=registered')).json() as Listed;
    const urgent = queue.items.find((x) => x.looksUrgent)?.id as string;
    const res = await operator.post(`/api/v1/tickets/${urgent}/dispatch`, {
      unitId: t.units.get('ENT-WATER-SUPPLY'),
      urgency: 'urgent',
    });
    expect(res.statusCode, res.body).toBe(200);
    // Another, dispatched without opening the dialog, to a unit the suggestions did not name.
    const { id: other } = (
      await operator.post('/api/v1/tickets', ticketBody({ content: '想咨询一下结婚登记需要预约吗。' }))
    ).json() as { id: string };
    expect(
      (await operator.post(`/api/v1/tickets/${other}/dispatch`, { unitId: t.units.get('DEPT-JTJ') }))
        .statusCode,
    ).toBe(200);

    t.clock.advance(60);
    const after = (await leader.get('/api/v1/stats/overview')).json() as OverviewStatsView;
    expect(after.suggestions).toEqual({ decided: 2, first: 1, top3: 1 });
  });
});
