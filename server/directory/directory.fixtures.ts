/**
 * Factories for the directory tests: units, users and open tickets made through the API.
 */
import { expect } from 'vitest';
import { ticketBody, type Client, type TestApp } from '../test/harness.js';
import type { AdminUserView } from '../../shared/schemas/directory.js';
import type { UnitView } from './unit.service.js';

/** Satisfies the password rule: 15 characters, all four classes. */
export const STRONG_PASSWORD = 'Strong#Pass2026';

export type ErrorJson = {
  error: {
    code: string;
    message: string;
    details?: Record<string, unknown> & { fields?: { field: string }[] };
  };
};

let serial = 0;
/** A street under 船营区人民政府 with its two leaders (R8.2); override what the test is about. */
export function unitBody(t: TestApp, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  serial += 1;
  return {
    code: `S220204-T${serial}`,
    nameZh: `船营区测试街道${serial}`,
    nameEn: `Test Street ${serial}`,
    type: 'street',
    superiorId: t.units.get('D220204'),
    peerGroup: 'street_township',
    mainLeader: '张立新',
    responsibleLeader: '李文华',
    territory: ['220204'],
    ...overrides,
  };
}

export async function makeUnit(t: TestApp, admin: Client, overrides: Record<string, unknown> = {}) {
  const res = await admin.post('/api/v1/units', unitBody(t, overrides));
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as UnitView;
}

const TEMPORARY_PASSWORD = 'Given#ByAdmin2026';

/**
 * An account as an admin creates it, after its user's first login: the admin gives a temporary password, the
 * User replaces it with STRONG_PASSWORD (a password an admin set must be changed first).
 */
export async function makeUser(t: TestApp, admin: Client, body: Record<string, unknown>) {
  const res = await admin.post('/api/v1/users', { password: TEMPORARY_PASSWORD, ...body });
  expect(res.statusCode, res.body).toBe(201);
  const user = res.json() as AdminUserView;
  if (user.active) {
    const first = await login(t, user.username, TEMPORARY_PASSWORD);
    expect(first.json()).toMatchObject({ user: { passwordChangeRequired: true } });
    const changed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: { authorization: `Bearer ${(first.json() as { token: string }).token}` },
      payload: { currentPassword: TEMPORARY_PASSWORD, newPassword: STRONG_PASSWORD },
    });
    expect(changed.statusCode, changed.body).toBe(200);
  }
  return user;
}

/** Logs in with a password other than the demo one. */
export async function login(t: TestApp, username: string, password: string) {
  return t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
}

/** A registered ticket dispatched to the unit: open, and held by it. */
export async function openTicket(
  operator: Client,
  unitId: string,
  urgency: 'urgent' | 'general' = 'general',
) {
  const reg = await operator.post('/api/v1/tickets', ticketBody({ urgency }));
  expect(reg.statusCode, reg.body).toBe(201);
  const { id, code } = reg.json() as { id: string; code: string };
  const dispatched = await operator.post(`/api/v1/tickets/${id}/dispatch`, { unitId });
  expect(dispatched.statusCode, dispatched.body).toBe(200);
  return { id, code };
}

export type AuditJson = {
  action: string;
  outcome: string;
  target: string | null;
  details: Record<string, unknown>;
};
export async function auditOf(admin: Client, action: string): Promise<AuditJson[]> {
  const res = await admin.get(`/api/v1/audit?pageSize=200&action=${encodeURIComponent(action)}`);
  return (res.json() as { items: AuditJson[] }).items;
}
