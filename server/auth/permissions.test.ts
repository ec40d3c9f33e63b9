/**
 * One policy module (shared/capabilities.ts, enforced by server/auth/permissions.ts): what `GET /api/v1/me` says a
 * user may do is what the server lets them do, and no other server code answers AUTH.FORBIDDEN.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test/harness.js';
import { serverSourcesMatching } from '../test/sources.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const capabilitiesOf = async (username: string) => {
  const me = await (await t.as(username)).get('/api/v1/me');
  expect(me.statusCode).toBe(200);
  return (me.json() as { capabilities: string[] }).capabilities;
};

describe('capabilities', () => {
  it('R8.1 when the operator and the admin open the app, then /me lists what each may do — and only that', async () => {
    const operator = await capabilitiesOf('operator');
    expect(operator).toEqual(
      expect.arrayContaining(['ticket.register', 'ticket.merge', 'assessment.manage']),
    );
    expect(operator).not.toContain('directory.manage');
    const admin = await capabilitiesOf('admin');
    expect(admin).toEqual(expect.arrayContaining(['directory.manage', 'policy.edit', 'audit.view']));
    // R9.1 separation of duties: the administrator handles no tickets and does not assess units.
    expect(admin).not.toContain('ticket.register');
    expect(admin).not.toContain('assessment.manage');
    // A unit handler works its unit's queues and searches tickets, reads and drafts its unit's knowledge
    // articles (proposing its replies as articles) and fills reply templates; nothing else beyond single tickets.
    expect(await capabilitiesOf('s220204-bjl.handler')).toEqual([
      'queue.inbox',
      'queue.copies',
      'tickets.search',
      'knowledge.view',
      'knowledge.draft',
      'knowledge.propose',
      'templates.use',
    ]);
  });

  it('when a route declares a capability, then a user without it gets 403 with its message, and one with it passes the check', async () => {
    const handler = await t.as('s220204-bjl.handler');
    const refused = await handler.post('/api/v1/classifier/train');
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: { code: 'AUTH.FORBIDDEN', message: '无权训练模型。' } });
    const operator = await t.as('operator');
    const trained = await operator.post('/api/v1/classifier/train');
    expect(trained.statusCode, trained.body).toBe(200);
    expect((await t.anonymous.post('/api/v1/classifier/train')).statusCode).toBe(401);
  });

  it('no server code but the policy module answers AUTH.FORBIDDEN', () => {
    const throwers = serverSourcesMatching(/new AppError\(\s*'AUTH\.FORBIDDEN'/);
    expect(throwers).toEqual(['auth/permissions.ts']);
  });
});
