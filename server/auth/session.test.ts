/**
 * Idle sessions end (R9.1; GB/T 22239 8.1.4.1): a session unused for longer than the idle limit is refused, and
 * one in use stays open past it — each request (at most once a minute) moves its last use.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test/harness.js';

const MINUTE = 60_000;
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ config: { sessionIdleSeconds: 30 * 60, sessionAbsoluteSeconds: 12 * 3600 } });
});
afterAll(() => t.close());

const later = (ms: number) => t.clock.set(new Date(t.clock.now().getTime() + ms));

describe('R9.1 idle sessions', () => {
  it('when the user keeps working, then the session outlives the idle limit counted from login', async () => {
    const operator = await t.as('operator');
    for (let i = 0; i < 3; i++) {
      later(20 * MINUTE);
      expect((await operator.get('/api/v1/me')).statusCode).toBe(200);
    }
  });

  it('when the session was not used for longer than the idle limit, then it is refused', async () => {
    const operator = await t.as('operator');
    later(20 * MINUTE);
    expect((await operator.get('/api/v1/me')).statusCode).toBe(200);
    later(31 * MINUTE);
    expect((await operator.get('/api/v1/me')).statusCode).toBe(401);
    // Refused for good: a refused request does not revive it.
    later(MINUTE);
    expect((await operator.get('/api/v1/me')).statusCode).toBe(401);
  });
});
