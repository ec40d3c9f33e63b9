/**
 * Partners' API keys (Open311 clients, the phone system): the administrator issues, scopes, rotates and revokes
 * them; every use is checked here and audited (R9.1). A key is `jsk_` + 32 random bytes (base64url); only its
 * SHA-256 is stored — a key of that entropy needs no slow hash — and compared in constant time. A key is scoped to
 * one intake channel (R2.1: what it submits arrives on that channel) and to the operations it may call.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { apiKeys } from '../db/schema.js';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { audit } from '../audit/audit.service.js';
import type { Viewer } from './viewer.js';
import type {
  ApiKeyCreateBody,
  ApiKeyIssued,
  ApiKeyOperation,
  ApiKeyView,
} from '../../shared/schemas/api-keys.js';
import { apiKeyCreateBody } from '../../shared/schemas/api-keys.js';
import type { z } from 'zod';

type ApiKeyRow = typeof apiKeys.$inferSelect;

/** The key a request presents, once checked: what the routes and the rate limit need. */
export interface ApiKeyPrincipal {
  id: string;
  name: string;
  channel: string;
  operations: readonly ApiKeyOperation[];
  ratePerMinute: number;
}

const PREFIX = 'jsk_';
const hashOf = (secret: string) => createHash('sha256').update(secret, 'utf8').digest();

function newSecret(): string {
  return PREFIX + randomBytes(32).toString('base64url');
}

function present(r: ApiKeyRow): ApiKeyView {
  return {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    channel: r.channel,
    operations: r.operations as ApiKeyOperation[],
    ratePerMinute: r.ratePerMinute,
    createdAt: r.createdAt.toISOString(),
    rotatedAt: r.rotatedAt?.toISOString() ?? null,
    revokedAt: r.revokedAt?.toISOString() ?? null,
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
  };
}

export async function listApiKeys(ctx: AppContext): Promise<ApiKeyView[]> {
  const rows = await ctx.db.select().from(apiKeys).orderBy(asc(apiKeys.createdAt));
  return rows.map(present);
}

/** Issues a key: the secret is in the answer once and never again. */
export async function issueApiKey(
  ctx: AppContext,
  viewer: Viewer,
  input: z.output<typeof apiKeyCreateBody> | ApiKeyCreateBody,
): Promise<ApiKeyIssued> {
  if (!(await ctx.reference.hasChannel(input.channel)))
    throw new AppError('CHANNEL.NOT_FOUND', `受理渠道不存在：${input.channel}`, {
      fields: [{ field: 'channel', message: '受理渠道不存在' }],
    });
  const now = ctx.clock.now();
  const secret = newSecret();
  const row = await ctx.db.transaction(async (tx) => {
    const [saved] = await tx
      .insert(apiKeys)
      .values({
        name: input.name,
        prefix: secret.slice(0, PREFIX.length + 6),
        keyHash: hashOf(secret).toString('hex'),
        channel: input.channel,
        operations: [...new Set(input.operations)],
        ratePerMinute: input.ratePerMinute ?? 120,
        createdBy: viewer.userId,
        createdAt: now,
      })
      .returning();
    if (!saved) throw new Error('insert returned no row');
    await audit(tx, {
      at: now,
      actor: viewer,
      action: 'apikey.issue',
      target: saved.id,
      outcome: 'success',
      details: { name: saved.name, channel: saved.channel, operations: saved.operations },
    });
    return saved;
  });
  return { key: present(row), secret };
}

async function loadKey(ctx: AppContext, id: string): Promise<ApiKeyRow> {
  const [row] = await ctx.db.select().from(apiKeys).where(eq(apiKeys.id, id));
  if (!row) throw new AppError('APIKEY.NOT_FOUND', 'API 密钥不存在。');
  return row;
}

/** A new secret for the key (same id, scope and limit); the old secret stops working at once. */
export async function rotateApiKey(ctx: AppContext, viewer: Viewer, id: string): Promise<ApiKeyIssued> {
  const before = await loadKey(ctx, id);
  if (before.revokedAt) throw new AppError('REQUEST.INVALID', '已吊销的密钥不能轮换，请重新签发。');
  const now = ctx.clock.now();
  const secret = newSecret();
  const row = await ctx.db.transaction(async (tx) => {
    const [saved] = await tx
      .update(apiKeys)
      .set({
        keyHash: hashOf(secret).toString('hex'),
        prefix: secret.slice(0, PREFIX.length + 6),
        rotatedAt: now,
      })
      .where(eq(apiKeys.id, id))
      .returning();
    if (!saved) throw new AppError('APIKEY.NOT_FOUND', 'API 密钥不存在。');
    await audit(tx, { at: now, actor: viewer, action: 'apikey.rotate', target: id, outcome: 'success' });
    return saved;
  });
  return { key: present(row), secret };
}

export async function revokeApiKey(ctx: AppContext, viewer: Viewer, id: string): Promise<ApiKeyView> {
  await loadKey(ctx, id);
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [saved] = await tx.update(apiKeys).set({ revokedAt: now }).where(eq(apiKeys.id, id)).returning();
    if (!saved) throw new AppError('APIKEY.NOT_FOUND', 'API 密钥不存在。');
    await audit(tx, { at: now, actor: viewer, action: 'apikey.revoke', target: id, outcome: 'success' });
    return present(saved);
  });
}

/**
 * The key a secret belongs to, or why not. Looked up by its hash; the stored hash is compared with the
 * presented one in constant time, so the answer's timing tells nothing about how much of a key was right.
 */
export async function verifyApiKey(
  ctx: AppContext,
  secret: string | undefined,
): Promise<{ key: ApiKeyPrincipal } | { refused: 'missing' | 'invalid' }> {
  if (!secret) return { refused: 'missing' };
  if (secret.length > 200 || !secret.startsWith(PREFIX)) return { refused: 'invalid' };
  const presented = hashOf(secret);
  const [row] = await ctx.db
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.keyHash, presented.toString('hex')));
  const stored = row ? Buffer.from(row.keyHash, 'hex') : Buffer.alloc(presented.length);
  const same = timingSafeEqual(stored, presented);
  if (!row || !same || row.revokedAt) return { refused: 'invalid' };
  return {
    key: {
      id: row.id,
      name: row.name,
      channel: row.channel,
      operations: row.operations as ApiKeyOperation[],
      ratePerMinute: row.ratePerMinute,
    },
  };
}

/** Every use of a key is audited (R9.1): which key, which route, allowed or refused. */
export async function auditKeyUse(
  ctx: AppContext,
  key: Pick<ApiKeyPrincipal, 'id' | 'name'> | null,
  route: string,
  outcome: 'success' | 'denied',
  reason?: string,
): Promise<void> {
  const now = ctx.clock.now();
  await audit(ctx.db, {
    at: now,
    actor: null,
    actorUsername: key ? `apikey:${key.name}` : 'apikey:?',
    action: outcome === 'success' ? 'apikey.use' : 'apikey.denied',
    target: route,
    outcome,
    details: { ...(key ? { keyId: key.id } : {}), ...(reason ? { reason } : {}) },
  });
}

/** The key's last successful use (an answer below 400), shown on the administrator's list. */
export async function markKeyUsed(ctx: AppContext, keyId: string): Promise<void> {
  await ctx.db.update(apiKeys).set({ lastUsedAt: ctx.clock.now() }).where(eq(apiKeys.id, keyId));
}
