/**
 * Free text is masked like the complainant fields (R9.1; GB/T 35273 §7.4): a phone, an ID-card number or the
 * complainant's name typed into the content, a note, a feedback or a reply shows masked to viewers who see
 * the complainant masked (city leaders, a copied superior unit, every list and export), and as typed to
 * those handling the ticket.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, ticketBody, type Client, type TestApp } from '../test/harness.js';

let t: TestApp;
let operator: Client;
let handler: Client;
let leader: Client;
let superior: Client;
let id: string;

const CONTENT = '我是张三，电话13812345678，身份证220202199001011234，邻居座机0432-62345678，下水井堵塞。';
const FEEDBACK = '已联系张三（手机 139 8765 4321），另请回电 0432-66668888。';

beforeAll(async () => {
  t = await startTestApp();
  operator = await t.as('operator');
  handler = await t.as('s220204-bjl.handler');
  leader = await t.as('leader');
  superior = await t.as('d220204.handler');
  const created = await operator.post('/api/v1/tickets', ticketBody({ urgency: 'urgent', content: CONTENT }));
  id = (created.json() as { id: string }).id;
  const steps: [Client, string, unknown][] = [
    [operator, 'dispatch', { unitId: t.units.get('S220204-BJL') }],
    [handler, 'accept', { responsiblePerson: '王建军' }],
    [handler, 'report-disposal', { text: `已处置，联系人张三 13812345678` }],
    [handler, 'complete', { result: '已疏通' }],
    [handler, 'feedback', { toComplainant: FEEDBACK, toOffice: '已办结，身份证 220202199001011234 已核对' }],
  ];
  for (const [c, action, body] of steps) {
    const res = await c.post(`/api/v1/tickets/${id}/${action}`, body);
    expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
  }
});
afterAll(() => t.close());

const SECRETS = [
  '13812345678',
  '220202199001011234',
  '62345678',
  '13987654321',
  '139 8765 4321',
  '66668888',
  '张三',
];

describe('free text for masked viewers', () => {
  it('R9.1 the handling unit sees the content and its feedback as typed', async () => {
    const ticket = (await handler.get(`/api/v1/tickets/${id}`)).json() as { content: string };
    expect(ticket.content).toBe(CONTENT);
    const events = (await handler.get(`/api/v1/tickets/${id}/events`)).body;
    expect(events).toContain('139 8765 4321');
    expect(events).toContain('220202199001011234');
  });

  it('R9.1 a city leader sees phones, ID numbers and the complainant’s name masked, the rest readable', async () => {
    const ticket = (await leader.get(`/api/v1/tickets/${id}`)).json() as {
      content: string;
      complainant: { unmasked: boolean };
    };
    expect(ticket.complainant.unmasked).toBe(false);
    expect(ticket.content).toBe(
      '我是张*，电话138****5678，身份证**************1234，邻居座机0432-****5678，下水井堵塞。',
    );
    const events = await leader.get(`/api/v1/tickets/${id}/events`);
    expect(events.statusCode).toBe(200);
    for (const s of SECRETS) expect(events.body).not.toContain(s);
    expect(events.body).toContain('已联系张*（手机 139****4321），另请回电 0432-****8888。');
    expect(events.body).toContain('已疏通');
  });

  it('R9.1 the superior unit the urgent ticket was copied to, and every list, see them masked too', async () => {
    const copied = await superior.get(`/api/v1/tickets/${id}`);
    expect(copied.statusCode).toBe(200);
    expect((copied.json() as { complainant: { unmasked: boolean } }).complainant.unmasked).toBe(false);
    for (const s of SECRETS) expect(copied.body).not.toContain(s);
    const events = (await superior.get(`/api/v1/tickets/${id}/events`)).body;
    for (const s of SECRETS) expect(events).not.toContain(s);
    // Lists always show personal data masked, to the handling unit as well.
    const list = (await handler.get('/api/v1/tickets?pageSize=50')).body;
    expect(list).toContain('138****5678');
    for (const s of SECRETS) expect(list).not.toContain(s);
  });
});
