/**
 * Attachments (R9.1): photos, scans, documents and recordings belonging to a ticket.
 * - Checked by content (domain/security/file-sniff.ts) against an allow-list and capped in size; the name and
 *   Content-Type the client sent are never trusted.
 * - Stored outside the database under a generated name (a random UUID), encrypted with the personal-data key
 *   (a photo of an ID card is personal data); the uploader's file name is kept encrypted too.
 * - Reachable only through the ticket: whoever may not see the ticket gets the ticket's 404; whoever sees it but
 *   does not handle it (leaders, copied superiors) sees that files exist but may not open them (R9.1).
 * - Every upload and every download is audited and the upload is on the ticket's timeline.
 */
import { TEXT_PROBLEM_ZH, textProblem } from '../../shared/text-guard.js';
import { randomUUID, createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile, open } from 'node:fs/promises';
import { join } from 'node:path';
import { asc, eq, sql } from 'drizzle-orm';
import { sniffFileType, ATTACHMENT_TYPES } from '../../domain/security/file-sniff.js';
import { attachments, users } from '../db/schema.js';
import type { AppContext } from '../context.js';
import { AppError, notFound } from '../errors.js';
import { audit } from '../audit/audit.service.js';
import type { Viewer } from '../auth/viewer.js';
import { visibleTicket } from '../tickets/ticket.service.js';
import { appendEvent } from '../tickets/ticket.repository.js';
import type { AttachmentView } from '../../shared/schemas/attachments.js';

const FILE_FIELD = 'attachment.file';
const NAME_FIELD = 'attachment.name';

const notHandling = () =>
  new AppError(
    'ATTACHMENT.NOT_HANDLING',
    '附件可能含有诉求人的个人信息，只有承办该诉求的人员可以打开（R9.1）。',
  );

/**
 * Why a declared file name is refused, or null: a `..` segment (path traversal), control characters, lone
 * surrogates or bidi controls (a name that reads `photo.jpg` but is `gpj.exe`). A plain directory part, as some
 * browsers send (`C:\\fakepath\\a.jpg`), is not refused: `cleanFileName` drops it.
 */
export function fileNameProblem(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  let name = raw;
  try {
    name = decodeURIComponent(raw);
  } catch {
    // not percent-encoded: judged as it is
  }
  if (/(^|[\\/])\.\.([\\/]|$)/.test(name)) return '不能含有“..”路径';
  const problem = textProblem(name, true);
  return problem ? TEXT_PROBLEM_ZH[problem] : null;
}

/** The name to store and show: no path, no control characters, at most 100 characters. */
export function cleanFileName(raw: string | undefined): string {
  let name = (raw ?? '').normalize('NFC');
  try {
    name = decodeURIComponent(name);
  } catch {
    // not percent-encoded: take it as it is
  }
  name = name
    .replace(/^.*[\\/]/, '')
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u001f\u007f"<>|*?:]/g, '')
    .trim();
  return name.slice(-100) || '附件';
}

/** The shown name with the extension the content really has. */
const withExtension = (name: string, ext: string) => `${name.replace(/\.[A-Za-z0-9]{1,8}$/, '')}.${ext}`;

export async function addAttachment(
  ctx: AppContext,
  viewer: Viewer,
  ticketId: string,
  content: Buffer,
  declaredName: string | undefined,
  /** Content the server wrote itself (a call's transcript as UTF-8 text): its type, instead of sniffing. */
  ownType?: { mediaType: string; extension: string },
): Promise<AttachmentView> {
  const { row, access } = await visibleTicket(ctx, viewer, ticketId);
  if (!access.unmasked) throw notHandling();
  const now = ctx.clock.now();
  const refuse = async (error: AppError, reason: string): Promise<never> => {
    await audit(ctx.db, {
      at: now,
      actor: viewer,
      action: 'attachment.upload',
      ticketId,
      outcome: 'failure',
      details: { reason, size: content.length },
    });
    throw error;
  };
  const nameProblem = fileNameProblem(declaredName);
  if (nameProblem) {
    return refuse(
      new AppError('REQUEST.INVALID', `文件名不合法：${nameProblem}`, {
        fields: [{ field: 'X-File-Name', message: nameProblem }],
      }),
      'name',
    );
  }
  if (content.length === 0) {
    return refuse(
      new AppError('REQUEST.INVALID', '附件是空文件。', { fields: [{ field: 'file', message: '文件为空' }] }),
      'empty',
    );
  }
  if (content.length > ctx.config.attachments.maxBytes) {
    const mib = ctx.config.attachments.maxBytes / 1024 / 1024;
    return refuse(
      new AppError('ATTACHMENT.TOO_LARGE', `附件不能超过 ${mib} MB。`, {
        fields: [{ field: 'file', message: `超过 ${mib} MB` }],
      }),
      'too-large',
    );
  }
  const type = ownType ?? sniffFileType(content);
  if (!type) {
    return refuse(
      new AppError(
        'ATTACHMENT.TYPE_NOT_ALLOWED',
        `不接受这种文件。可以上传：${ATTACHMENT_TYPES.map((t) => t.extension).join('、')}（按文件内容判断，不看扩展名）。`,
        { fields: [{ field: 'file', message: '文件类型不在允许范围内' }] },
      ),
      'type',
    );
  }
  const [{ n } = { n: 0 }] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(attachments)
    .where(eq(attachments.ticketId, ticketId));
  if (n >= ctx.config.attachments.perTicket) {
    return refuse(
      new AppError('ATTACHMENT.LIMIT_REACHED', `每件诉求最多 ${ctx.config.attachments.perTicket} 个附件。`),
      'limit',
    );
  }

  const name = withExtension(cleanFileName(declaredName), type.extension);
  const storageKey = randomUUID();
  // Written (and flushed) before the row: an acknowledged upload always has its file. A crash in between
  // leaves an unreferenced file, never a row without one.
  await writeDurably(ctx.config.attachments.dir, storageKey, ctx.cipher.sealBytes(FILE_FIELD, content));
  try {
    const [saved] = await ctx.db.transaction(async (tx) => {
      const inserted = await tx
        .insert(attachments)
        .values({
          ticketId,
          storageKey,
          mediaType: type.mediaType,
          extension: type.extension,
          size: content.length,
          sha256: createHash('sha256').update(content).digest('hex'),
          originalNameEnc: ctx.cipher.encrypt(NAME_FIELD, name),
          uploadedBy: viewer.userId,
          uploadedByUnitId: viewer.unitId,
          createdAt: now,
        })
        .returning();
      const status = row.status;
      await appendEvent(tx, {
        ticketId,
        at: now,
        actorUserId: viewer.userId,
        actorRole: viewer.roles[0] ?? null,
        actorUnitId: viewer.unitId,
        action: 'attachment-added',
        fromStatus: status,
        toStatus: status,
        // The timeline shows the type and size, never the uploader's file name (it may name the complainant).
        data: { attachmentId: inserted[0]?.id, mediaType: type.mediaType, size: content.length },
      });
      await audit(tx, {
        at: now,
        actor: viewer,
        action: 'attachment.upload',
        ticketId,
        target: inserted[0]?.id ?? null,
        outcome: 'success',
        details: { mediaType: type.mediaType, size: content.length },
      });
      return inserted;
    });
    if (!saved) throw new Error('insert returned no row');
    return present(ctx, saved, viewer.displayName, true);
  } catch (err) {
    await rm(join(ctx.config.attachments.dir, storageKey), { force: true });
    throw err;
  }
}

async function writeDurably(dir: string, name: string, data: Buffer): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const tmp = join(dir, `.${name}.tmp`);
  await writeFile(tmp, data, { mode: 0o600 });
  const fh = await open(tmp, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, join(dir, name));
}

type AttachmentRow = typeof attachments.$inferSelect;

function present(
  ctx: AppContext,
  r: AttachmentRow,
  uploader: string | null,
  handling: boolean,
): AttachmentView {
  const index = r.id.slice(0, 8);
  return {
    id: r.id,
    ticketId: r.ticketId,
    // Those who do not handle the ticket see that a file exists, not what the uploader called it.
    name: handling ? ctx.cipher.decrypt(NAME_FIELD, r.originalNameEnc) : `附件-${index}.${r.extension}`,
    mediaType: r.mediaType,
    size: r.size,
    sha256: r.sha256,
    uploadedBy: uploader,
    uploadedAt: r.createdAt.toISOString(),
    downloadable: handling,
  };
}

export async function listAttachments(
  ctx: AppContext,
  viewer: Viewer,
  ticketId: string,
): Promise<AttachmentView[]> {
  const { access } = await visibleTicket(ctx, viewer, ticketId);
  const rows = await ctx.db
    .select({ a: attachments, uploader: users.displayName })
    .from(attachments)
    .leftJoin(users, eq(users.id, attachments.uploadedBy))
    .where(eq(attachments.ticketId, ticketId))
    .orderBy(asc(attachments.createdAt), asc(attachments.id));
  return rows.map((r) => present(ctx, r.a, r.uploader, access.unmasked));
}

export async function readAttachment(
  ctx: AppContext,
  viewer: Viewer,
  ticketId: string,
  attachmentId: string,
): Promise<{ body: Buffer; filename: string; contentType: string }> {
  const { access } = await visibleTicket(ctx, viewer, ticketId);
  const [row] = await ctx.db.select().from(attachments).where(eq(attachments.id, attachmentId)).limit(1);
  // Another ticket's attachment under this ticket's address is as missing as a missing one.
  if (!row || row.ticketId !== ticketId) throw notFound();
  if (!access.unmasked) {
    await audit(ctx.db, {
      at: ctx.clock.now(),
      actor: viewer,
      action: 'attachment.download',
      ticketId,
      target: attachmentId,
      outcome: 'denied',
    });
    throw notHandling();
  }
  const stored = await readFile(join(ctx.config.attachments.dir, row.storageKey));
  const body = ctx.cipher.openBytes(FILE_FIELD, stored);
  if (createHash('sha256').update(body).digest('hex') !== row.sha256) {
    throw new AppError('CRYPTO.DECRYPT_FAILED', '附件文件与登记时不一致，可能已被替换。');
  }
  await audit(ctx.db, {
    at: ctx.clock.now(),
    actor: viewer,
    action: 'attachment.download',
    ticketId,
    target: attachmentId,
    outcome: 'success',
  });
  return { body, filename: ctx.cipher.decrypt(NAME_FIELD, row.originalNameEnc), contentType: row.mediaType };
}
