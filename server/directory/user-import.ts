/**
 * Users as a spreadsheet. Export never contains a password or its hash. Import upserts by username,
 * all rows or none; a row may set a password (checked against the password rule), and a new user without one
 * gets a random password nobody knows, so an administrator must reset it before the user can log in.
 */
import { eq, inArray } from 'drizzle-orm';
import { units, users, type UserRow } from '../db/schema.js';
import type { AppContext } from '../context.js';
import type { Viewer } from '../auth/viewer.js';
import { audit } from '../audit/audit.service.js';
import { hashPassword } from '../auth/password.js';
import { revokeUserSessions } from '../auth/session.service.js';
import { requireNotOwnRoles, requireSeparatedDuties } from '../auth/permissions.js';
import { AppError } from '../errors.js';
import type { Role } from '../../shared/enums.js';
import {
  ROLE_LABELS,
  UNIT_ROLES,
  passwordProblem,
  userRecord,
  username as usernameSchema,
  type ImportBody,
  type ImportProblem,
  type ImportResult,
} from '../../shared/schemas/directory.js';
import { auditedChange, directoryTx, type DirTx } from './directory.common.js';
import { adminRemoved, checkAdmins, checkHandlers, checkUserUnits, unitLeft } from './directory.rules.js';
import { formatBool, parseBool, parseCoded, splitList, type Column, type Table, excerpt } from './table.js';
import { importFailed, issuesToProblems, readOrFail } from './import.common.js';
import { generatePassword } from './user.service.js';

export const USER_COLUMNS: readonly Column[] = [
  { key: 'username', zh: '用户名' },
  { key: 'displayName', zh: '姓名' },
  { key: 'roles', zh: '角色' },
  { key: 'unitCode', zh: '单位编码' },
  { key: 'unitName', zh: '单位名称', exportOnly: true },
  { key: 'active', zh: '启用' },
  { key: 'password', zh: '密码', importOnly: true },
];

/** Every user, by username, as spreadsheet rows in the exported columns' order. No password, no hash. */
export async function userRows(ctx: AppContext): Promise<string[][]> {
  const rows = await ctx.db
    .select({
      username: users.username,
      displayName: users.displayName,
      roles: users.roles,
      unitCode: units.code,
      unitName: units.nameZh,
      active: users.active,
    })
    .from(users)
    .leftJoin(units, eq(units.id, users.unitId))
    .orderBy(users.username);
  return rows.map((u) => [
    u.username,
    u.displayName,
    u.roles.join(';'),
    u.unitCode ?? '',
    u.unitName ?? '',
    formatBool(u.active),
  ]);
}

/** What one row says: only the columns the file has, already parsed. */
interface UserRowInput {
  row: number;
  username: string;
  displayName?: string;
  roles?: Role[];
  unitCode?: string | null;
  active?: boolean;
  password?: string;
}

export async function importUsers(ctx: AppContext, viewer: Viewer, body: ImportBody): Promise<ImportResult> {
  return auditedChange(ctx, viewer, 'directory.users.import', null, async () => {
    const inputs = parseRows(await readOrFail(body, USER_COLUMNS));
    const hashes = await passwordHashes(ctx, inputs);
    const outcome = await directoryTx(ctx, async (tx) => {
      const applied = await apply(tx, inputs, hashes, ctx.clock.now(), viewer);
      await audit(tx, {
        at: ctx.clock.now(),
        actor: viewer,
        action: 'directory.users.import',
        outcome: 'success',
        details: {
          format: body.format,
          rows: inputs.length,
          created: applied.created,
          updated: applied.updated,
          needPasswordReset: applied.needPasswordReset,
        },
      });
      return applied;
    });
    for (const id of outcome.signOut) await revokeUserSessions(ctx, id);
    return {
      rows: inputs.length,
      created: outcome.created.length,
      updated: outcome.updated.length,
      unchanged: inputs.length - outcome.created.length - outcome.updated.length,
      needPasswordReset: outcome.needPasswordReset,
    };
  });
}

/** The checks that need no database: usernames, duplicates, role names, yes/no, the password rule. */
function parseRows(table: Table): UserRowInput[] {
  const problems: ImportProblem[] = [];
  const seen = new Map<string, number>();
  const out: UserRowInput[] = [];
  for (const { row, cells } of table.rows) {
    const bad = (column: string, message: string) => problems.push({ row, column, message });
    const cell = (key: string) => (table.columns.has(key) ? (cells.get(key) ?? '') : undefined);
    const name = usernameSchema.safeParse(cells.get('username') ?? '');
    if (!name.success) {
      bad('username', name.error.issues[0]?.message ?? '用户名不合法');
      continue;
    }
    const earlier = seen.get(name.data);
    if (earlier) {
      bad('username', `用户名 ${name.data} 与第 ${earlier} 行重复`);
      continue;
    }
    seen.set(name.data, row);
    const input: UserRowInput = { row, username: name.data };
    const displayName = cell('displayName');
    if (displayName !== undefined) input.displayName = displayName;
    const roles = cell('roles');
    if (roles !== undefined) {
      const names = splitList(roles);
      const parsed = names.map((r) => parseCoded(r, ROLE_LABELS));
      const unknown = names.filter((_, i) => parsed[i] === undefined);
      if (unknown.length) bad('roles', `未知的角色：${excerpt(unknown.join('、'))}`);
      else input.roles = [...new Set(parsed as Role[])];
    }
    const unitCode = cell('unitCode');
    if (unitCode !== undefined) input.unitCode = unitCode === '' ? null : unitCode;
    const active = cell('active');
    if (active !== undefined && active !== '') {
      const parsed = parseBool(active);
      if (parsed === undefined) bad('active', `"${excerpt(active)}"不是"是"或"否"`);
      else input.active = parsed;
    }
    const password = cell('password');
    if (password) {
      const problem = passwordProblem(password, name.data);
      if (problem) bad('password', problem);
      else input.password = password;
    }
    out.push(input);
  }
  if (problems.length) throw importFailed(problems);
  return out;
}

/**
 * argon2 takes milliseconds per hash, so hashing happens before the transaction: the given passwords, and a
 * random one for each user that does not exist yet and has none (looked up outside; apply() covers a race).
 */
async function passwordHashes(
  ctx: AppContext,
  inputs: readonly UserRowInput[],
): Promise<Map<string, string>> {
  const names = inputs.filter((i) => !i.password).map((i) => i.username);
  const existing = new Set(
    names.length
      ? (
          await ctx.db.select({ username: users.username }).from(users).where(inArray(users.username, names))
        ).map((u) => u.username)
      : [],
  );
  const entries = await Promise.all(
    inputs
      .filter((i) => i.password || !existing.has(i.username))
      .map(async (i) => [i.username, await hashPassword(i.password ?? generatePassword())] as const),
  );
  return new Map(entries);
}

type UserFields = { username: string; displayName: string; roles: Role[]; unitId: string | null };

/** A row merged over the stored user (columns the file lacks keep their value), or its problems. */
function resolve(
  input: UserRowInput,
  before: UserRow | undefined,
  unitIds: Map<string, string>,
  viewer: Viewer,
): { ok: true; next: UserFields } | { ok: false; problems: ImportProblem[] } {
  const unitId =
    input.unitCode === undefined
      ? (before?.unitId ?? null)
      : input.unitCode
        ? unitIds.get(input.unitCode)
        : null;
  if (unitId === undefined)
    return {
      ok: false,
      problems: [
        { row: input.row, column: 'unitCode', message: `单位编码 ${excerpt(input.unitCode ?? '')} 不存在` },
      ],
    };
  const next: UserFields = {
    username: input.username,
    displayName: input.displayName ?? before?.displayName ?? '',
    roles: input.roles ?? before?.roles ?? [],
    unitId,
  };
  const checked = userRecord.safeParse(next);
  if (!checked.success) return { ok: false, problems: issuesToProblems(input.row, checked.error.issues) };
  // The same rules as one edit (GB/T 22239 8.1.4.2): separated duties, and nobody's own roles.
  const refusal = policyRefusal(() => {
    if (before) requireNotOwnRoles(viewer, before.id, before.roles, next.roles);
    requireSeparatedDuties(next.roles);
  });
  if (refusal) return { ok: false, problems: [{ row: input.row, column: 'roles', message: refusal }] };
  if (!unitId && next.roles.some((r) => UNIT_ROLES.includes(r)))
    return {
      ok: false,
      problems: [{ row: input.row, column: 'unitCode', message: '承办人和单位领导必须属于一个单位' }],
    };
  return { ok: true, next };
}

/** Checks every row against the database, upserts them all, then checks the directory's rules on the result. */
async function apply(
  tx: DirTx,
  inputs: readonly UserRowInput[],
  hashes: Map<string, string>,
  now: Date,
  viewer: Viewer,
) {
  const existing = new Map((await tx.select().from(users)).map((u) => [u.username, u]));
  const unitIds = new Map(
    (await tx.select({ id: units.id, code: units.code }).from(units)).map((u) => [u.code, u.id]),
  );
  const rows = inputs.map((input) => {
    const before = existing.get(input.username);
    return { input, before, resolved: resolve(input, before, unitIds, viewer) };
  });
  const problems = rows.flatMap((r) => (r.resolved.ok ? [] : r.resolved.problems));
  if (problems.length) throw importFailed(problems);

  const created: string[] = [];
  const updated: string[] = [];
  const needPasswordReset: string[] = [];
  const signOut: string[] = [];
  const changedIds: string[] = [];
  /** Where a violation about a user points: its row, and the column that caused it. */
  const rowOf = new Map<string, { row: number; column: string }>();
  const left = new Map<string, string[]>();
  const adminsRemoved: string[] = [];

  for (const { input, before, resolved } of rows) {
    if (!resolved.ok) continue;
    const next = resolved.next;
    const active = input.active ?? before?.active ?? true;
    if (!before) {
      const passwordHash = hashes.get(input.username) ?? (await hashPassword(generatePassword()));
      const [row] = await tx
        .insert(users)
        .values({ ...next, active, passwordHash, passwordMustChange: true, createdAt: now })
        .returning({ id: users.id });
      if (!row) throw new Error('insert returned no row');
      created.push(input.username);
      if (!input.password) needPasswordReset.push(input.username);
      changedIds.push(row.id);
      rowOf.set(row.id, { row: input.row, column: 'unitCode' });
      continue;
    }
    const after = { ...before, ...next, active };
    const passwordHash = input.password ? hashes.get(input.username) : undefined;
    if (!passwordHash && sameUser(before, after)) continue;
    await tx
      .update(users)
      .set({
        displayName: next.displayName,
        roles: next.roles,
        unitId: next.unitId,
        active,
        ...(passwordHash
          ? { passwordHash, passwordMustChange: true, failedLogins: 0, lockedUntil: null }
          : {}),
      })
      .where(eq(users.id, before.id));
    updated.push(input.username);
    changedIds.push(before.id);
    if (passwordHash || (before.active && !active)) signOut.push(before.id);
    const column = before.active && !active ? 'active' : before.unitId !== next.unitId ? 'unitCode' : 'roles';
    rowOf.set(before.id, { row: input.row, column });
    const unit = unitLeft(before, after);
    if (unit) left.set(unit, [...(left.get(unit) ?? []), before.id]);
    if (adminRemoved(before, after)) adminsRemoved.push(before.id);
  }

  const violations = [
    ...(await checkUserUnits(tx, changedIds)),
    ...(await checkHandlers(tx, left)),
    ...(adminsRemoved.length ? await checkAdmins(tx, adminsRemoved) : []),
  ];
  if (violations.length) {
    throw importFailed(
      violations.map((v) => {
        const at = v.userId ? rowOf.get(v.userId) : undefined;
        return {
          row: at?.row ?? 0,
          column: v.field === 'unitId' ? 'unitCode' : (at?.column ?? null),
          message: v.message,
        };
      }),
    );
  }
  return { created, updated, needPasswordReset, signOut };
}

/** The policy module's refusal of a row, as the message an import problem quotes. */
function policyRefusal(check: () => void): string | null {
  try {
    check();
    return null;
  } catch (err) {
    if (err instanceof AppError) return err.message;
    throw err;
  }
}

function sameUser(a: UserRow, b: UserRow): boolean {
  return (
    a.displayName === b.displayName &&
    a.unitId === b.unitId &&
    a.active === b.active &&
    JSON.stringify(a.roles) === JSON.stringify(b.roles)
  );
}
