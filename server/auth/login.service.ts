/**
 * Login: argon2 verification, lockout after repeated failures, a fresh session id each time.
 */
import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import { auditLog, users } from '../db/schema.js';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { createSession } from './session.service.js';
import { dummyPasswordHash, verifyPassword } from './password.js';
import type { MeView } from '../../shared/schemas/auth.js';
import { capabilitiesOf } from '../../shared/capabilities.js';
import { audit, type AuditOutcome } from '../audit/audit.service.js';
import { readTotp, useCode } from './totp.service.js';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_SECONDS = 5 * 60;

export async function login(
  ctx: AppContext,
  username: string,
  password: string,
  code?: string,
): Promise<{ token: string; user: MeView }> {
  const [user] = await ctx.db.select().from(users).where(eq(users.username, username)).limit(1);
  const now = ctx.clock.now();
  const record = (outcome: AuditOutcome, action: string, details: Record<string, unknown> = {}) =>
    audit(ctx.db, {
      at: now,
      actor: user
        ? { userId: user.id, username: user.username, roles: user.roles, unitId: user.unitId }
        : null,
      actorUsername: username,
      action,
      outcome,
      details,
    });
  if (!user) {
    // An unknown name is locked out exactly like an account, so the answers do not tell which names exist.
    const lockedUntil = await unknownNameLockedUntil(ctx, username, now);
    if (lockedUntil) {
      await record('denied', 'login', { reason: 'locked' });
      throw lockedOut(lockedUntil);
    }
    await verifyPassword(await dummyPasswordHash(), password);
    await record('failure', 'login', { reason: 'unknown-user' });
    throw invalidCredentials();
  }
  if (user.lockedUntil && user.lockedUntil.getTime() > now.getTime()) {
    await record('denied', 'login', { reason: 'locked' });
    throw lockedOut(user.lockedUntil);
  }
  const recordFailure = async () => {
    const failed = user.failedLogins + 1;
    await ctx.db
      .update(users)
      .set(
        failed >= MAX_FAILED_LOGINS
          ? { failedLogins: 0, lockedUntil: new Date(now.getTime() + LOCKOUT_SECONDS * 1000) }
          : { failedLogins: sql`${users.failedLogins} + 1` },
      )
      .where(eq(users.id, user.id));
  };
  const ok = await verifyPassword(user.passwordHash, password);
  if (!ok || !user.active) {
    if (!ok) await recordFailure();
    await record('failure', 'login', { reason: ok ? 'disabled' : 'wrong-password' });
    throw invalidCredentials();
  }
  // Second factor: once confirmed, every login needs a fresh code.
  const totp = readTotp(ctx, user.totpSecret);
  if (totp?.confirmed) {
    if (!code)
      throw new AppError('AUTH.TOTP_REQUIRED', '请输入动态口令（6 位数字）。', {
        fields: [{ field: 'totp', message: '请输入动态口令' }],
      });
    if (!(await useCode(ctx, user.id, totp, code, false))) {
      await recordFailure();
      await record('failure', 'login', { reason: 'wrong-totp' });
      throw new AppError('AUTH.INVALID_TOTP', '动态口令不正确或已使用。', {
        fields: [{ field: 'totp', message: '动态口令不正确或已使用' }],
      });
    }
  }
  if (user.failedLogins > 0 || user.lockedUntil) {
    await ctx.db.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, user.id));
  }
  const token = await createSession(ctx, user.id);
  await record('success', 'login');
  return {
    token,
    user: {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      roles: user.roles,
      unitId: user.unitId,
      passwordChangeRequired: user.passwordMustChange,
      capabilities: capabilitiesOf(user.roles),
    },
  };
}

const lockedOut = (until: Date) =>
  new AppError('AUTH.LOCKED', '登录失败次数过多，账号已临时锁定，请 5 分钟后再试。', {
    lockedUntil: until.toISOString(),
  });

/**
 * The lockout an account would be under, replayed from the audit log's failed logins for a name that is no
 * account: every fifth failure locks for LOCKOUT_SECONDS, failures while locked do not count.
 */
async function unknownNameLockedUntil(ctx: AppContext, username: string, now: Date): Promise<Date | null> {
  const since = new Date(now.getTime() - 3600_000);
  const rows = await ctx.db
    .select({ at: auditLog.at, outcome: auditLog.outcome })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.action, 'login'),
        eq(auditLog.actorUsername, username),
        isNull(auditLog.actorUserId),
        gt(auditLog.at, since),
      ),
    )
    .orderBy(asc(auditLog.at), asc(auditLog.id));
  let failed = 0;
  let lockedUntil: Date | null = null;
  for (const row of rows) {
    if (lockedUntil && row.at.getTime() < lockedUntil.getTime()) continue;
    if (row.outcome !== 'failure') continue;
    failed += 1;
    if (failed >= MAX_FAILED_LOGINS) {
      failed = 0;
      lockedUntil = new Date(row.at.getTime() + LOCKOUT_SECONDS * 1000);
    }
  }
  return lockedUntil && lockedUntil.getTime() > now.getTime() ? lockedUntil : null;
}

const invalidCredentials = () => new AppError('AUTH.INVALID_CREDENTIALS', '用户名或密码错误。');
