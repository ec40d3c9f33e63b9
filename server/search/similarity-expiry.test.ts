/**
 * The duplicate check's similarity keys are kept while a check can look them up (R2.2, ADR 0010) and cleared
 * after, so that their index holds about two weeks of requests whatever the history's size.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, ticketBody, type Client, type TestApp } from '../test/harness.js';
import { queryRows } from '../db/client.js';
import { expireSimilarityKeys } from './similarity-expiry.js';

let t: TestApp;
let operator: Client;
beforeAll(async () => {
  t = await startTestApp();
  operator = await t.as('operator');
});
afterAll(() => t.close());

const register = async (content: string) => {
  const res = await operator.post('/api/v1/tickets', ticketBody({ content }));
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: string }).id;
};
const keyCount = async (id: string) => {
  const [r] = await queryRows<{ n: number | string | null }>(
    t.ctx.db,
    sql`SELECT cardinality(similarity_keys) AS n FROM tickets WHERE id = ${id}`,
  );
  return Number(r?.n ?? 0);
};
const similar = async (content: string) =>
  (
    (await operator.post('/api/v1/duplicate-check', { content, district: '船营区' })).json() as {
      id: string;
      reason: string;
    }[]
  )
    .filter((d) => d.reason === 'similar-text')
    .map((d) => d.id);

describe('similarity keys expire (R2.2)', () => {
  it('when a request is older than any check looks back, then its keys are cleared; recent ones keep theirs', async () => {
    const old = await register('船营区北京路幸福小区路灯不亮，晚上很黑，行人容易摔倒');
    expect(await keyCount(old)).toBeGreaterThan(0);
    t.clock.advance(15 * 86_400);
    const recent = await register('北京路幸福小区路灯不亮，晚上太黑，行人摔倒');
    expect(await expireSimilarityKeys(t.ctx)).toBe(1);
    expect(await keyCount(old)).toBe(0);
    expect(await keyCount(recent)).toBeGreaterThan(0);
    // The check still finds the recent one, and a second run has nothing left to clear.
    expect(await similar('幸福小区路灯不亮晚上很黑')).toEqual([recent]);
    expect(await expireSimilarityKeys(t.ctx)).toBe(0);
  });
});
