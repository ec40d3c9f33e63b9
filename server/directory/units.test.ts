/**
 * Units admin over HTTP: the tree with its leaders (R8.2), peer groups (R7.2) and territory (R8.3);
 * deactivation never orphans an open ticket; every change is audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, ticketBody, type Client, type TestApp } from '../test/harness.js';
import {
  STRONG_PASSWORD,
  auditOf,
  login,
  makeUnit,
  makeUser,
  openTicket,
  unitBody,
  type ErrorJson,
} from './directory.fixtures.js';
import type { UnitView } from './unit.service.js';

let t: TestApp;
let admin: Client;
let operator: Client;

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.as('admin');
  operator = await t.as('operator');
});
afterAll(() => t.close());

const allUnits = async () => (await operator.get('/api/v1/units')).json() as UnitView[];
const unitById = async (id: string) => (await allUnits()).find((u) => u.id === id);
const error = (res: { json(): unknown }) => (res.json() as ErrorJson).error;
const fieldsOf = (res: { json(): unknown }) => (error(res).details?.fields ?? []).map((f) => f.field);

describe('creating and editing units', () => {
  it('R8.2 R7.2 when an admin creates a unit with both leaders, a peer group and a territory, then the tree shows it and the audit log records it', async () => {
    const body = unitBody(t, { code: 'S220204-NEW', nameZh: '船营区新建街道' });
    const res = await admin.post('/api/v1/units', body);
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json() as UnitView;
    expect(created).toMatchObject({
      code: 'S220204-NEW',
      superiorId: t.units.get('D220204'),
      peerGroup: 'street_township',
      mainLeader: '张立新',
      responsibleLeader: '李文华',
      territory: ['220204'],
      active: true,
    });
    expect(await unitById(created.id)).toEqual(created);
    expect((await auditOf(admin, 'unit.create')).find((a) => a.target === 'S220204-NEW')).toMatchObject({
      outcome: 'success',
      details: { unit: { mainLeader: '张立新', responsibleLeader: '李文华' } },
    });
  });

  it('when someone other than an admin tries, then 403 and nothing is created', async () => {
    const before = (await allUnits()).length;
    const res = await operator.post('/api/v1/units', unitBody(t));
    expect(res.statusCode).toBe(403);
    expect(error(res).code).toBe('AUTH.FORBIDDEN');
    expect((await allUnits()).length).toBe(before);
  });

  it('R8.2 when a leader is missing, a district unknown, the superior unknown or the code taken, then the error names the field in Chinese', async () => {
    const before = (await allUnits()).length;
    const cases: [Record<string, unknown>, number, string, string][] = [
      [{ mainLeader: '' }, 400, 'REQUEST.INVALID', 'mainLeader'],
      [{ responsibleLeader: undefined }, 400, 'REQUEST.INVALID', 'responsibleLeader'],
      [{ territory: ['220204', '999999'] }, 400, 'REQUEST.INVALID', 'territory.1'],
      [{ type: 'castle' }, 400, 'REQUEST.INVALID', 'type'],
      [{ superiorId: null }, 400, 'REQUEST.INVALID', 'superiorId'],
      [{ superiorId: '00000000-0000-4000-8000-000000000001' }, 400, 'UNIT.NOT_FOUND', 'superiorId'],
      [{ code: 'D220204' }, 409, 'UNIT.CODE_TAKEN', 'code'],
      [{ code: 'lower-case' }, 400, 'REQUEST.INVALID', 'code'],
    ];
    for (const [override, status, code, field] of cases) {
      const res = await admin.post('/api/v1/units', unitBody(t, override));
      expect(res.statusCode, `${JSON.stringify(override)} ${res.body}`).toBe(status);
      expect(error(res).code).toBe(code);
      expect(fieldsOf(res)).toContain(field);
      expect(error(res).message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect((await allUnits()).length).toBe(before);
  });

  it('when an edit would put a unit under itself or under its own subordinate, then 409 UNIT.SUPERIOR_CYCLE and the tree is unchanged', async () => {
    const district = t.units.get('D220204') as string;
    const street = t.units.get('S220204-BJL') as string;
    for (const superiorId of [street, district]) {
      const res = await admin.inject({
        method: 'PATCH',
        url: `/api/v1/units/${district}`,
        payload: { superiorId },
      });
      expect(res.statusCode, res.body).toBe(409);
      expect(error(res)).toMatchObject({
        code: 'UNIT.SUPERIOR_CYCLE',
        details: { fields: [{ field: 'superiorId' }] },
      });
    }
    expect((await unitById(district))?.superiorId).toBe(t.units.get('CITY'));
    expect((await auditOf(admin, 'unit.update')).filter((a) => a.outcome === 'failure').length).toBe(2);
  });

  it('R8.2 R7.2 when an admin changes the leaders and the peer group, then the unit shows them and the audit record has before and after', async () => {
    const unit = await makeUnit(t, admin);
    const res = await admin.inject({
      method: 'PATCH',
      url: `/api/v1/units/${unit.id}`,
      payload: { responsibleLeader: '王海燕', peerGroup: null, territory: ['220204', '220202'] },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      responsibleLeader: '王海燕',
      mainLeader: '张立新',
      peerGroup: null,
      territory: ['220204', '220202'],
    });
    const record = (await auditOf(admin, 'unit.update')).find((a) => a.target === unit.id);
    expect(record?.details).toMatchObject({
      code: unit.code,
      changes: { responsibleLeader: ['李文华', '王海燕'], peerGroup: ['street_township', null] },
    });
  });

  it('when an edit is empty, names an unknown district or an unknown unit, then 400 and nothing changes', async () => {
    const unit = await makeUnit(t, admin);
    const patch = (id: string, payload: unknown) =>
      admin.inject({ method: 'PATCH', url: `/api/v1/units/${id}`, payload: payload as object });
    expect((await patch(unit.id, {})).statusCode).toBe(400);
    const bad = await patch(unit.id, { territory: ['火星区'] });
    expect(bad.statusCode).toBe(400);
    expect(fieldsOf(bad)).toEqual(['territory.0']);
    const missing = await patch('00000000-0000-4000-8000-000000000002', { nameZh: '不存在' });
    expect(missing.statusCode).toBe(400);
    expect(error(missing)).toMatchObject({ code: 'UNIT.NOT_FOUND', details: { fields: [{ field: 'id' }] } });
    expect(await unitById(unit.id)).toEqual(unit);
  });
});

describe('deactivating a unit never orphans an open ticket', () => {
  it('when the unit holds an open ticket, then 409 UNIT.HOLDS_OPEN_TICKETS lists its code; once the ticket moved on and the users left, it is deactivated', async () => {
    const unit = await makeUnit(t, admin);
    await makeUser(t, admin, {
      username: `${unit.code.toLowerCase()}.handler`,
      displayName: '测试承办人',
      roles: ['unit_handler'],
      unitId: unit.id,
    });
    const ticket = await openTicket(operator, unit.id);

    const refused = await admin.post(`/api/v1/units/${unit.id}/deactivate`);
    expect(refused.statusCode).toBe(409);
    expect(error(refused)).toMatchObject({
      code: 'UNIT.HOLDS_OPEN_TICKETS',
      details: { tickets: [ticket.code], total: 1 },
    });
    expect(error(refused).message).toContain(ticket.code);
    expect((await unitById(unit.id))?.active).toBe(true);
    expect((await auditOf(admin, 'unit.deactivate')).find((a) => a.target === unit.id)).toMatchObject({
      outcome: 'failure',
      details: { code: 'UNIT.HOLDS_OPEN_TICKETS' },
    });

    // The unit returns it and the office re-dispatches it: the unit no longer holds it.
    const session = await login(t, `${unit.code.toLowerCase()}.handler`, STRONG_PASSWORD);
    const { token } = session.json() as { token: string };
    const returned = await t.app.inject({
      method: 'POST',
      url: `/api/v1/tickets/${ticket.id}/return`,
      headers: { authorization: `Bearer ${token}` },
      payload: { reason: '不属于本街道辖区' },
    });
    expect(returned.statusCode, returned.body).toBe(200);
    const reviewed = await operator.post(`/api/v1/tickets/${ticket.id}/review-return`, {
      accept: true,
      unitId: t.units.get('S220204-BJL'),
      reason: '改派北京路街道',
    });
    expect(reviewed.statusCode, reviewed.body).toBe(200);

    // Still refused: an active user belongs to it.
    const users = await admin.post(`/api/v1/units/${unit.id}/deactivate`);
    expect(users.statusCode).toBe(409);
    expect(error(users)).toMatchObject({
      code: 'UNIT.HAS_ACTIVE_USERS',
      details: { users: [`${unit.code.toLowerCase()}.handler`] },
    });
    const handlerId = (
      (await admin.get(`/api/v1/directory/users?unitId=${unit.id}`)).json() as { items: { id: string }[] }
    ).items[0]?.id;
    expect((await admin.post(`/api/v1/users/${handlerId}/deactivate`)).statusCode).toBe(200);

    const done = await admin.post(`/api/v1/units/${unit.id}/deactivate`);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ id: unit.id, active: false });
    // An inactive unit cannot be dispatched to.
    const reg = await operator.post('/api/v1/tickets', ticketBody());
    const dispatch = await operator.post(`/api/v1/tickets/${(reg.json() as { id: string }).id}/dispatch`, {
      unitId: unit.id,
    });
    expect(dispatch.statusCode).toBe(400);
  });

  it('R4.2.1 when an urgent ticket was copied to the superior, then the superior holds it too and cannot be deactivated', async () => {
    const parent = await makeUnit(t, admin, { type: 'district_department', peerGroup: null });
    const child = await makeUnit(t, admin, { superiorId: parent.id });
    const ticket = await openTicket(operator, child.id, 'urgent');
    const res = await admin.post(`/api/v1/units/${parent.id}/deactivate`);
    expect(res.statusCode).toBe(409);
    expect(error(res)).toMatchObject({
      code: 'UNIT.HOLDS_OPEN_TICKETS',
      details: { tickets: [ticket.code] },
    });
  });

  it('when the unit has active subordinates, then 409 UNIT.HAS_ACTIVE_SUBORDINATES; a subordinate is activated only under an active superior', async () => {
    const parent = await makeUnit(t, admin, { type: 'district_department', peerGroup: null });
    const child = await makeUnit(t, admin, { superiorId: parent.id });
    const refused = await admin.post(`/api/v1/units/${parent.id}/deactivate`);
    expect(refused.statusCode).toBe(409);
    expect(error(refused)).toMatchObject({
      code: 'UNIT.HAS_ACTIVE_SUBORDINATES',
      details: { units: [child.code] },
    });
    expect((await admin.post(`/api/v1/units/${child.id}/deactivate`)).statusCode).toBe(200);
    expect((await admin.post(`/api/v1/units/${parent.id}/deactivate`)).statusCode).toBe(200);

    const early = await admin.post(`/api/v1/units/${child.id}/activate`);
    expect(early.statusCode).toBe(409);
    expect(error(early)).toMatchObject({
      code: 'UNIT.INACTIVE',
      details: { fields: [{ field: 'superiorId' }] },
    });
    // A new unit cannot hang under an inactive one either.
    expect((await admin.post('/api/v1/units', unitBody(t, { superiorId: parent.id }))).statusCode).toBe(409);

    expect((await admin.post(`/api/v1/units/${parent.id}/activate`)).json()).toMatchObject({ active: true });
    expect((await admin.post(`/api/v1/units/${child.id}/activate`)).json()).toMatchObject({ active: true });
    const actions = (await auditOf(admin, 'unit.activate')).filter((a) => a.outcome === 'success');
    expect(actions.map((a) => a.target)).toEqual(expect.arrayContaining([parent.id, child.id]));
  });
});
