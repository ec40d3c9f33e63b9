/**
 * The unit links a transition creates (R4.2.1 copies, R4.2.2 sub-dispatch, R4.3.1/R5.1 assisting units),
 * And the checks on the units a command names. Links decide who sees a ticket.
 */
import type { TicketCommand, Transition } from '../../domain/ticket/ticket.machine.js';
import type { TicketRow } from '../db/schema.js';
import { AppError } from '../errors.js';
import { unitSubtree } from './ticket.access.js';
import * as repo from './ticket.repository.js';
import { eq } from 'drizzle-orm';
import { units } from '../db/schema.js';
import type { Tx } from './ticket.repository.js';

type UnitRow = NonNullable<Awaited<ReturnType<typeof repo.unitById>>>;

/** Every unit the command names must exist and be active; a sub-dispatch must go below the lead unit. */
export async function checkNamedUnits(
  tx: Tx,
  cmd: TicketCommand,
  current: TicketRow,
): Promise<Map<string, UnitRow>> {
  const named: { id: string; field: string }[] = [];
  if ('unitId' in cmd) named.push({ id: cmd.unitId, field: 'unitId' });
  if (cmd.type === 'add-assist') cmd.unitIds.forEach((id, i) => named.push({ id, field: `unitIds.${i}` }));
  if (cmd.type === 'coordinate')
    cmd.assistUnitIds.forEach((id, i) => named.push({ id, field: `assistUnitIds.${i}` }));
  const found = new Map<string, UnitRow>();
  for (const n of named) {
    // FOR SHARE: a deactivation of this unit waits for this dispatch (and then sees the ticket it holds).
    const [unit] = await tx.select().from(units).where(eq(units.id, n.id)).for('share');
    if (!unit || !unit.active) {
      throw new AppError('UNIT.NOT_FOUND', '承办单位不存在或已停用。', {
        fields: [{ field: n.field, message: '承办单位不存在或已停用' }],
      });
    }
    found.set(unit.id, unit);
  }
  if (cmd.type === 'sub-dispatch' && current.leadUnitId) {
    const below = (await unitSubtree(tx, current.leadUnitId)).filter((u) => u !== current.leadUnitId);
    if (!below.includes(cmd.unitId)) {
      throw new AppError('UNIT.NOT_SUBORDINATE', '二级派单只能转给本单位的下属单位（R4.2.2）。', {
        fields: [{ field: 'unitId', message: '不是本单位的下属单位' }],
      });
    }
  }
  return found;
}

/** Re-points the ticket's links after a transition. */
export async function applyLinks(
  tx: Tx,
  t: Transition,
  cmd: TicketCommand,
  updated: TicketRow,
  units: Map<string, UnitRow>,
  now: Date,
): Promise<void> {
  const id = updated.id;
  const relinkLead = async (leadId: string) => {
    const lead = units.get(leadId);
    await repo.detachUnits(tx, id, ['lead', 'copy', 'sub']);
    await repo.attachUnit(tx, id, leadId, 'lead', now);
    // R4.2.1: an urgent dispatch goes at the same time to the unit's superior, which oversees it.
    if (updated.urgency === 'urgent' && lead?.superiorId)
      await repo.attachUnit(tx, id, lead.superiorId, 'copy', now);
  };
  switch (cmd.type) {
    case 'dispatch':
      return relinkLead(cmd.unitId);
    case 'review-return':
      if (cmd.accept) await relinkLead(cmd.unitId);
      return;
    case 'coordinate':
      // R5.1: the decision names the lead and the assisting units afresh.
      await repo.detachUnits(tx, id, ['assist']);
      await relinkLead(cmd.unitId);
      for (const a of cmd.assistUnitIds) await repo.attachUnit(tx, id, a, 'assist', now);
      return;
    case 'sub-dispatch':
      return repo.attachUnit(tx, id, cmd.unitId, 'sub', now);
    case 'add-assist':
      for (const a of cmd.unitIds) await repo.attachUnit(tx, id, a, 'assist', now);
      return;
    case 'accept':
    case 'return':
    case 'report-disposal':
    case 'verify':
    case 'complete':
    case 'plan':
    case 'feedback':
    case 'revisit':
    case 'supervise':
    case 'close-supervision':
    case 'request-assistance':
    case 'track-contact':
    case 'explain-delay':
    case 'reopen':
    case 'answer':
      void t;
      return;
  }
}
