/**
 * 协调落实 (R5.1) as an effect of a transition: after a ticket's second return a coordination case is drafted
 * from the returns, in the return's transaction. Kept apart from coordination.service.ts, which runs actions.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { coordinationCases, ticketEvents, units, type TicketRow } from '../db/schema.js';
import type { Tx } from '../tickets/ticket.repository.js';
import { notifyRole } from '../notifications/notification.service.js';

/** Opens a case after the second bounce, with the bounces as its draft (once per ticket while open). */
export async function openAutomaticCoordination(tx: Tx, ticket: TicketRow, at: Date): Promise<void> {
  const [open] = await tx
    .select({ id: coordinationCases.id })
    .from(coordinationCases)
    .where(and(eq(coordinationCases.ticketId, ticket.id), eq(coordinationCases.status, 'open')));
  if (open) return;
  const returns = await tx
    .select({ data: ticketEvents.data, at: ticketEvents.at })
    .from(ticketEvents)
    .where(and(eq(ticketEvents.ticketId, ticket.id), eq(ticketEvents.action, 'return')))
    .orderBy(asc(ticketEvents.id));
  const unitIds = returns.map((r) => String(r.data.unitId ?? '')).filter(Boolean);
  const names = new Map(
    (unitIds.length
      ? await tx.select({ id: units.id, name: units.nameZh }).from(units).where(inArray(units.id, unitIds))
      : []
    ).map((u) => [u.id, u.name]),
  );
  const lines = returns.map(
    (r, i) =>
      `${i + 1}. ${names.get(String(r.data.unitId)) ?? '承办单位'}退单，理由：${String(r.data.reason ?? '')}`,
  );
  await tx.insert(coordinationCases).values({
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
    title: `需协调：${ticket.code}`,
    body: `工单已被退单 ${ticket.returnCount} 次，已自动生成协调建议，请完善后报市领导。`,
    at,
  });
}
