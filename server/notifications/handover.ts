/**
 * Who must act next, told at every hand-over: a ticket dispatched, returned (退单) or ruled on, reassigned,
 * sub-dispatched, given assisting units, re-opened or sent back by the supervision office with a new deadline
 * (R4.2, R4.4, R5.1, R6.1). Called from the one write path's effects (ticket.effects.ts), inside the
 * transition's transaction, so a notification exists exactly when its change does.
 *
 * Each notice is stored as what happened and the facts it names, and worded in the reader's language
 * (notice-texts.ts); recipients are the units that handle it (or the offices), who may see its content — never
 * the complainant's name or number (R9.1).
 */
import type { TicketRow } from '../db/schema.js';
import type { Transition } from '../../domain/ticket/ticket.machine.js';
import type { Tx } from '../tickets/ticket.repository.js';
import { notifyRole, notifyUnits, type NotificationInput } from './notification.service.js';
import type { Notice } from './notice-texts.js';

export type SmsPolicy = 'off' | 'urgent' | 'all';

export interface HandoverEnv {
  now: Date;
  actorUserId: string | null;
  /** JIESU_NOTIFY_SMS: which notifications also go out by SMS. */
  sms: SmsPolicy;
}

const HANDLERS = ['unit_handler'];
const HANDLERS_AND_LEADERS = ['unit_handler', 'unit_leader'];

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x) => typeof x === 'string') : []);

export async function notifyHandover(
  tx: Tx,
  t: Transition,
  before: TicketRow,
  row: TicketRow,
  env: HandoverEnv,
): Promise<void> {
  const urgent = row.urgency === 'urgent';
  const unitRoles = urgent ? HANDLERS_AND_LEADERS : HANDLERS;
  const facts = {
    code: row.code,
    title: row.title,
    due: row.completeDueAt?.toISOString() ?? null,
    urgent,
  };
  type What = Notice extends infer N ? (N extends unknown ? Omit<N, keyof typeof facts> : never) : never;
  const note = (kind: string, what: What, bySms: boolean): NotificationInput => ({
    ticketId: row.id,
    kind,
    notice: { ...facts, ...what } as Notice,
    at: env.now,
    exceptUserId: env.actorUserId,
    sms: env.sms === 'all' || (env.sms === 'urgent' && bySms),
  });
  const toUnits = (unitIds: (string | null | undefined)[], roles: string[], n: NotificationInput) =>
    notifyUnits(
      tx,
      unitIds.filter((u): u is string => !!u),
      roles,
      n,
    );
  const dispatched = (variant: 'new' | 'reassigned' | 'coordinated' = 'new') =>
    note('dispatch', { t: 'dispatch', variant }, urgent);

  switch (t.action) {
    case 'dispatch':
      await toUnits([row.leadUnitId], unitRoles, dispatched());
      return;
    case 'return':
      // 退单 (R4.2): the office decides next.
      await notifyRole(
        tx,
        'office_operator',
        note('return', { t: 'return', reason: str(t.data.reason) }, urgent),
      );
      return;
    case 'review-return':
      if (t.data.accept === true) {
        await toUnits([row.leadUnitId], unitRoles, dispatched('reassigned'));
        if (t.data.fromUnitId !== row.leadUnitId)
          await toUnits(
            [str(t.data.fromUnitId)],
            HANDLERS,
            note('return-decision', { t: 'return-accepted' }, false),
          );
        return;
      }
      await toUnits(
        [row.leadUnitId],
        unitRoles,
        note('return-decision', { t: 'return-rejected', reason: str(t.data.reason) }, urgent),
      );
      return;
    case 'coordinate':
      // R5.1: the leader's decision carried out as a dispatch.
      await toUnits([row.leadUnitId], HANDLERS_AND_LEADERS, dispatched('coordinated'));
      await toUnits(
        strs(t.data.assistUnitIds),
        HANDLERS,
        note('assist', { t: 'assist', byCoordination: true }, urgent),
      );
      if (before.leadUnitId && before.leadUnitId !== row.leadUnitId)
        await toUnits([before.leadUnitId], HANDLERS, note('reassigned', { t: 'reassigned' }, false));
      return;
    case 'add-assist':
      await toUnits(
        strs(t.data.unitIds),
        HANDLERS,
        note('assist', { t: 'assist', byCoordination: false }, urgent),
      );
      return;
    case 'sub-dispatch':
      // R4.2.2: the city's clock runs on.
      await toUnits([str(t.data.unitId)], unitRoles, note('sub-dispatch', { t: 'sub-dispatch' }, urgent));
      return;
    case 'request-assistance':
      await notifyRole(
        tx,
        'office_operator',
        note('assist-request', { t: 'assist-request', reason: str(t.data.reason) }, urgent),
      );
      return;
    case 'reopen':
      // The supervision office is told by the case it opens (ticket.effects.ts); the unit that handled it too.
      await toUnits([row.leadUnitId], HANDLERS_AND_LEADERS, note('reopen', { t: 'reopen' }, true));
      return;
    case 'supervise':
      // R6.1: the supervision office sends the ticket back with a new deadline — the unit and its leader.
      await toUnits(
        [row.leadUnitId],
        HANDLERS_AND_LEADERS,
        note(
          'supervise',
          {
            t: 'supervise',
            notice: str(t.data.notice),
            previousDue: before.completeDueAt?.toISOString() ?? null,
          },
          true,
        ),
      );
      return;
    // The unit's own steps and the office's revisits hand nothing over: the same people act next, or the
    // effects tell them (feedback → revisit draw; unsatisfied → supervision case; a plan's date → warning).
    case 'accept':
    case 'report-disposal':
    case 'verify':
    case 'plan':
    case 'complete':
    case 'feedback':
    case 'track-contact':
    case 'explain-delay':
    case 'revisit':
    case 'close-supervision':
    case 'answer':
      return;
  }
}
