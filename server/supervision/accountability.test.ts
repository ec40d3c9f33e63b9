/**
 * R6.2 accountability proposal: drafted from the record (a rejected return and two missed deadlines), edited
 * and issued by the supervision office, exported as .docx and .pdf whose Chinese text reads back.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, ticketBody, type Client, type TestApp } from '../test/harness.js';

let t: TestApp;
let operator: Client;
let admin: Client; // the test clock is the administrator's
let supervisor: Client;
beforeAll(async () => {
  t = await startTestApp();
  operator = await t.as('operator');
  admin = await t.as('admin');
  supervisor = await t.as('supervisor');
});
afterAll(() => t.close());

const ok = async (c: Client, id: string, action: string, body: unknown) => {
  const res = await c.post(`/api/v1/tickets/${id}/${action}`, body);
  expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
};

describe('R6.2 accountability proposal', () => {
  it('lists a rejected return and two missed deadlines, is edited and issued, and exports as .docx and .pdf', async () => {
    t.clock.set(new Date('2026-11-10T09:00:00+08:00'));
    const { id } = (
      await operator.post(
        '/api/v1/tickets',
        ticketBody({ urgency: 'urgent', complainant: { name: '孙八', phone: '13911112222' } }),
      )
    ).json() as { id: string };
    const handler = await t.as('s220204-bjl.handler');
    await ok(operator, id, 'dispatch', { unitId: t.units.get('S220204-BJL') });
    await ok(handler, id, 'return', { reason: '不属于本街道' });
    await ok(operator, id, 'review-return', { accept: false, reason: '属地责任，请北京路街道办理' });
    await ok(handler, id, 'accept', { responsiblePerson: '王建军' });
    await admin.post('/api/v1/test-clock', { advanceSeconds: 25 * 3600 }); // first deadline missed
    await ok(handler, id, 'report-disposal', { text: '已到场' });
    await ok(handler, id, 'complete', { result: '已处理' });
    await ok(handler, id, 'feedback', {
      toComplainant: '已告知',
      toOffice: '已办结',
      explanation: '超期致歉',
    });
    await ok(await t.as('revisitor'), id, 'revisit', { outcome: 'unsatisfied', note: '没有解决' });
    await ok(supervisor, id, 'supervise', { notice: '限一日内整改', dueAt: '2026-11-12T12:00:00+08:00' });
    await admin.post('/api/v1/test-clock', { advanceSeconds: 2 * 86400 }); // the supervised deadline missed too

    const draft = await supervisor.post(`/api/v1/tickets/${id}/accountability`);
    expect(draft.statusCode, draft.body).toBe(201);
    const p = draft.json() as { id: string; text: string; evidence: { kind: string }[] };
    expect(p.evidence.map((e) => e.kind)).toEqual([
      'rejected-return',
      'missed-deadline',
      'unsatisfied',
      'supervision-notice',
      'missed-deadline',
    ]);
    expect(p.text).toContain('属地责任，请北京路街道办理');
    expect(p.text).toContain('北京路街道');

    const edited = await supervisor.inject({
      method: 'PUT',
      url: `/api/v1/accountability/${p.id}`,
      payload: { text: `${p.text}\n建议责令书面检查。`, issue: true },
    });
    expect(edited.json()).toMatchObject({ status: 'issued' });
    expect(
      (
        await supervisor.inject({
          method: 'PUT',
          url: `/api/v1/accountability/${p.id}`,
          payload: { text: 'x' },
        })
      ).statusCode,
    ).toBe(409);

    const dir = mkdtempSync(join(tmpdir(), 'jiesu-acc-'));
    const pdf = await supervisor.get(`/api/v1/accountability/${p.id}/proposal.pdf`);
    expect(pdf.headers['content-disposition']).toMatch(/^attachment/);
    writeFileSync(join(dir, 'p.pdf'), pdf.rawPayload);
    const pdfText = execFileSync('pdftotext', [join(dir, 'p.pdf'), '-'], { encoding: 'utf8' });
    expect(pdfText).toContain('追究责任');
    expect(pdfText).toContain('属地责任');
    expect(pdfText).toContain('建议责令书面检查');

    const docx = await supervisor.get(`/api/v1/accountability/${p.id}/proposal.docx`);
    const xml = await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')?.async('string');
    expect(xml).toContain('属地责任，请北京路街道办理');
    // No personal data in either.
    for (const s of [pdfText, xml ?? '']) {
      expect(s).not.toContain('孙八');
      expect(s).not.toContain('13911112222');
    }
    // Only the supervision office drafts.
    expect((await operator.post(`/api/v1/tickets/${id}/accountability`)).statusCode).toBe(403);

    // The office's list: a second draft for the same ticket, newest first, filtered by status and paged.
    t.clock.advance(60);
    const second = (await supervisor.post(`/api/v1/tickets/${id}/accountability`)).json() as { id: string };
    type Page = { items: { id: string; status: string }[]; total: number };
    const list = async (query: string) =>
      (await supervisor.get(`/api/v1/accountability?${query}`)).json() as Page;
    expect((await list(`ticketId=${id}`)).items.map((x) => x.id)).toEqual([second.id, p.id]);
    expect((await list('status=draft')).items.map((x) => x.id)).toEqual([second.id]);
    expect((await list('status=issued')).items.map((x) => x.id)).toEqual([p.id]);
    const page2 = await list('pageSize=1&page=2');
    expect(page2).toMatchObject({ total: 2, items: [{ id: p.id }] });
    expect((await operator.get('/api/v1/accountability')).statusCode).toBe(403);
  });

  it('a ticket handled on time with a satisfied complainant does not warrant a proposal', async () => {
    t.clock.set(new Date('2026-11-20T09:00:00+08:00'));
    const { id } = (await operator.post('/api/v1/tickets', ticketBody({ urgency: 'urgent' }))).json() as {
      id: string;
    };
    await ok(operator, id, 'dispatch', { unitId: t.units.get('S220204-BJL') });
    expect((await supervisor.post(`/api/v1/tickets/${id}/accountability`)).statusCode).toBe(409);
  });
});
