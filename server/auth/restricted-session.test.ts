/**
 * A restricted session (admin-set password to change, R9.1; GB/T 22239 8.1.4.1 / 8.1.4.2; ASVS V4.1.1, V4.1.3)
 * is refused on every API route whatever form the request line takes. Raw request lines over a real socket,
 * because inject normalises the URL.
 */
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test/harness.js';

let t: TestApp;
let port: number;
let token: string;
beforeAll(async () => {
  t = await startTestApp();
  const admin = await t.as('admin');
  const created = await admin.post('/api/v1/users', {
    username: 'restricted1',
    displayName: '待改密用户',
    password: 'Temp#Given2026',
    roles: ['office_operator'],
    unitId: t.units.get('OFFICE'),
  });
  expect(created.statusCode, created.body).toBe(201);
  const login = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username: 'restricted1', password: 'Temp#Given2026' },
  });
  token = (login.json() as { token: string }).token;
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
});
afterAll(() => t.close());

/** Sends one raw HTTP/1.1 request line and returns the status code and body. */
function raw(target: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (data += chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0);
      resolve({ status, body: data.slice(data.indexOf('\r\n\r\n') + 4) });
    });
    socket.write(
      `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\n\r\n`,
    );
  });
}

describe('a restricted session, whatever the request line', () => {
  it('reaches no ticket, user or audit data through absolute URLs, double or encoded slashes, or case variants', async () => {
    const forms = (path: string) => [
      path,
      `http://127.0.0.1:${port}${path}`,
      `http://evil.example${path}`,
      `/${path}`,
      path.replace('/api/v1/', '/api//v1/'),
      path.replace('/api/v1/', '/api%2Fv1/'),
      path.replace('/api/v1/', '/API/v1/'),
      path.replace('/api/v1/', '/api/V1/'),
      `${path}?`,
      `${path}/`,
    ];
    for (const path of ['/api/v1/tickets', '/api/v1/users', '/api/v1/units']) {
      for (const target of forms(path)) {
        const res = await raw(target);
        // Either refused as restricted, or not an API route at all (404 / the web page) — never the data.
        expect(res.body, target).not.toContain('"items"');
        expect(res.body, target).not.toContain('"username"');
        if (res.status === 200) expect(res.body, target).toMatch(/<!doctype html>|<html/i);
      }
      expect((await raw(`http://127.0.0.1:${port}${path}`)).body, path).toContain(
        'AUTH.PASSWORD_CHANGE_REQUIRED',
      );
    }
    // The setup routes still answer, so the user can reach the form.
    const me = await raw(`http://127.0.0.1:${port}/api/v1/me`);
    expect(me.status).toBe(200);
    expect(me.body).toContain('"passwordChangeRequired":true');
  });
});
