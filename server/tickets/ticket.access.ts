/**
 * Who sees a ticket and whose personal data is shown unmasked (R9.1).
 * A unit's users see tickets dispatched or copied to their unit or any unit below it; the office,
 * the supervision office and city leaders see all. Anything else answers 404, exactly like a missing ticket.
 */
import { sql, type Placeholder, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.js';
import { hasRole, isOffice, isUnitUser, seesAllTickets, type Viewer } from '../auth/viewer.js';
import type { TicketUnitRole } from '../../shared/enums.js';

export interface TicketUnitLink {
  unitId: string;
  role: TicketUnitRole;
  active: boolean;
}

export interface TicketAccess {
  visible: boolean;
  /** The viewer's unit handles the ticket (lead or sub-dispatched): it may act as the handling unit. */
  handles: boolean;
  /** The viewer's unit is the lead unit itself. */
  leads: boolean;
  /** R9.1: office, supervision office and units the ticket was dispatched to see personal data. */
  unmasked: boolean;
}

/** The viewer's unit and every unit below it. */
export async function unitSubtree(db: Pick<Db, 'execute'>, unitId: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(db, sql`${unitSubtreeQuery(unitId)}`);
  return rows.map((r) => r.id);
}

/** `unitSubtree` as a query of one column `id`, to be read on its own or inside another statement. */
export function unitSubtreeQuery(unitId: string | Placeholder): SQL {
  return sql`
    WITH RECURSIVE sub(id) AS (
      SELECT id FROM units WHERE id = ${unitId}
      UNION SELECT u.id FROM units u JOIN sub ON u.superior_id = sub.id
    ) SELECT id FROM sub`;
}

/** The set of units whose tickets a viewer may see, or 'all', or 'none'. */
export async function visibleScope(db: Db, viewer: Viewer): Promise<'all' | 'none' | string[]> {
  const unit = scopeUnit(viewer);
  return unit ? unitSubtree(db, unit) : scopeWithout(viewer);
}

/**
 * The unit whose subtree is the viewer's scope (`unitSubtree`), or null when the scope needs no look-up (then
 * `scopeWithout` is it). For callers that read the subtree together with other rows.
 */
export function scopeUnit(viewer: Viewer): string | null {
  return !seesAllTickets(viewer) && isUnitUser(viewer) && viewer.unitId ? viewer.unitId : null;
}

/** The viewer's scope when `scopeUnit` is null. */
export function scopeWithout(viewer: Viewer): 'all' | 'none' {
  return seesAllTickets(viewer) ? 'all' : 'none';
}

export function accessTo(
  viewer: Viewer,
  scope: 'all' | 'none' | string[],
  leadUnitId: string | null,
  links: readonly TicketUnitLink[],
): TicketAccess {
  const active = links.filter((l) => l.active);
  const visible =
    scope === 'all' ? true : scope === 'none' ? false : active.some((l) => scope.includes(l.unitId));
  const mine = active.filter((l) => l.unitId === viewer.unitId);
  const unitUser = isUnitUser(viewer);
  const handles = unitUser && (leadUnitId === viewer.unitId || mine.some((l) => l.role === 'sub'));
  const dispatchedToMine =
    unitUser && mine.some((l) => l.role === 'lead' || l.role === 'assist' || l.role === 'sub');
  const unmasked = visible && (isOffice(viewer) || hasRole(viewer, 'supervisor') || dispatchedToMine);
  return { visible, handles, leads: unitUser && leadUnitId === viewer.unitId, unmasked };
}
