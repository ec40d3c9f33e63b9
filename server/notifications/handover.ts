/**
 * Who must act next, told at every hand-over: a ticket dispatched, returned (退单) or ruled on, reassigned,
 * sub-dispatched, given assisting units, re-opened or sent back by the supervision office with a new deadline
 * (R4.2, R4.4, R5.1, R6.1). Called from the one write path's effects (ticket.effects.ts), inside the
 * transition's transaction, so a notification exists exactly when its change does.
 *
 * Texts name the ticket by code and title; recipients are the units that handle it (or the offices), who may see
 * its content — never the complainant's name or number (R9.1). The SMS copy leaves the platform through a
 * provider, so it carries only the code, what happened and the deadline.
 */
import type { TicketRow } from '../db/schema.js';
import type { Transition } from '../../domain/ticket/ticket.machine.js';
import type { Tx } from '../tickets/ticket.repository.js';
import { notifyRole, notifyUnits, type NotificationInput } from './notification.service.js';

export type SmsPolicy = 'off' | 'urgent' | 'all';

export interface HandoverEnv {
  now: Date;
  actorUserId: string | null;
  /** JIESU_NOTIFY_SMS: which notifications also go out by SMS. */
  sms: SmsPolicy;
}

const HANDLERS = ['unit_handler'];
const HANDLERS_AND_LEADERS = ['unit_handler', 'unit_leader'];

/** A time in Beijing time, as the notices show it. */
export const beijing = (d: Date | null | undefined): string =>
  d ? new Date(d.getTime() + 8 * 3600e3).toISOString().slice(0, 16).replace('T', ' ') : '—';

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
  const due = `办结时限 ${beijing(row.completeDueAt)}`;
  const unitRoles = urgent ? HANDLERS_AND_LEADERS : HANDLERS;
  const note = (kind: string, title: string, body: string, what: string, bySms: boolean) => {
    const n: NotificationInput = {
      ticketId: row.id,
      kind,
      title: `${title}：${row.code}`,
      body,
      at: env.now,
      exceptUserId: env.actorUserId,
      smsBody:
        env.sms === 'all' || (env.sms === 'urgent' && bySms)
          ? `【吉林市民生诉求】工单 ${row.code}${what}，${due}（北京时间）。请登录系统办理。`
          : null,
    };
    return n;
  };
  const toUnits = (unitIds: (string | null | undefined)[], roles: string[], n: NotificationInput) =>
    notifyUnits(
      tx,
      unitIds.filter((u): u is string => !!u),
      roles,
      n,
    );
  const dispatched = (kind = 'dispatch', title = '新工单') =>
    note(
      kind,
      title,
      `工单「${row.title}」已转你单位办理（${urgent ? '紧急类：立即处置并直报，R4.3.1' : '一般类'}），${due}。`,
      `已转你单位办理${urgent ? '（紧急）' : ''}`,
      urgent,
    );

  switch (t.action) {
    case 'dispatch':
      await toUnits([row.leadUnitId], unitRoles, dispatched());
      return;
    case 'return':
      // 退单 (R4.2): the office decides next.
      await notifyRole(
        tx,
        'office_operator',
        note(
          'return',
          '退单待审定',
          `承办单位退回工单「${row.title}」：${str(t.data.reason)}`,
          '被退回，待审定',
          urgent,
        ),
      );
      return;
    case 'review-return':
      if (t.data.accept === true) {
        await toUnits([row.leadUnitId], unitRoles, dispatched('dispatch', '改派工单'));
        if (t.data.fromUnitId !== row.leadUnitId)
          await toUnits(
            [str(t.data.fromUnitId)],
            HANDLERS,
            note(
              'return-decision',
              '退单已同意',
              `你单位退回的工单「${row.title}」已改派其他单位办理。`,
              '退单已同意，已改派',
              false,
            ),
          );
        return;
      }
      await toUnits(
        [row.leadUnitId],
        unitRoles,
        note(
          'return-decision',
          '退单未获同意',
          `你单位退回的工单「${row.title}」未获同意：${str(t.data.reason)}。请继续办理，${due}。`,
          '退单未获同意，请继续办理',
          urgent,
        ),
      );
      return;
    case 'coordinate':
      // R5.1: the leader's decision carried out as a dispatch.
      await toUnits([row.leadUnitId], HANDLERS_AND_LEADERS, dispatched('dispatch', '协调决定交办'));
      await toUnits(
        strs(t.data.assistUnitIds),
        HANDLERS,
        note(
          'assist',
          '协办工单',
          `协调决定由你单位协助办理工单「${row.title}」，${due}。`,
          '请你单位协办',
          urgent,
        ),
      );
      if (before.leadUnitId && before.leadUnitId !== row.leadUnitId)
        await toUnits(
          [before.leadUnitId],
          HANDLERS,
          note(
            'reassigned',
            '工单已改由他单位办理',
            `工单「${row.title}」经协调已改由其他单位牵头办理。`,
            '已改由他单位办理',
            false,
          ),
        );
      return;
    case 'add-assist':
      await toUnits(
        strs(t.data.unitIds),
        HANDLERS,
        note('assist', '协办工单', `请你单位协助办理工单「${row.title}」，${due}。`, '请你单位协办', urgent),
      );
      return;
    case 'sub-dispatch':
      // R4.2.2: the city's clock runs on.
      await toUnits(
        [str(t.data.unitId)],
        unitRoles,
        note(
          'sub-dispatch',
          '二级派单',
          `上级单位将工单「${row.title}」交你单位办理，${due}。`,
          '已交你单位办理',
          urgent,
        ),
      );
      return;
    case 'request-assistance':
      await notifyRole(
        tx,
        'office_operator',
        note(
          'assist-request',
          '请求协调',
          `承办单位就工单「${row.title}」请求协调协助：${str(t.data.reason)}`,
          '请求协调',
          urgent,
        ),
      );
      return;
    case 'reopen':
      // The supervision office is told by the case it opens (ticket.effects.ts); the unit that handled it too.
      await toUnits(
        [row.leadUnitId],
        HANDLERS_AND_LEADERS,
        note(
          'reopen',
          '重新办理',
          `工单「${row.title}」归档后问题复发，已重新办理并转督办（R6.1）。`,
          '已重新办理，转督办',
          true,
        ),
      );
      return;
    case 'supervise':
      // R6.1: the supervision office sends the ticket back with a new deadline — the unit and its leader.
      await toUnits(
        [row.leadUnitId],
        HANDLERS_AND_LEADERS,
        note(
          'supervise',
          '督办',
          `督办意见：${str(t.data.notice)}。新的办结时限 ${beijing(row.completeDueAt)}（原时限 ${beijing(before.completeDueAt)}）。`,
          '被督办',
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
