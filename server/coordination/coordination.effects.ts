/**
 * 协调落实 (R5.1) as an effect of a transition: after a ticket's second return a coordination case is drafted
 * from the returns, in the return's transaction. Kept apart from coordination.service.ts, which runs actions.
 */
import type { TicketRow } from '../db/schema.js';
import type { Tx } from '../tickets/ticket.repository.js';
import { hasOpenCase, insertCase, returnsOf } from './coordination.repository.js';
import { notifyRole } from '../notifications/notification.service.js';

/** Opens a case after the second bounce, with the bounces as its draft (once per ticket while open). */
export async function openAutomaticCoordination(tx: Tx, ticket: TicketRow, at: Date): Promise<void> {
  if (await hasOpenCase(tx, ticket.id)) return;
  const returns = await returnsOf(tx, ticket.id);
  const lines = returns.map(
    (r, i) => `${i + 1}. ${r.unitName ?? '承办单位'}退单，理由：${String(r.data.reason ?? '')}`,
  );
  await insertCase(tx, {
    ticketId: ticket.id,
    addressedTo: 'secretary_general',
    proposal: `工单 ${ticket.code}「${ticket.title}」已被退单 ${ticket.returnCount} 次，职责不清，建议由市政府秘书长协调明确主办及协办单位（R5.1）。\n${lines.join('\n')}`,
    status: 'open',
    automatic: true,
    draftedAt: at,
  });
  await notifyRole(tx, 'office_operator', {
    ticketId: ticket.id,
    kind: 'coordination',
    notice: {
      t: 'coordination',
      code: ticket.code,
      title: ticket.title,
      due: ticket.completeDueAt?.toISOString() ?? null,
      returnCount: ticket.returnCount,
    },
    at,
  });
}
