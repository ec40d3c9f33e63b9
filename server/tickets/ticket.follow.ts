/**
 * A merged ticket follows its parent (R2.2): same status, units and deadlines up to feedback, so every
 * complainant is told the result; after feedback the group is drawn for a revisit as one (a parent not drawn is
 * archived, and its duplicates with it), and each drawn complainant is called and rated on their own ticket.
 * Each child moves through the one write path, with its own `follow-parent` event, revision step and timers.
 */
import type { TicketRow } from '../db/schema.js';
import type { TicketStatus } from '../../shared/enums.js';
import * as repo from './ticket.repository.js';
import type { Tx } from './ticket.repository.js';
import { saveChange, SYSTEM, type WriteEnv } from './ticket.write.js';

/** Statuses a merged ticket follows; after feedback each complainant is revisited on their own ticket. */
const FOLLOWED: readonly TicketStatus[] = [
  'registered',
  'dispatched',
  'accepted',
  'returned',
  'planned',
  'completed',
  'replied',
];

/** Brings the parent's children to the parent's handling state and units, with an event on each. */
export async function followParent(
  tx: Tx,
  parent: TicketRow,
  action: string,
  env: WriteEnv,
  /** Children already locked and changed in this transaction (a merge passes the one it just merged). */
  known: readonly TicketRow[] = [],
): Promise<void> {
  // R4.6.2: a parent archived because its feedback was not drawn for a revisit takes its duplicates along.
  const archivedUndrawn = parent.status === 'archived' && action === 'feedback';
  if (!FOLLOWED.includes(parent.status) && !archivedUndrawn) return;
  const rows = await repo.lockChildren(tx, parent.id);
  const children = rows.map((r) => known.find((k) => k.id === r.id) ?? r);
  if (children.length === 0) return;
  const links = (await repo.linksOf(tx, [parent.id])).get(parent.id) ?? [];
  for (const child of children) {
    if (!FOLLOWED.includes(child.status)) continue;
    if (archivedUndrawn) {
      await saveChange(
        tx,
        child,
        {
          action: 'follow-parent',
          actor: SYSTEM,
          patch: {
            status: 'archived',
            archivedAt: parent.archivedAt,
            completedAt: parent.completedAt,
            repliedAt: parent.repliedAt,
          },
          data: { parentId: parent.id, parentCode: parent.code, parentAction: 'archive' },
        },
        env,
      );
      continue;
    }
    await repo.detachUnits(tx, child.id, ['lead', 'copy', 'sub', 'assist']);
    for (const l of links.filter((x) => x.active))
      await repo.attachUnit(tx, child.id, l.unitId, l.role, env.now);
    if (action === 'merge' && child.status === parent.status && child.leadUnitId === parent.leadUnitId)
      continue;
    await saveChange(
      tx,
      child,
      {
        action: 'follow-parent',
        actor: SYSTEM,
        patch: {
          status: parent.status,
          urgency: parent.urgency,
          leadUnitId: parent.leadUnitId,
          responsiblePerson: parent.responsiblePerson,
          dispatchedAt: parent.dispatchedAt,
          acceptedAt: parent.acceptedAt,
          disposalReportedAt: parent.disposalReportedAt,
          verifiedAt: parent.verifiedAt,
          completedAt: parent.completedAt,
          repliedAt: parent.repliedAt,
          verifyDueAt: parent.verifyDueAt,
          completeDueAt: parent.completeDueAt,
          provisionalCalendar: parent.provisionalCalendar,
          promisedAt: parent.promisedAt,
          overdueAt: parent.overdueAt,
        },
        data: { parentId: parent.id, parentCode: parent.code, parentAction: action },
      },
      env,
    );
  }
}
