/**
 * The phone system's screen pop over HTTP: the phone system (API key `cti.calls`) announces a call; the agent's open
 * notification stream (a real socket) hears it at once; the agent — and only the agent — reads the caller's
 * earlier requests of the last 90 days; a ticket registered from the pop carries the call id, and the phone
 * system's recording and transcript are attached to it (R2.2, R9.1).
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, ticketBody, type Client, type TestApp } from '../test/harness.js';
import { auditLog, ctiCalls } from '../db/schema.js';
import { desc } from 'drizzle-orm';

let t: TestApp;
let admin: Client;
let operator: Client;
let operator2: Client;
let base: string;
let key: string;
let otherKey: string;
const CALLER = '13700001111';

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.as('admin');
  operator = await t.as('operator');
  operator2 = await t.as('operator2');
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const issue = async (name: string) => {
    const res = await admin.post('/api/v1/api-keys', {
      name,
      channel: 'hotline_12345',
      operations: ['cti.calls'],
    });
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as { secret: string }).secret;
  };
  key = await issue('呼叫中心');
  otherKey = await issue('另一套电话系统');
});
afterAll(() => t.close());

const announce = (body: unknown, k = key) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/cti/calls',
    headers: { 'x-api-key': k },
    payload: body as object,
  });

/** Opens the agent's notification stream on a real socket; `callId` resolves with the first `call` event's data. */
async function openStream(token: string): Promise<{ callId: Promise<string>; close: () => void }> {
  const controller = new AbortController();
  const res = await fetch(`${base}/api/v1/notifications/stream`, {
    headers: { Accept: 'text/event-stream', Authorization: `Bearer ${token}` },
    signal: controller.signal,
  });
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let connected: () => void = () => {};
  const ready = new Promise<void>((r) => (connected = r));
  const callId = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error('stream closed');
      buffer += decoder.decode(value, { stream: true });
      if (buffer.includes('event: notifications')) connected();
      const m = /event: call\ndata: (.*)\n\n/.exec(buffer);
      if (m) return (JSON.parse(m[1] as string) as { callId: string }).callId;
    }
  })();
  callId.catch(() => {});
  await ready;
  return { callId, close: () => controller.abort() };
}

describe('screen pop', () => {
  it('R9.1: the call reaches the agent’s open page at once with the caller’s requests of the last 90 days, for that agent only', async () => {
    // Earlier requests of the caller: one 100 days ago (left out), two within 90 days, one of another number.
    const start = t.clock.now();
    t.clock.set(new Date(start.getTime() - 100 * 86_400_000));
    const old = await operator.post(
      '/api/v1/tickets',
      ticketBody({ complainant: { name: '李四', phone: CALLER } }),
    );
    expect(old.statusCode, old.body).toBe(201);
    t.clock.set(new Date(start.getTime() - 30 * 86_400_000));
    const recent = await operator.post(
      '/api/v1/tickets',
      ticketBody({ content: '小区路灯不亮一周了。', complainant: { name: '李四', phone: `+86 ${CALLER}` } }),
    );
    t.clock.set(start);
    const today = await operator.post(
      '/api/v1/tickets',
      ticketBody({ complainant: { name: '李四', phone: CALLER } }),
    );
    await operator.post(
      '/api/v1/tickets',
      ticketBody({ complainant: { name: '王五', phone: '13811112222' } }),
    );

    const stream = await openStream(operator.token as string);
    const accepted = await announce({
      callerNumber: CALLER,
      callId: 'CALL-20261110-0001',
      agent: 'operator',
    });
    expect(accepted.statusCode, accepted.body).toBe(202);
    expect(accepted.json()).toMatchObject({ callId: 'CALL-20261110-0001', openPages: 1 });
    expect(await stream.callId).toBe('CALL-20261110-0001');
    stream.close();

    const pop = await operator.get('/api/v1/cti/calls/CALL-20261110-0001');
    expect(pop.statusCode, pop.body).toBe(200);
    const view = pop.json() as { callerNumber: string; earlier: { code: string }[]; registered: unknown[] };
    expect(view.callerNumber).toBe(CALLER);
    expect(view.earlier.map((e) => e.code)).toEqual([
      (today.json() as { code: string }).code,
      (recent.json() as { code: string }).code,
    ]);
    expect(view.registered).toEqual([]);
    // The view is audited; the number is sealed at rest.
    const [last] = await t.ctx.db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(1);
    expect(last).toMatchObject({ action: 'cti.call.view', target: 'CALL-20261110-0001' });
    const stored = await t.ctx.db.select().from(ctiCalls);
    expect(JSON.stringify(stored)).not.toContain(CALLER);

    // Another operator, a unit handler: the call does not exist for them.
    expect((await operator2.get('/api/v1/cti/calls/CALL-20261110-0001')).statusCode).toBe(404);
    const unit = await t.as('s220204-bjl.handler');
    expect((await unit.get('/api/v1/cti/calls/CALL-20261110-0001')).statusCode).toBe(403);
    // An agent who is not an operator is refused.
    const bad = await announce({ callerNumber: CALLER, callId: 'CALL-X', agent: 's220204-bjl.handler' });
    expect(bad.statusCode).toBe(400);
  });

  it('R2.2: a ticket registered from the pop carries the call id; the recording and the transcript are attached to it', async () => {
    await announce({ callerNumber: CALLER, callId: 'CALL-20261110-0002', agent: 'operator' });
    // Before any registration: nothing to attach to.
    const early = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cti/calls/CALL-20261110-0002/recording',
      headers: { 'x-api-key': key },
      payload: { transcript: '市民来电反映路灯不亮。' },
    });
    expect(early.statusCode).toBe(409);

    const reg = await operator.post(
      '/api/v1/tickets',
      ticketBody({ callId: 'CALL-20261110-0002', complainant: { name: '李四', phone: CALLER } }),
    );
    expect(reg.statusCode, reg.body).toBe(201);
    const ticketId = (reg.json() as { id: string }).id;
    const pop = (await operator.get('/api/v1/cti/calls/CALL-20261110-0002')).json() as {
      registered: { id: string }[];
    };
    expect(pop.registered.map((r) => r.id)).toEqual([ticketId]);

    const transcript = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cti/calls/CALL-20261110-0002/recording',
      headers: { 'x-api-key': key },
      payload: { transcript: '坐席：您好，12345。市民：我家小区路灯不亮一周了。' },
    });
    expect(transcript.statusCode, transcript.body).toBe(201);
    expect(transcript.json()).toMatchObject({ mediaType: 'text/plain; charset=utf-8' });

    // A WAV file as multipart/form-data.
    const wav = Buffer.alloc(44 + 800);
    wav.write('RIFF', 0);
    wav.writeUInt32LE(36 + 800, 4);
    wav.write('WAVEfmt ', 8);
    wav.writeUInt32LE(16, 16);
    wav.writeUInt16LE(1, 20);
    wav.writeUInt16LE(1, 22);
    wav.writeUInt32LE(8000, 24);
    wav.writeUInt32LE(8000, 28);
    wav.writeUInt16LE(1, 32);
    wav.writeUInt16LE(8, 34);
    wav.write('data', 36);
    wav.writeUInt32LE(800, 40);
    const form = new FormData();
    form.append('file', new Blob([wav], { type: 'audio/wav' }), 'call.wav');
    const uploaded = await fetch(`${base}/api/v1/cti/calls/CALL-20261110-0002/recording`, {
      method: 'POST',
      headers: { 'x-api-key': key },
      body: form,
    });
    expect(uploaded.status, await uploaded.clone().text()).toBe(201);
    expect(await uploaded.json()).toMatchObject({ mediaType: 'audio/wav' });

    const list = await operator.get(`/api/v1/tickets/${ticketId}/attachments`);
    const items = (list.json() as { items: { mediaType: string }[] }).items;
    expect(items.map((i) => i.mediaType).sort()).toEqual(['audio/wav', 'text/plain; charset=utf-8']);
    // The transcript reads back as written.
    const transcriptId = (transcript.json() as { id: string }).id;
    const file = await operator.get(`/api/v1/tickets/${ticketId}/attachments/${transcriptId}`);
    expect(file.body).toContain('路灯不亮一周了');

    // Another phone system's key may not attach to this call.
    const foreign = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cti/calls/CALL-20261110-0002/recording',
      headers: { 'x-api-key': otherKey },
      payload: { transcript: '伪造的转写' },
    });
    expect(foreign.statusCode).toBe(404);
    // A file that is not audio is refused.
    const exe = new FormData();
    exe.append('file', new Blob([Buffer.from('MZ\x90\x00not audio')]), 'x.exe');
    const refused = await fetch(`${base}/api/v1/cti/calls/CALL-20261110-0002/recording`, {
      method: 'POST',
      headers: { 'x-api-key': key },
      body: exe,
    });
    expect(refused.status).toBe(415);
  });
});
