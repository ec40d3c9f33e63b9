/**
 * Users admin: create, edit, reset the password, deactivate and activate accounts. Passwords are
 * stored as argon2id hashes only (server/auth/password.ts); roles and unit take effect on the next request,
 * because every request reads them from the users table; deactivation and a password reset end the user's
 * sessions at once.
 */
import { randomInt } from 'node:crypto';
import { and, arrayContains, asc, eq, sql, type SQL } from 'drizzle-orm';
import { units, users, type UserRow } from '../db/schema.js';
import type { AppContext } from '../context.js';
import type { Viewer } from '../auth/viewer.js';
import { AppError } from '../errors.js';
import { audit } from '../audit/audit.service.js';
import { hashPassword } from '../auth/password.js';
import { revokeUserSessions } from '../auth/session.service.js';
import { requireNotOwnRoles, requireSeparatedDuties } from '../auth/permissions.js';
import type { Role } from '../../shared/enums.js';
import {
  passwordProblem,
  type AdminUserView,
  type UserCreateBody,
  type UserPatchBody,
} from '../../shared/schemas/directory.js';
import { auditedChange, changes, directoryTx, type DirTx } from './directory.common.js';
import {
  adminRemoved,
  checkAdmins,
  checkHandlers,
  checkUserUnits,
  throwFirst,
  unitLeft,
} from './directory.rules.js';

export const toAdminUserView = (u: UserRow, now: Date): AdminUserView => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  roles: u.roles,
  unitId: u.unitId,
  active: u.active,
  locked: !!u.lockedUntil && u.lockedUntil.getTime() > now.getTime(),
  isDemo: u.isDemo,
  createdAt: u.createdAt.toISOString(),
});

/** Readable, without look-alikes (0/O, 1/l/I); 16 characters of 68 is about 97 bits. */
const PASSWORD_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!@#$%^&*-_=+';

/** A random password that satisfies the password rule. */
export function generatePassword(): string {
  for (;;) {
    const p = Array.from({ length: 16 }, () => PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)]).join(
      '',
    );
    if (!passwordProblem(p)) return p;
  }
}

const userNotFound = () =>
  new AppError('USER.NOT_FOUND', '用户不存在。', { fields: [{ field: 'id', message: '用户不存在' }] });

/** The users list, a page at a time, filtered on the server. */
export async function listUsers(
  ctx: AppContext,
  q: { unitId?: string; role?: Role; active?: 'true' | 'false'; q?: string; page: number; pageSize: number },
): Promise<{ items: AdminUserView[]; total: number }> {
  const where: SQL[] = [];
  if (q.unitId) where.push(eq(users.unitId, q.unitId));
  if (q.role) where.push(arrayContains(users.roles, [q.role]));
  if (q.active) where.push(eq(users.active, q.active === 'true'));
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(sql`(${users.username} ILIKE ${like} OR ${users.displayName} ILIKE ${like})`);
  }
  const cond = where.length ? and(...where) : undefined;
  const [rows, [count]] = await Promise.all([
    ctx.db
      .select()
      .from(users)
      .where(cond)
      .orderBy(asc(users.username))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db
      .select({ n: sql<number>`count(*)::int` })
      .from(users)
      .where(cond),
  ]);
  const now = ctx.clock.now();
  return { items: rows.map((u) => toAdminUserView(u, now)), total: Number(count?.n ?? 0) };
}

export async function createUser(
  ctx: AppContext,
  viewer: Viewer,
  body: UserCreateBody,
): Promise<AdminUserView> {
  requireSeparatedDuties(body.roles);
  return auditedChange(ctx, viewer, 'user.create', body.username, async () => {
    const passwordHash = await hashPassword(body.password);
    const row = await directoryTx(ctx, async (tx) => {
      const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.username, body.username));
      if (taken) {
        throw new AppError('USER.USERNAME_TAKEN', `用户名 ${body.username} 已被使用。`, {
          fields: [{ field: 'username', message: '用户名已被使用' }],
        });
      }
      await assertUnitExists(tx, body.unitId);
      const { password: _password, ...fields } = body;
      const [created] = await tx
        .insert(users)
        .values({ ...fields, passwordHash, passwordMustChange: true, createdAt: ctx.clock.now() })
        .returning();
      if (!created) throw new Error('insert returned no row');
      throwFirst(await checkUserUnits(tx, [created.id]));
      await audit(tx, {
        at: ctx.clock.now(),
        actor: viewer,
        action: 'user.create',
        target: created.id,
        outcome: 'success',
        details: { username: created.username, roles: created.roles, unitId: created.unitId },
      });
      return created;
    });
    return toAdminUserView(row, ctx.clock.now());
  });
}

export async function updateUser(
  ctx: AppContext,
  viewer: Viewer,
  id: string,
  patch: UserPatchBody,
): Promise<AdminUserView> {
  return auditedChange(ctx, viewer, 'user.update', id, async () => {
    const row = await directoryTx(ctx, async (tx) => {
      const before = await lockUser(tx, id);
      if (patch.roles !== undefined) {
        requireNotOwnRoles(viewer, id, before.roles, patch.roles);
        requireSeparatedDuties(patch.roles);
      }
      if (patch.unitId !== undefined) await assertUnitExists(tx, patch.unitId);
      const [after] = await tx.update(users).set(patch).where(eq(users.id, id)).returning();
      if (!after) throw userNotFound();
      await assertStillServed(tx, before, after);
      throwFirst(await checkUserUnits(tx, [id]));
      await audit(tx, {
        at: ctx.clock.now(),
        actor: viewer,
        action: 'user.update',
        target: id,
        outcome: 'success',
        details: { username: after.username, changes: changes(before, patch) },
      });
      return after;
    });
    return toAdminUserView(row, ctx.clock.now());
  });
}

/**
 * Sets a new password (the admin's, or a generated one that is answered once), clears a lockout and ends the
 * user's sessions.
 */
export async function resetPassword(
  ctx: AppContext,
  viewer: Viewer,
  id: string,
  password: string | undefined,
): Promise<{ ok: true; generatedPassword?: string }> {
  return auditedChange(ctx, viewer, 'user.reset-password', id, async () => {
    const next = password ?? generatePassword();
    const passwordHash = await hashPassword(next);
    await directoryTx(ctx, async (tx) => {
      const user = await lockUser(tx, id);
      const problem = passwordProblem(next, user.username);
      if (problem) {
        throw new AppError('REQUEST.INVALID', `密码不符合要求：${problem}。`, {
          fields: [{ field: 'password', message: problem }],
        });
      }
      await tx
        .update(users)
        .set({ passwordHash, passwordMustChange: true, failedLogins: 0, lockedUntil: null })
        .where(eq(users.id, id));
      await audit(tx, {
        at: ctx.clock.now(),
        actor: viewer,
        action: 'user.reset-password',
        target: id,
        outcome: 'success',
        details: { username: user.username, generated: password === undefined },
      });
    });
    await revokeUserSessions(ctx, id);
    return password === undefined ? { ok: true, generatedPassword: next } : { ok: true };
  });
}

/**
 * Deactivation ends the user's sessions at once. It is refused when the user is the last active handler of a
 * unit that holds open tickets (USER.LAST_HANDLER, listing them) or the last active administrator.
 */
export async function setUserActive(
  ctx: AppContext,
  viewer: Viewer,
  id: string,
  active: boolean,
): Promise<AdminUserView> {
  const action = active ? 'user.activate' : 'user.deactivate';
  return auditedChange(ctx, viewer, action, id, async () => {
    const row = await directoryTx(ctx, async (tx) => {
      const before = await lockUser(tx, id);
      if (before.active === active) return before;
      const [after] = await tx.update(users).set({ active }).where(eq(users.id, id)).returning();
      if (!after) throw userNotFound();
      await assertStillServed(tx, before, after);
      throwFirst(await checkUserUnits(tx, [id]));
      await audit(tx, {
        at: ctx.clock.now(),
        actor: viewer,
        action,
        target: id,
        outcome: 'success',
        details: { username: after.username },
      });
      return after;
    });
    if (!active) await revokeUserSessions(ctx, id);
    return toAdminUserView(row, ctx.clock.now());
  });
}

async function lockUser(tx: DirTx, id: string): Promise<UserRow> {
  const [row] = await tx.select().from(users).where(eq(users.id, id)).for('update');
  if (!row) throw userNotFound();
  return row;
}

async function assertUnitExists(tx: DirTx, unitId: string | null): Promise<void> {
  if (!unitId) return;
  const [unit] = await tx.select({ id: units.id }).from(units).where(eq(units.id, unitId));
  if (!unit)
    throw new AppError('UNIT.NOT_FOUND', '单位不存在。', {
      fields: [{ field: 'unitId', message: '单位不存在' }],
    });
}

/** The user's unit keeps a handler for its open tickets, and an administrator remains. */
async function assertStillServed(tx: DirTx, before: UserRow, after: UserRow): Promise<void> {
  const left = unitLeft(before, after);
  if (left) throwFirst(await checkHandlers(tx, new Map([[left, [before.id]]])));
  if (adminRemoved(before, after)) throwFirst(await checkAdmins(tx, [before.id]));
}
