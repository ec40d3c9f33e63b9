/**
 * The directory's invariants (docs/directory.md). They are checked inside the write transaction against the
 * state after the change, so one edit and a whole imported file obey the same rules, including changes that
 * only together are fine (a unit and its subordinates deactivated in one file):
 * - the unit tree has no cycle, and an active unit's superior is active;
 * - a unit is never deactivated while it holds open tickets, has active subordinates or active users —
 *   deactivation never orphans a ticket;
 * - a unit that holds open tickets keeps at least one active handler (承办人 or 单位领导);
 * - an active user belongs to an active unit, and the unit roles require a unit;
 * - at least one active administrator remains.
 */
import { and, arrayOverlaps, eq, inArray, sql } from 'drizzle-orm';
import { units, users } from '../db/schema.js';
import { AppError } from '../errors.js';
import type { ErrorCode } from '../../shared/errors.js';
import { UNIT_ROLES } from '../../shared/schemas/directory.js';
import type { DirTx } from './directory.common.js';
import { openTicketsHeld } from '../tickets/ticket.repository.js';

/** How many ticket codes a refusal lists; `total` says how many there are. */
const LISTED_TICKETS = 50;

export interface Violation {
  code: ErrorCode;
  message: string;
  /** The unit or user the violation is about, so an import can point at its row. */
  unitId?: string;
  userId?: string;
  field?: string;
  details?: Record<string, unknown>;
}

export interface UnitNode {
  id: string;
  code: string;
  superiorId: string | null;
  active: boolean;
}

export async function loadUnitTree(tx: DirTx): Promise<Map<string, UnitNode>> {
  const rows = await tx
    .select({ id: units.id, code: units.code, superiorId: units.superiorId, active: units.active })
    .from(units);
  return new Map(rows.map((r) => [r.id, r]));
}

const ticketList = (codes: readonly string[]) => ({
  tickets: codes.slice(0, LISTED_TICKETS),
  total: codes.length,
});
const shortList = (codes: readonly string[]) =>
  codes.slice(0, 5).join('、') + (codes.length > 5 ? ` 等 ${codes.length} 个` : '');

/** Tree shape and the deactivation rules, for the units a change touched. */
export async function checkUnits(
  tx: DirTx,
  changed: Iterable<string>,
  deactivated: Iterable<string>,
): Promise<Violation[]> {
  const tree = await loadUnitTree(tx);
  const out: Violation[] = [];
  for (const id of new Set(changed)) {
    const unit = tree.get(id);
    if (!unit) continue;
    if (hasCycle(tree, unit)) {
      out.push({
        code: 'UNIT.SUPERIOR_CYCLE',
        unitId: id,
        field: 'superiorId',
        message: `单位 ${unit.code} 的上级单位不能是它自己或它的下级单位，否则单位树会出现循环。`,
      });
      continue;
    }
    const superior = unit.superiorId ? tree.get(unit.superiorId) : undefined;
    if (unit.active && superior && !superior.active) {
      out.push({
        code: 'UNIT.INACTIVE',
        unitId: id,
        field: 'superiorId',
        message: `上级单位 ${superior.code} 已停用，请先启用上级单位或另选上级单位。`,
      });
    }
  }
  const gone = [...new Set(deactivated)].filter((id) => tree.get(id)?.active === false);
  if (gone.length === 0) return out;
  const held = await openTicketsHeld(tx, gone);
  const members = await tx
    .select({ unitId: users.unitId, username: users.username })
    .from(users)
    .where(and(inArray(users.unitId, gone), eq(users.active, true)))
    .orderBy(users.username);
  for (const id of gone) {
    const code = tree.get(id)?.code ?? id;
    const tickets = held.get(id) ?? [];
    const subordinates = [...tree.values()].filter((u) => u.superiorId === id && u.active).map((u) => u.code);
    const people = members.filter((m) => m.unitId === id).map((m) => m.username);
    if (tickets.length) {
      out.push({
        code: 'UNIT.HOLDS_OPEN_TICKETS',
        unitId: id,
        message: `单位 ${code} 还有 ${tickets.length} 件未归档的工单（${shortList(tickets)}），不能停用。请先办结归档或改派这些工单。`,
        details: ticketList(tickets),
      });
    } else if (subordinates.length) {
      out.push({
        code: 'UNIT.HAS_ACTIVE_SUBORDINATES',
        unitId: id,
        message: `单位 ${code} 还有在用的下级单位（${shortList(subordinates)}），不能停用。请先停用或改挂这些下级单位。`,
        details: { units: subordinates },
      });
    } else if (people.length) {
      out.push({
        code: 'UNIT.HAS_ACTIVE_USERS',
        unitId: id,
        message: `单位 ${code} 还有在用的用户（${shortList(people)}），不能停用。请先停用这些用户或调到其他单位。`,
        details: { users: people },
      });
    }
  }
  return out;
}

function hasCycle(tree: Map<string, UnitNode>, unit: UnitNode): boolean {
  let cur = unit.superiorId;
  for (let steps = 0; cur && steps <= tree.size; steps++) {
    if (cur === unit.id) return true;
    cur = tree.get(cur)?.superiorId ?? null;
  }
  return false;
}

/**
 * A unit that a handler left (deactivated, moved away or no longer a unit role) must keep another active
 * handler while it holds open tickets — otherwise nobody could act on them.
 */
export async function checkHandlers(tx: DirTx, leftUnits: Map<string, string[]>): Promise<Violation[]> {
  const unitIds = [...leftUnits.keys()];
  if (unitIds.length === 0) return [];
  const remaining = await tx
    .select({ unitId: users.unitId })
    .from(users)
    .where(
      and(
        inArray(users.unitId, unitIds),
        eq(users.active, true),
        arrayOverlaps(users.roles, [...UNIT_ROLES]),
      ),
    );
  const staffed = new Set(remaining.map((r) => r.unitId));
  const orphaned = unitIds.filter((id) => !staffed.has(id));
  if (orphaned.length === 0) return [];
  const held = await openTicketsHeld(tx, orphaned);
  const codes = new Map(
    (await tx.select({ id: units.id, code: units.code }).from(units).where(inArray(units.id, orphaned))).map(
      (u) => [u.id, u.code],
    ),
  );
  const out: Violation[] = [];
  for (const unitId of orphaned) {
    const tickets = held.get(unitId) ?? [];
    if (tickets.length === 0) continue;
    for (const userId of leftUnits.get(unitId) ?? []) {
      out.push({
        code: 'USER.LAST_HANDLER',
        userId,
        unitId,
        message: `该用户是单位 ${codes.get(unitId) ?? unitId} 最后一名在用的承办人员，而该单位还有 ${tickets.length} 件未归档的工单（${shortList(tickets)}）。请先为该单位新增承办人员，或办结归档、改派这些工单。`,
        details: ticketList(tickets),
      });
    }
  }
  return out;
}

/** Active users belong to active units; the unit roles need a unit. */
export async function checkUserUnits(tx: DirTx, userIds: readonly string[]): Promise<Violation[]> {
  if (userIds.length === 0) return [];
  const rows = await tx
    .select({
      id: users.id,
      roles: users.roles,
      unitId: users.unitId,
      active: users.active,
      unitCode: units.code,
      unitActive: units.active,
    })
    .from(users)
    .leftJoin(units, eq(units.id, users.unitId))
    .where(inArray(users.id, [...userIds]));
  const out: Violation[] = [];
  for (const r of rows) {
    if (!r.unitId && r.roles.some((role) => (UNIT_ROLES as readonly string[]).includes(role))) {
      out.push({
        code: 'REQUEST.INVALID',
        userId: r.id,
        field: 'unitId',
        message: '承办人和单位领导必须属于一个单位',
      });
    } else if (r.active && r.unitId && r.unitActive === false) {
      out.push({
        code: 'UNIT.INACTIVE',
        userId: r.id,
        field: 'unitId',
        message: `单位 ${r.unitCode ?? ''} 已停用，不能有在用的用户`,
      });
    }
  }
  return out;
}

/** At least one active administrator remains, or nobody could administer the platform. */
export async function checkAdmins(tx: DirTx, touchedUserIds: readonly string[]): Promise<Violation[]> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(and(eq(users.active, true), arrayOverlaps(users.roles, ['admin'])));
  if ((row?.n ?? 0) > 0) return [];
  return touchedUserIds.map((userId) => ({
    code: 'USER.LAST_ADMIN' as const,
    userId,
    message: '这是最后一名在用的系统管理员，不能停用或取消其管理员角色。请先设立另一名管理员。',
  }));
}

/** The first violation as the error of a single edit: 400/409 with the failing field and the lists. */
export function throwFirst(violations: readonly Violation[]): void {
  const v = violations[0];
  if (!v) return;
  throw new AppError(v.code, v.message, {
    ...(v.field ? { fields: [{ field: v.field, message: v.message }] } : {}),
    ...v.details,
  });
}

/** The state of a user that the handler and admin rules look at. */
export interface UserState {
  active: boolean;
  roles: readonly string[];
  unitId: string | null;
}

const isUnitRole = (roles: readonly string[]) =>
  roles.some((r) => (UNIT_ROLES as readonly string[]).includes(r));

/** The unit a user stopped handling for (deactivated, moved away or no longer in a unit role), if any. */
export function unitLeft(before: UserState, after: UserState): string | null {
  if (!before.active || !before.unitId || !isUnitRole(before.roles)) return null;
  const stays = after.active && after.unitId === before.unitId && isUnitRole(after.roles);
  return stays ? null : before.unitId;
}

/** Whether a change takes away an active administrator. */
export const adminRemoved = (before: UserState, after: UserState): boolean =>
  before.active && before.roles.includes('admin') && !(after.active && after.roles.includes('admin'));
