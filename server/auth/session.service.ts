/**
 * Sessions: an opaque random token for the client, its SHA-256 in the database. Idle and absolute limits
 * end a session; logout and account disable revoke it at once.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { sessions, users } from '../db/schema.js';
import type { AppContext } from '../context.js';
import type { Viewer } from './viewer.js';
import { readTotp } from './totp.service.js';

/** last_seen_at is written at most this often, so a busy client does not write on every request. */
const TOUCH_INTERVAL_MS = 60_000;

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('base64url');

export async function createSession(ctx: AppContext, userId: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const now = ctx.clock.now();
  await ctx.db.insert(sessions).values({
    id: hashToken(token),
    userId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + ctx.config.sessionAbsoluteSeconds * 1000),
  });
  return token;
}

/**
 * The session look-up runs on every request: a named prepared statement, parsed and planned once per connection.
 * It also writes `last_seen_at` when the session is valid and was last seen before `touchBefore` — the same
 * statement, so a request costs one round trip whether it touches the session or not. It answers the row as it
 * was before that write.
 */
function sessionQuery(db: Db) {
  const touch = db.$with('touch', {}).as(
    sql`UPDATE sessions s SET last_seen_at = ${sql.placeholder('now')}::timestamptz
        WHERE s.id = ${sql.placeholder('id')} AND s.revoked_at IS NULL
          AND s.expires_at > ${sql.placeholder('now')}::timestamptz
          AND s.last_seen_at >= ${sql.placeholder('idleSince')}::timestamptz
          AND s.last_seen_at < ${sql.placeholder('touchBefore')}::timestamptz
          AND EXISTS (SELECT 1 FROM users u WHERE u.id = s.user_id AND u.active)`,
  );
  return db
    .with(touch)
    .select({
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      userId: users.id,
      username: users.username,
      displayName: users.displayName,
      roles: users.roles,
      unitId: users.unitId,
      active: users.active,
      totpSecret: users.totpSecret,
      passwordMustChange: users.passwordMustChange,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sql.placeholder('id')), isNull(sessions.revokedAt)))
    .limit(1)
    .prepare('jiesu_session_by_id_touch');
}
const prepared = new WeakMap<Db, ReturnType<typeof sessionQuery>>();

export async function resolveSession(ctx: AppContext, token: string): Promise<Viewer | null> {
  const id = hashToken(token);
  let query = prepared.get(ctx.db);
  if (!query) {
    query = sessionQuery(ctx.db);
    prepared.set(ctx.db, query);
  }
  const now = ctx.clock.now().getTime();
  // Valid (active user, not expired, not idle too long) and last seen over TOUCH_INTERVAL_MS ago: touched.
  const rows = await query.execute({
    id,
    now: new Date(now).toISOString(),
    idleSince: new Date(now - ctx.config.sessionIdleSeconds * 1000).toISOString(),
    touchBefore: new Date(now - TOUCH_INTERVAL_MS).toISOString(),
  });
  const row = rows[0];
  if (!row || !row.active) return null;
  if (now >= row.expiresAt.getTime() || now - row.lastSeenAt.getTime() > ctx.config.sessionIdleSeconds * 1000)
    return null;
  return {
    userId: row.userId,
    username: row.username,
    displayName: row.displayName,
    roles: row.roles,
    unitId: row.unitId,
    sessionId: id,
    mfaRequired:
      ctx.config.adminTotpRequired &&
      (row.roles.includes('admin') || row.roles.includes('auditor')) &&
      !readTotp(ctx, row.totpSecret)?.confirmed,
    passwordChangeRequired: row.passwordMustChange,
  };
}

export async function revokeSession(ctx: AppContext, sessionId: string): Promise<void> {
  await ctx.db.update(sessions).set({ revokedAt: ctx.clock.now() }).where(eq(sessions.id, sessionId));
}

export async function revokeUserSessions(ctx: AppContext, userId: string): Promise<void> {
  await ctx.db
    .update(sessions)
    .set({ revokedAt: ctx.clock.now() })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
}
