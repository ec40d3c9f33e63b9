/**
 * The ticket lifecycle (R4.1–R4.6, R6.1) as a pure state machine: given the ticket's state, who acts and a
 * command, it decides the next state and the event to append — or refuses. No IO; time is an argument.
 */
import type { RevisitOutcome, Role, TicketStatus, Urgency } from '../../shared/enums.js';

/** The part of a ticket the lifecycle reads and writes. */
export interface TicketState {
  status: TicketStatus;
  urgency: Urgency;
  leadUnitId: string | null;
  responsiblePerson: string | null;
  dispatchedAt: Date | null;
  acceptedAt: Date | null;
  disposalReportedAt: Date | null;
  verifiedAt: Date | null;
  completedAt: Date | null;
  repliedAt: Date | null;
  archivedAt: Date | null;
  verifyDueAt: Date | null;
  completeDueAt: Date | null;
  provisionalCalendar: boolean;
  promisedAt: Date | null;
  returnedFromStatus: TicketStatus | null;
  returnCount: number;
  revisitAttempts: number;
  revisitOutcome: RevisitOutcome | null;
}

export type TicketCommand =
  | {
      type: 'dispatch';
      unitId: string;
      urgency?: Urgency;
      /** The category the office settles on when dispatching (the catalogue's key, R4.2). */
      categoryCode?: string;
    }
  | { type: 'accept'; responsiblePerson: string }
  | { type: 'return'; reason: string }
  | { type: 'review-return'; accept: true; unitId: string; reason: string }
  | { type: 'review-return'; accept: false; reason: string }
  | { type: 'report-disposal'; text: string }
  | { type: 'verify'; text: string }
  | { type: 'complete'; result: string }
  | { type: 'plan'; plan: string; promisedAt: Date }
  | {
      type: 'feedback';
      toComplainant: string;
      toOffice: string;
      /** How and when the complainant was told (R4.5). */
      method?: FeedbackMethod;
      contactedAt?: Date;
      /** Required when the deadline was missed: the explanation given to the complainant (R4.5). */
      explanation?: string;
    }
  | { type: 'track-contact'; reached: boolean; note: string }
  | { type: 'explain-delay'; explanation: string; committedAt: Date }
  | { type: 'reopen'; reason: string }
  | { type: 'revisit'; outcome: RevisitOutcome; note: string }
  | { type: 'supervise'; notice: string; dueAt: Date }
  | { type: 'close-supervision'; decision: string }
  | { type: 'sub-dispatch'; unitId: string; note: string }
  | { type: 'request-assistance'; reason: string }
  | { type: 'add-assist'; unitIds: string[]; note: string }
  | { type: 'coordinate'; unitId: string; assistUnitIds: string[]; note: string }
  /** 直接答复: the office answers a registered request at intake from published knowledge articles. */
  | { type: 'answer'; articleIds: string[]; answer: string };

export type TicketAction = TicketCommand['type'];

export const FEEDBACK_METHODS = ['phone', 'sms', 'visit', 'letter', 'online'] as const;
export type FeedbackMethod = (typeof FEEDBACK_METHODS)[number];

/** Who acts, as the server established it: roles, and whether the actor's unit handles this ticket. */
export interface Actor {
  roles: readonly Role[];
  /** The actor belongs to the lead unit (首办责任单位) or a unit it sub-dispatched to. */
  handlesTicket: boolean;
  /** The actor belongs to the lead unit itself (only it passes the ticket on, R4.2.2). */
  leadsTicket?: boolean;
}

/** The clocks a dispatch starts (computed from the pinned policy and the working-day calendar). */
export interface DispatchClocks {
  verifyDueAt: Date | null;
  completeDueAt: Date;
  provisionalCalendar: boolean;
}

export interface MachineContext {
  now: Date;
  /** Computes a unit's fresh clocks from the dispatch time (R4.2.3, R4.3.2, R4.4). */
  clocks(urgency: Urgency, dispatchedAt: Date): DispatchClocks;
  /** R4.6.3 attempts before a complainant counts as unreachable. */
  revisitMaxAttempts: number;
  /** Days after archiving within which a ticket may be reopened (policy reopenWindowDays). */
  reopenWindowDays?: number;
  /** End of the return window (退单时限) for a dispatch at `dispatchedAt`; omitted means no window. */
  returnWindowEnd?(urgency: Urgency, dispatchedAt: Date): Date;
}

export type Refusal =
  | { code: 'AUTH.FORBIDDEN'; message: string }
  | { code: 'TICKET.INVALID_TRANSITION'; message: string }
  | { code: 'TICKET.PLAN_TOO_LATE'; message: string }
  | { code: 'TICKET.RETURN_WINDOW_CLOSED'; message: string };

export interface Transition {
  action: TicketAction;
  from: TicketStatus;
  to: TicketStatus;
  patch: Partial<TicketState>;
  /** Event payload for the timeline; never personal data. */
  data: Record<string, unknown>;
}

export type Decision = { ok: true; transition: Transition } | { ok: false; refusal: Refusal };

const OFFICE: readonly Role[] = ['office_operator'];
const REVISIT: readonly Role[] = ['office_revisitor', 'office_operator'];
const SUPERVISION: readonly Role[] = ['supervisor'];
const UNIT: readonly Role[] = ['unit_handler', 'unit_leader'];
/** R5.1: the secretary-general or the vice-mayor in charge decides coordination. */
const CITY_LEADER: readonly Role[] = ['leader'];

/** Which roles may take each action, and whether they must handle the ticket. */
const PERMISSIONS: Record<TicketAction, { roles: readonly Role[]; handler: boolean }> = {
  dispatch: { roles: OFFICE, handler: false },
  'review-return': { roles: OFFICE, handler: false },
  accept: { roles: UNIT, handler: true },
  return: { roles: UNIT, handler: true },
  'report-disposal': { roles: UNIT, handler: true },
  verify: { roles: UNIT, handler: true },
  complete: { roles: UNIT, handler: true },
  plan: { roles: UNIT, handler: true },
  feedback: { roles: UNIT, handler: true },
  revisit: { roles: REVISIT, handler: false },
  supervise: { roles: SUPERVISION, handler: false },
  'close-supervision': { roles: SUPERVISION, handler: false },
  'sub-dispatch': { roles: UNIT, handler: true },
  'request-assistance': { roles: UNIT, handler: true },
  'add-assist': { roles: OFFICE, handler: false },
  coordinate: { roles: CITY_LEADER, handler: false },
  'track-contact': { roles: REVISIT, handler: false },
  'explain-delay': { roles: UNIT, handler: true },
  reopen: { roles: [...OFFICE, 'office_revisitor', 'supervisor'], handler: false },
  answer: { roles: OFFICE, handler: false },
};

/** The actor's role under which an action is taken, for the timeline. */
export function actingRole(roles: readonly Role[], action: TicketAction): Role | null {
  return roles.find((r) => PERMISSIONS[action].roles.includes(r)) ?? null;
}

/** True when the actor's role could ever take this action on this ticket (used to show buttons). */
export function mayAct(actor: Actor, action: TicketAction): boolean {
  const rule = PERMISSIONS[action];
  return actor.roles.some((r) => rule.roles.includes(r)) && (!rule.handler || actor.handlesTicket);
}

const invalid = (message: string): Decision => ({
  ok: false,
  refusal: { code: 'TICKET.INVALID_TRANSITION', message },
});

const STATUS_ZH: Record<TicketStatus, string> = {
  registered: '已登记',
  dispatched: '已转办',
  accepted: '已签收',
  returned: '已退回',
  planned: '已承诺',
  completed: '已办结',
  replied: '已反馈',
  supervising: '督办中',
  archived: '已归档',
  answered: '已直接答复',
};

function wrongState(state: TicketState, action: TicketAction): Decision {
  return invalid(`工单当前状态为「${STATUS_ZH[state.status]}」，不能执行「${ACTION_ZH[action]}」。`);
}

export const ACTION_ZH: Record<TicketAction, string> = {
  dispatch: '转办',
  accept: '签收',
  return: '退单',
  'review-return': '审定退单',
  'report-disposal': '处置情况直报',
  verify: '核实',
  complete: '办结',
  plan: '承诺办结时限',
  feedback: '结果反馈',
  revisit: '回访',
  supervise: '督办',
  'close-supervision': '督办办结',
  'sub-dispatch': '二级派单',
  'request-assistance': '请求协调协助',
  'add-assist': '增加协办单位',
  coordinate: '协调决定',
  'track-contact': '跟踪回访',
  'explain-delay': '超期说明与承诺时限',
  reopen: '重新办理',
  answer: '直接答复',
};

/** Decide a command against a ticket. Refuses with a stable code; never throws for a business reason. */
export function decide(state: TicketState, cmd: TicketCommand, actor: Actor, ctx: MachineContext): Decision {
  if (!mayAct(actor, cmd.type)) {
    return {
      ok: false,
      refusal: { code: 'AUTH.FORBIDDEN', message: `当前账号无权执行「${ACTION_ZH[cmd.type]}」。` },
    };
  }
  const now = ctx.now;
  const go = (to: TicketStatus, patch: Partial<TicketState>, data: Record<string, unknown>): Decision => ({
    ok: true,
    transition: { action: cmd.type, from: state.status, to, patch: { ...patch, status: to }, data },
  });

  switch (cmd.type) {
    case 'dispatch': {
      // R4.2: the office dispatches a registered ticket; the unit's clocks start now (R4.2.3).
      if (state.status !== 'registered') return wrongState(state, cmd.type);
      const urgency = cmd.urgency ?? state.urgency;
      return go(
        'dispatched',
        { urgency, leadUnitId: cmd.unitId, ...startClocks(urgency, now, ctx) },
        {
          unitId: cmd.unitId,
          urgency,
        },
      );
    }
    case 'accept': {
      // R4.2.3 / R4.3: signing for the ticket names the first-responsible person.
      if (state.status !== 'dispatched') return wrongState(state, cmd.type);
      return go(
        'accepted',
        { acceptedAt: now, responsiblePerson: cmd.responsiblePerson },
        {
          responsiblePerson: cmd.responsiblePerson,
        },
      );
    }
    case 'return': {
      // 退单: back to the office, which reviews it — only within the policy's return window.
      if (state.status !== 'dispatched' && state.status !== 'accepted') return wrongState(state, cmd.type);
      if (ctx.returnWindowEnd && state.dispatchedAt) {
        const end = ctx.returnWindowEnd(state.urgency, state.dispatchedAt);
        if (now.getTime() > end.getTime()) {
          return {
            ok: false,
            refusal: {
              code: 'TICKET.RETURN_WINDOW_CLOSED',
              message: '已超过退单时限，请按首办负责制办理；确需协调的，可申请协调协助（R4.3）。',
            },
          };
        }
      }
      return go(
        'returned',
        { returnedFromStatus: state.status, returnCount: state.returnCount + 1 },
        {
          reason: cmd.reason,
          unitId: state.leadUnitId,
        },
      );
    }
    case 'review-return': {
      if (state.status !== 'returned') return wrongState(state, cmd.type);
      if (cmd.accept) {
        // Accepted: re-dispatch; the new unit gets fresh clocks (REQUIREMENTS "Clock start").
        return go(
          'dispatched',
          {
            leadUnitId: cmd.unitId,
            returnedFromStatus: null,
            responsiblePerson: null,
            acceptedAt: null,
            disposalReportedAt: null,
            verifiedAt: null,
            promisedAt: null,
            ...startClocks(state.urgency, now, ctx),
          },
          { accept: true, reason: cmd.reason, fromUnitId: state.leadUnitId, unitId: cmd.unitId },
        );
      }
      // Rejected: the unit must handle it; the event is kept as evidence for R6.2.
      const back = state.returnedFromStatus ?? 'dispatched';
      return go(
        back,
        { returnedFromStatus: null },
        { accept: false, reason: cmd.reason, unitId: state.leadUnitId },
      );
    }
    case 'report-disposal': {
      // R4.3.1: urgent tickets — on-site disposal reported straight to the office.
      if (state.urgency !== 'urgent') return invalid('只有紧急类诉求需要处置情况直报（R4.3.1）。');
      if (state.status !== 'accepted' || state.disposalReportedAt) return wrongState(state, cmd.type);
      return go('accepted', { disposalReportedAt: now }, { text: cmd.text });
    }
    case 'verify': {
      // R4.3.2: general tickets — verified within 24 h of dispatch.
      if (state.urgency !== 'general') return invalid('紧急类诉求以处置情况直报代替核实（R4.3.1）。');
      if (state.status !== 'accepted' || state.verifiedAt) return wrongState(state, cmd.type);
      return go('accepted', { verifiedAt: now }, { text: cmd.text, late: isLate(state.verifyDueAt, now) });
    }
    case 'plan': {
      // R4.4.3: a general ticket not yet solvable gets a plan and promised date before its deadline.
      if (state.urgency !== 'general')
        return invalid('紧急类诉求须在 24 小时内办结，不能承诺延期（R4.4.1）。');
      if (state.status !== 'accepted') return wrongState(state, cmd.type);
      if (!state.verifiedAt) return invalid('请先完成核实（R4.3.2），再提交解决方案。');
      if (state.completeDueAt && now.getTime() >= state.completeDueAt.getTime()) {
        return {
          ok: false,
          refusal: { code: 'TICKET.PLAN_TOO_LATE', message: '办结时限已过，不能再承诺办结时限（R4.4.3）。' },
        };
      }
      if (cmd.promisedAt.getTime() <= now.getTime()) return invalid('承诺办结时间必须晚于当前时间。');
      return go(
        'planned',
        { promisedAt: cmd.promisedAt, completeDueAt: cmd.promisedAt },
        {
          plan: cmd.plan,
          promisedAt: cmd.promisedAt.toISOString(),
          previousDueAt: state.completeDueAt?.toISOString() ?? null,
        },
      );
    }
    case 'complete': {
      if (state.status !== 'accepted' && state.status !== 'planned') return wrongState(state, cmd.type);
      if (state.urgency === 'urgent' && !state.disposalReportedAt) {
        return invalid('紧急类诉求须先报送现场处置情况（R4.3.1），再办结。');
      }
      if (state.urgency === 'general' && !state.verifiedAt)
        return invalid('一般类诉求须先核实（R4.3.2），再办结。');
      return go(
        'completed',
        { completedAt: now },
        { result: cmd.result, late: isLate(state.completeDueAt, now) },
      );
    }
    case 'feedback': {
      // R4.5: the result goes back to the complainant and the office.
      if (state.status !== 'completed') return wrongState(state, cmd.type);
      const late = isLate(state.completeDueAt, state.completedAt ?? now);
      // R4.5: a unit that missed its deadline explains itself to the complainant.
      if (late && !cmd.explanation) return invalid('办结已超出时限，请填写向诉求人所作的解释说明（R4.5）。');
      return go(
        'replied',
        { repliedAt: now },
        {
          toComplainant: cmd.toComplainant,
          toOffice: cmd.toOffice,
          method: cmd.method ?? 'phone',
          contactedAt: (cmd.contactedAt ?? now).toISOString(),
          late,
          ...(cmd.explanation ? { explanation: cmd.explanation } : {}),
        },
      );
    }
    case 'answer': {
      // A question answered on the spot from the knowledge base — closed at once, no unit involved.
      if (state.status !== 'registered') return wrongState(state, cmd.type);
      if (cmd.articleIds.length === 0) return invalid('请至少引用一篇知识库文章。');
      return go(
        'answered',
        { completedAt: now, repliedAt: now },
        { articleIds: [...cmd.articleIds], answer: cmd.answer },
      );
    }
    case 'revisit':
      return decideRevisit(state, cmd, ctx, go);
    case 'supervise': {
      // R6.1: the supervision office sends the ticket back to the unit with a new deadline.
      if (state.status !== 'supervising') return wrongState(state, cmd.type);
      if (cmd.dueAt.getTime() <= now.getTime()) return invalid('督办时限必须晚于当前时间。');
      return go(
        'accepted',
        {
          completeDueAt: cmd.dueAt,
          completedAt: null,
          repliedAt: null,
          revisitAttempts: 0,
          revisitOutcome: null,
        },
        { notice: cmd.notice, dueAt: cmd.dueAt.toISOString() },
      );
    }
    case 'close-supervision': {
      if (state.status !== 'supervising') return wrongState(state, cmd.type);
      return go('archived', { archivedAt: now }, { decision: cmd.decision });
    }
    case 'track-contact': {
      // R4.6.1: urgent tickets are tracked through the whole process — a contact once disposal is reported.
      if (state.urgency !== 'urgent') return invalid('跟踪回访只用于紧急类诉求（R4.6.1）。');
      if (!state.disposalReportedAt || !['accepted', 'completed'].includes(state.status)) {
        return invalid('承办单位报送现场处置情况后才能跟踪回访（R4.6.1）。');
      }
      return go(state.status, {}, { reached: cmd.reached, note: cmd.note });
    }
    case 'explain-delay': {
      // R4.5: past the deadline, the unit explains to the complainant and commits to a new completion date.
      if (!['dispatched', 'accepted', 'planned'].includes(state.status)) return wrongState(state, cmd.type);
      if (!isLate(state.completeDueAt, now)) return invalid('尚未超出办结时限，无需超期说明。');
      if (cmd.committedAt.getTime() <= now.getTime()) return invalid('承诺办结时间必须晚于当前时间。');
      return go(
        state.status,
        {},
        { explanation: cmd.explanation, committedAt: cmd.committedAt.toISOString() },
      );
    }
    case 'reopen': {
      // Within the window after archiving, the problem came back — supervision until solved (R6.1).
      if (state.status !== 'archived' || !state.archivedAt) return wrongState(state, cmd.type);
      const days = ctx.reopenWindowDays ?? 15;
      if (now.getTime() - state.archivedAt.getTime() > days * 86_400_000) {
        return invalid(`已归档超过 ${days} 天，不能重新办理，请作为新诉求登记。`);
      }
      return go(
        'supervising',
        { archivedAt: null, revisitAttempts: 0 },
        { reason: cmd.reason, archivedAt: state.archivedAt.toISOString() },
      );
    }
    case 'sub-dispatch': {
      // R4.2.2: the unit passes the ticket to one of its own subordinate units; the city's clock runs on and
      // the first-responsible unit stays accountable (R4.3).
      if (!actor.leadsTicket) return invalid('只有首办责任单位可以二级派单。');
      if (state.status !== 'dispatched' && state.status !== 'accepted' && state.status !== 'planned') {
        return wrongState(state, cmd.type);
      }
      return go(state.status, {}, { unitId: cmd.unitId, note: cmd.note });
    }
    case 'request-assistance': {
      // R4.3.1: a unit that needs other units asks the office, which coordinates quickly.
      if (state.status !== 'dispatched' && state.status !== 'accepted' && state.status !== 'planned') {
        return wrongState(state, cmd.type);
      }
      return go(state.status, {}, { reason: cmd.reason });
    }
    case 'add-assist': {
      if (!['dispatched', 'accepted', 'planned'].includes(state.status)) return wrongState(state, cmd.type);
      if (cmd.unitIds.length === 0) return invalid('请至少选择一个协办单位。');
      return go(state.status, {}, { unitIds: cmd.unitIds, note: cmd.note });
    }
    case 'coordinate': {
      // R5.1: the leader's decision is carried out as a dispatch to the lead unit, with assisting units;
      // the lead unit gets fresh clocks.
      if (
        !['registered', 'returned', 'dispatched', 'accepted', 'planned', 'supervising'].includes(state.status)
      ) {
        return wrongState(state, cmd.type);
      }
      return go(
        'dispatched',
        {
          leadUnitId: cmd.unitId,
          returnedFromStatus: null,
          responsiblePerson: null,
          acceptedAt: null,
          disposalReportedAt: null,
          verifiedAt: null,
          promisedAt: null,
          ...startClocks(state.urgency, now, ctx),
        },
        {
          unitId: cmd.unitId,
          assistUnitIds: cmd.assistUnitIds,
          note: cmd.note,
          fromUnitId: state.leadUnitId,
        },
      );
    }
  }
}

function decideRevisit(
  state: TicketState,
  cmd: Extract<TicketCommand, { type: 'revisit' }>,
  ctx: MachineContext,
  go: (to: TicketStatus, patch: Partial<TicketState>, data: Record<string, unknown>) => Decision,
): Decision {
  // R4.6: a ticket cannot be revisited before feedback is recorded (or the answer at intake was given).
  if (state.status !== 'replied' && state.status !== 'answered') return wrongState(state, 'revisit');
  const attempts = state.revisitAttempts + 1;
  const data = { outcome: cmd.outcome, note: cmd.note, attempt: attempts };
  if (state.status === 'answered' && cmd.outcome === 'unsatisfied') {
    // The caller was not satisfied with the answer at intake — an ordinary request, to dispatch.
    return go(
      'registered',
      { completedAt: null, repliedAt: null, revisitAttempts: 0, revisitOutcome: null },
      { ...data, reason: 'answer-unsatisfied' },
    );
  }
  switch (cmd.outcome) {
    case 'satisfied':
    case 'basically_satisfied':
      // R4.6.3 satisfied → archived.
      return go(
        'archived',
        { archivedAt: ctx.now, revisitAttempts: attempts, revisitOutcome: cmd.outcome },
        data,
      );
    case 'unsatisfied':
      // R4.6.3 not satisfied → supervision (R6.1).
      return go('supervising', { revisitAttempts: attempts, revisitOutcome: cmd.outcome }, data);
    case 'unreachable':
      // Decision under R4.6.3: archived as 未联系上 after the last attempt, left out of the satisfaction rate.
      if (attempts >= ctx.revisitMaxAttempts) {
        return go(
          'archived',
          { archivedAt: ctx.now, revisitAttempts: attempts, revisitOutcome: 'unreachable' },
          data,
        );
      }
      return go(state.status, { revisitAttempts: attempts }, data);
  }
}

function startClocks(urgency: Urgency, now: Date, ctx: MachineContext): Partial<TicketState> {
  const clocks = ctx.clocks(urgency, now);
  return {
    dispatchedAt: now,
    verifyDueAt: clocks.verifyDueAt,
    completeDueAt: clocks.completeDueAt,
    provisionalCalendar: clocks.provisionalCalendar,
  };
}

function isLate(dueAt: Date | null, now: Date): boolean {
  return dueAt !== null && now.getTime() > dueAt.getTime();
}

/** Status names in Chinese, for messages and the UI. */
export { STATUS_ZH };

/** A representative command per action, used to ask the machine which actions are open right now. */
const PROBES: readonly TicketCommand[] = [
  { type: 'dispatch', unitId: 'probe' },
  { type: 'accept', responsiblePerson: 'probe' },
  { type: 'return', reason: 'probe' },
  { type: 'review-return', accept: false, reason: 'probe' },
  { type: 'report-disposal', text: 'probe' },
  { type: 'verify', text: 'probe' },
  { type: 'plan', plan: 'probe', promisedAt: new Date(8.64e15) },
  { type: 'complete', result: 'probe' },
  { type: 'feedback', toComplainant: 'probe', toOffice: 'probe', explanation: 'probe' },
  { type: 'revisit', outcome: 'satisfied', note: '' },
  { type: 'supervise', notice: 'probe', dueAt: new Date(8.64e15) },
  { type: 'close-supervision', decision: 'probe' },
  { type: 'sub-dispatch', unitId: 'probe', note: 'probe' },
  { type: 'request-assistance', reason: 'probe' },
  { type: 'add-assist', unitIds: ['probe'], note: 'probe' },
  { type: 'track-contact', reached: true, note: 'probe' },
  { type: 'explain-delay', explanation: 'probe', committedAt: new Date(8.64e15) },
  { type: 'reopen', reason: 'probe' },
  { type: 'answer', articleIds: ['probe'], answer: 'probe' },
  // 'coordinate' is not offered as a button: it is carried out from a leader's coordination decision (R5.1).
];

/** The actions this actor can take on this ticket now — the machine itself answers, so the UI never disagrees. */
export function availableActions(state: TicketState, actor: Actor, ctx: MachineContext): TicketAction[] {
  return PROBES.filter((cmd) => decide(state, cmd, actor, ctx).ok).map((cmd) => cmd.type);
}
