/**
 * Attachments (R9.1): checked by content against an allow-list, size-capped, stored encrypted under
 * generated names, downloaded only by those handling the ticket and always as `Content-Disposition: attachment`;
 * another unit gets the 404 of a missing ticket.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { Document, Packer, Paragraph } from 'docx';
import JSZip from 'jszip';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/client.js';
import { startTestApp, ticketBody, type Client, type TestApp } from '../test/harness.js';

const MAX = 256 * 1024;
let t: TestApp;
let operator: Client, handler: Client, otherUnit: Client, leader: Client, auditor: Client;
let ticketId: string;
const MISSING = '00000000-0000-4000-8000-000000000000';

// A 1×1 PNG, with the complainant's phone number written inside it as text, to find it in the stored bytes.
const PNG = Buffer.concat([
  Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'),
  Buffer.from('1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex'),
  Buffer.from('tEXt:13912345678'),
]);

beforeAll(async () => {
  t = await startTestApp({ config: { attachments: { dir: '', maxBytes: MAX, perTicket: 20 } } });
  t.ctx.config.attachments.dir = join(t.ctx.config.dataDir, 'attachments');
  operator = await t.as('operator');
  handler = await t.as('s220204-bjl.handler');
  otherUnit = await t.as('s220202-ya.handler');
  leader = await t.as('leader');
  auditor = await t.as('auditor');
  const reg = await operator.post('/api/v1/tickets', ticketBody({ urgency: 'general' }));
  ticketId = (reg.json() as { id: string }).id;
  const d = await operator.post(`/api/v1/tickets/${ticketId}/dispatch`, {
    unitId: t.units.get('S220204-BJL'),
  });
  expect(d.statusCode, d.body).toBe(200);
});
afterAll(() => t.close());

const upload = (
  c: Client,
  body: Buffer | string,
  name: string,
  id = ticketId,
  contentType = 'application/octet-stream',
) =>
  c.inject({
    method: 'POST',
    url: `/api/v1/tickets/${id}/attachments`,
    headers: { 'content-type': contentType, 'x-file-name': encodeURIComponent(name) },
    payload: body,
  });
const list = async (c: Client) =>
  (
    (await c.get(`/api/v1/tickets/${ticketId}/attachments`)).json() as {
      items: { id: string; name: string; downloadable: boolean }[];
    }
  ).items;
const storedFiles = () => {
  try {
    return readdirSync(t.ctx.config.attachments.dir).filter((f) => !f.startsWith('.'));
  } catch {
    return [];
  }
};

async function docx(): Promise<Buffer> {
  return Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('现场照片说明')] }] }));
}
async function xlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('s').addRow(['a']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('upload: checked by content against the allow-list', () => {
  it('a PNG from the handling unit is stored encrypted under a generated name and shows on the timeline', async () => {
    const res = await upload(handler, PNG, 'C:\\fakepath\\张三身份证.PNG');
    expect(res.statusCode, res.body).toBe(201);
    const view = res.json() as {
      id: string;
      name: string;
      mediaType: string;
      size: number;
      downloadable: boolean;
    };
    expect(view).toMatchObject({
      name: '张三身份证.png',
      mediaType: 'image/png',
      size: PNG.length,
      downloadable: true,
    });

    const files = storedFiles();
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^[0-9a-f-]{36}$/); // generated, nothing of the uploader's name
    const onDisk = readFileSync(join(t.ctx.config.attachments.dir, files[0] as string));
    expect(onDisk.includes(Buffer.from('13912345678'))).toBe(false);
    expect(onDisk.includes(PNG.subarray(0, 16))).toBe(false);
    const dump = await queryRows<{ row: string }>(t.ctx.db, sql`SELECT a::text AS row FROM attachments a`);
    expect(dump.map((r) => r.row).join('\n')).not.toContain('张三');

    const events = (await operator.get(`/api/v1/tickets/${ticketId}/events`)).json() as {
      action: string;
      data: Record<string, unknown>;
    }[];
    const added = events.find((e) => e.action === 'attachment-added');
    expect(added?.data).toEqual({ attachmentId: view.id, mediaType: 'image/png', size: PNG.length });
  });

  it('PDF, DOCX, XLSX, JPEG and a voice recording are accepted, each with the extension its content has', async () => {
    const cases: [Buffer, string, string][] = [
      [Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n'), '回复函.pdf', 'application/pdf'],
      [await docx(), '情况说明', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      [await xlsx(), '台账.xls', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      [Buffer.from('ffd8ffe000104a46494600', 'hex'), 'photo.jpeg', 'image/jpeg'],
      [Buffer.from('#!AMR\n\x3c\x00\x00', 'latin1'), '通话录音.amr', 'audio/amr'],
    ];
    for (const [body, name, type] of cases) {
      t.clock.advance(60); // listed in upload order
      const res = await upload(operator, body, name);
      expect(res.statusCode, `${name}: ${res.body}`).toBe(201);
      expect((res.json() as { mediaType: string }).mediaType).toBe(type);
    }
    expect((await list(operator)).map((a) => a.name)).toEqual([
      '张三身份证.png',
      '回复函.pdf',
      '情况说明.docx',
      '台账.xlsx',
      'photo.jpg',
      '通话录音.amr',
    ]);
  });

  it('HTML named .png, SVG, an executable, a plain ZIP, a macro workbook and an empty file are refused; nothing is stored', async () => {
    const before = storedFiles().length;
    const macro = await JSZip.loadAsync(await xlsx());
    macro.file('xl/vbaProject.bin', 'macro');
    const zip = new JSZip();
    zip.file('readme.txt', 'hello');
    const refused: [Buffer, string, string][] = [
      [Buffer.from('<html><script>alert(1)</script></html>'), 'photo.png', 'ATTACHMENT.TYPE_NOT_ALLOWED'],
      [
        Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        'map.svg',
        'ATTACHMENT.TYPE_NOT_ALLOWED',
      ],
      [Buffer.from('MZ\x90\x00\x03\x00', 'latin1'), '说明.pdf', 'ATTACHMENT.TYPE_NOT_ALLOWED'],
      [await zip.generateAsync({ type: 'nodebuffer' }), 'a.docx', 'ATTACHMENT.TYPE_NOT_ALLOWED'],
      [await macro.generateAsync({ type: 'nodebuffer' }), 'a.xlsx', 'ATTACHMENT.TYPE_NOT_ALLOWED'],
      [Buffer.alloc(0), 'empty.pdf', 'REQUEST.INVALID'],
    ];
    for (const [body, name, code] of refused) {
      const res = await upload(handler, body, name);
      expect(res.statusCode, name).toBeGreaterThanOrEqual(400);
      expect(res.json(), name).toMatchObject({ error: { code } });
    }
    expect(storedFiles().length).toBe(before);
    expect((await list(handler)).length).toBe(6);
  });

  it('an oversized file answers 413 and a JSON body 415; nothing is stored', async () => {
    const big = Buffer.concat([PNG, Buffer.alloc(MAX)]);
    const tooBig = await upload(handler, big, 'big.png');
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json()).toMatchObject({ error: { code: 'REQUEST.TOO_LARGE' } });
    const json = await upload(
      handler,
      JSON.stringify({ file: PNG.toString('base64') }),
      'x.png',
      ticketId,
      'application/json',
    );
    expect(json.statusCode).toBe(415);
    const form = await upload(handler, 'a=b', 'x.png', ticketId, 'text/html');
    expect(form.statusCode).toBe(415);
    expect((await list(handler)).length).toBe(6);
  });
});

describe('download and visibility (R9.1)', () => {
  it('the handler downloads the same bytes as an attachment, never inline', async () => {
    const [first] = await list(handler);
    const res = await handler.get(`/api/v1/tickets/${ticketId}/attachments/${first?.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(PNG)).toBe(true);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="_____.png"; filename*=UTF-8''${encodeURIComponent('张三身份证.png')}`,
    );
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('another unit gets the 404 of a missing ticket for the list, the file and an upload', async () => {
    const [first] = await list(handler);
    const missingList = await otherUnit.get(`/api/v1/tickets/${MISSING}/attachments`);
    const missingFile = await otherUnit.get(`/api/v1/tickets/${MISSING}/attachments/${first?.id}`);
    expect(missingList.statusCode).toBe(404);
    const theirs = [
      await otherUnit.get(`/api/v1/tickets/${ticketId}/attachments`),
      await otherUnit.get(`/api/v1/tickets/${ticketId}/attachments/${first?.id}`),
      await upload(otherUnit, PNG, 'x.png'),
    ];
    for (const res of theirs) {
      expect(res.statusCode).toBe(404);
      expect(res.body).toBe(missingList.body);
    }
    expect(missingFile.body).toBe(missingList.body);
    // An attachment id of this ticket under another (visible) ticket's address is missing too.
    const reg = await operator.post('/api/v1/tickets', ticketBody());
    const otherTicket = (reg.json() as { id: string }).id;
    const crossed = await operator.get(`/api/v1/tickets/${otherTicket}/attachments/${first?.id}`);
    expect(crossed.statusCode).toBe(404);
    expect(crossed.body).toBe(missingList.body);
  });

  it('a leader sees that files exist, not their names, and may not open them', async () => {
    const items = await list(leader);
    expect(items).toHaveLength(6);
    expect(items.every((a) => !a.downloadable && /^附件-[0-9a-f]{8}\.\w+$/.test(a.name))).toBe(true);
    expect(JSON.stringify(items)).not.toContain('张三');
    const res = await leader.get(`/api/v1/tickets/${ticketId}/attachments/${items[0]?.id}`);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: { code: 'ATTACHMENT.NOT_HANDLING' } });
    expect((await upload(leader, PNG, 'x.png')).statusCode).toBe(403);
  });

  it('uploads and downloads, allowed or not, are in the audit log without the file name', async () => {
    const records = (await auditor.get(`/api/v1/audit?ticketId=${ticketId}&pageSize=200`)).json() as {
      items: { action: string; outcome: string; actorUsername: string }[];
    };
    const seen = records.items
      .filter((r) => r.action.startsWith('attachment.'))
      .map((r) => `${r.action}:${r.outcome}:${r.actorUsername}`);
    expect(seen).toContain('attachment.upload:success:s220204-bjl.handler');
    expect(seen).toContain('attachment.upload:failure:s220204-bjl.handler');
    expect(seen).toContain('attachment.download:success:s220204-bjl.handler');
    expect(seen).toContain('attachment.download:denied:leader');
    expect(JSON.stringify(records.items)).not.toContain('张三身份证');
  });
});
