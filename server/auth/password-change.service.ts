/**
 * Self-service password change (GB/T 22239 8.1.4.1 a, ASVS V2.1): the current password proves it is
 * the user, the new one must satisfy the password rule and differ from the current one. A wrong current password
 * counts towards the lockout like a failed login. Success clears the admin's "must change" mark and ends the
 * user's other sessions; the session that made the change stays.
 */
import { and, eq, isNull, ne } from 'drizzle-orm';
import { passwordProblem } from '../../shared/schemas/directory.js';
import { sessions, users } from '../db/schema.js';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { audit } from '../audit/audit.service.js';
import { hashPassword, verifyPassword } from './password.js';
import { LOCKOUT_SECONDS, MAX_FAILED_LOGINS } from './login.service.js';
import type { Viewer } from './viewer.js';

export async function changeOwnPassword(
  ctx: AppContext,
  viewer: Viewer,
  currentPassword: string,
  newPassword: string,
): Promise<void> {
  const now = ctx.clock.now();
  const [user] = await ctx.db.select().from(users).where(eq(users.id, viewer.userId)).limit(1);
  if (!user) throw new AppError('AUTH.UNAUTHENTICATED', '请先登录。');
  const refuse = async (reason: string, error: AppError): Promise<never> => {
    await audit(ctx.db, {
      at: now,
      actor: viewer,
      action: 'password.change',
      outcome: 'failure',
      details: { reason },
    });
    throw error;
  };
  if (!(await verifyPassword(user.passwordHash, currentPassword))) {
    const failed = user.failedLogins + 1;
    await ctx.db
      .update(users)
      .set(
        failed >= MAX_FAILED_LOGINS
          ? { failedLogins: 0, lockedUntil: new Date(now.getTime() + LOCKOUT_SECONDS * 1000) }
          : { failedLogins: failed },
      )
      .where(eq(users.id, user.id));
    return refuse(
      'wrong-password',
      new AppError('AUTH.WRONG_PASSWORD', '当前密码不正确。', {
        fields: [{ field: 'currentPassword', message: '当前密码不正确' }],
      }),
    );
  }
  const problem =
    currentPassword === newPassword
      ? '新密码不能与当前密码相同'
      : passwordProblem(newPassword, user.username);
  if (problem) {
    return refuse(
      'weak-password',
      new AppError('REQUEST.INVALID', `新密码不符合要求：${problem}。`, {
        fields: [{ field: 'newPassword', message: problem }],
      }),
    );
  }
  const passwordHash = await hashPassword(newPassword);
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({
        passwordHash,
        passwordMustChange: false,
        passwordChangedAt: now,
        failedLogins: 0,
        lockedUntil: null,
      })
      .where(eq(users.id, user.id));
    await tx
      .update(sessions)
      .set({ revokedAt: now })
      .where(
        and(eq(sessions.userId, user.id), ne(sessions.id, viewer.sessionId), isNull(sessions.revokedAt)),
      );
    await audit(tx, { at: now, actor: viewer, action: 'password.change', outcome: 'success' });
  });
}
