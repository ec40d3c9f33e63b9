import { describe, expect, it } from 'vitest';
import {
  availableActions,
  decide,
  type Actor,
  type MachineContext,
  type TicketCommand,
  type TicketState,
} from './ticket.machine.js';
import type { TicketStatus } from '../../shared/enums.js';

const T0 = new Date('2026-11-10T09:00:00+08:00');
const ctx: MachineContext = {
  now: T0,
  revisitMaxAttempts: 3,
  clocks: (urgency, at) => ({
    verifyDueAt: urgency === 'general' ? new Date(at.getTime() + 24 * 3600e3) : null,
    completeDueAt: new Date(at.getTime() + (urgency === 'urgent' ? 24 : 120) * 3600e3),
    provisionalCalendar: false,
  }),
};
const office: Actor = { roles: ['office_operator'], handlesTicket: false };
const revisitor: Actor = { roles: ['office_revisitor'], handlesTicket: false };
const supervisor: Actor = { roles: ['supervisor'], handlesTicket: false };
const handler: Actor = { roles: ['unit_handler'], handlesTicket: true };
const otherHandler: Actor = { roles: ['unit_handler'], handlesTicket: false };
const leader: Actor = { roles: ['leader'], handlesTicket: false };

function ticket(overrides: Partial<TicketState> = {}): TicketState {
  return {
    status: 'registered',
    urgency: 'general',
    leadUnitId: null,
    responsiblePerson: null,
    dispatchedAt: null,
    acceptedAt: null,
    disposalReportedAt: null,
    verifiedAt: null,
    completedAt: null,
    repliedAt: null,
    archivedAt: null,
    verifyDueAt: null,
    completeDueAt: null,
    provisionalCalendar: false,
    promisedAt: null,
    returnedFromStatus: null,
    returnCount: 0,
    revisitAttempts: 0,
    revisitOutcome: null,
    ...overrides,
  };
}

/** Applies a sequence of commands, failing loudly if one is refused. */
function run(state: TicketState, steps: [TicketCommand, Actor][]): TicketState {
  let s = state;
  for (const [cmd, actor] of steps) {
    const d = decide(s, cmd, actor, ctx);
    if (!d.ok) throw new Error(`${cmd.type} refused: ${d.refusal.message}`);
    s = { ...s, ...d.transition.patch };
  }
  return s;
}

describe('ticket lifecycle (R4.1–R4.6)', () => {
  it('when an urgent ticket runs the whole flow, then it passes dispatched → accepted → completed → replied → archived (R4.2.1, R4.3.1, R4.4.1, R4.5, R4.6.3)', () => {
    const seen: TicketStatus[] = [];
    let s = ticket({ urgency: 'urgent' });
    const steps: [TicketCommand, Actor][] = [
      [{ type: 'dispatch', unitId: 'u1' }, office],
      [{ type: 'accept', responsiblePerson: '王科长' }, handler],
      [{ type: 'report-disposal', text: '已到现场关闭阀门' }, handler],
      [{ type: 'complete', result: '已抢修恢复供水' }, handler],
      [{ type: 'feedback', toComplainant: '已电话告知', toOffice: '已办结' }, handler],
      [{ type: 'revisit', outcome: 'satisfied', note: '' }, revisitor],
    ];
    for (const step of steps) {
      s = run(s, [step]);
      seen.push(s.status);
    }
    expect(seen).toEqual(['dispatched', 'accepted', 'accepted', 'completed', 'replied', 'archived']);
    expect(s.responsiblePerson).toBe('王科长');
    expect(s.completeDueAt?.toISOString()).toBe(new Date(T0.getTime() + 24 * 3600e3).toISOString());
  });

  it('when a general ticket is planned (R4.4.3), then the promised date becomes its deadline', () => {
    const promised = new Date('2026-12-01T18:00:00+08:00');
    const s = run(ticket(), [
      [{ type: 'dispatch', unitId: 'u1' }, office],
      [{ type: 'accept', responsiblePerson: '李主任' }, handler],
      [{ type: 'verify', text: '情况属实' }, handler],
      [{ type: 'plan', plan: '列入明年改造计划', promisedAt: promised }, handler],
    ]);
    expect(s.status).toBe('planned');
    expect(s.completeDueAt?.toISOString()).toBe(promised.toISOString());
  });

  it('when the deadline has passed, then a plan is refused as too late (R4.4.3)', () => {
    const s = run(ticket(), [
      [{ type: 'dispatch', unitId: 'u1' }, office],
      [{ type: 'accept', responsiblePerson: '李主任' }, handler],
      [{ type: 'verify', text: '情况属实' }, handler],
    ]);
    const late = { ...ctx, now: new Date((s.completeDueAt as Date).getTime() + 1000) };
    const d = decide(
      s,
      { type: 'plan', plan: 'x', promisedAt: new Date(late.now.getTime() + 86400e3) },
      handler,
      late,
    );
    expect(d.ok).toBe(false);
    expect(!d.ok && d.refusal.code).toBe('TICKET.PLAN_TOO_LATE');
  });

  it('when a return is accepted, then the new unit gets fresh clocks; when rejected, the ticket goes back to where it was', () => {
    const s = run(ticket(), [
      [{ type: 'dispatch', unitId: 'u1' }, office],
      [{ type: 'accept', responsiblePerson: 'x' }, handler],
      [{ type: 'return', reason: '不属于本单位职责' }, handler],
    ]);
    expect(s.status).toBe('returned');
    const later = { ...ctx, now: new Date(T0.getTime() + 3600e3) };
    const acc = decide(
      s,
      { type: 'review-return', accept: true, unitId: 'u2', reason: '改派' },
      office,
      later,
    );
    expect(acc.ok && acc.transition.patch).toMatchObject({
      status: 'dispatched',
      leadUnitId: 'u2',
      dispatchedAt: later.now,
      acceptedAt: null,
    });
    const rej = decide(s, { type: 'review-return', accept: false, reason: '属于你单位职责' }, office, later);
    expect(rej.ok && rej.transition.to).toBe('accepted');
    expect(s.returnCount).toBe(1);
  });

  it('when the revisit is unsatisfied, then the ticket goes to supervision and back to the unit with a new deadline (R4.6.3, R6.1)', () => {
    let s = run(ticket({ urgency: 'urgent' }), [
      [{ type: 'dispatch', unitId: 'u1' }, office],
      [{ type: 'accept', responsiblePerson: 'x' }, handler],
      [{ type: 'report-disposal', text: 'x' }, handler],
      [{ type: 'complete', result: 'x' }, handler],
      [{ type: 'feedback', toComplainant: 'x', toOffice: 'x' }, handler],
      [{ type: 'revisit', outcome: 'unsatisfied', note: '还是没水' }, revisitor],
    ]);
    expect(s.status).toBe('supervising');
    const due = new Date('2026-11-12T18:00:00+08:00');
    s = run(s, [[{ type: 'supervise', notice: '限期重办', dueAt: due }, supervisor]]);
    expect(s).toMatchObject({ status: 'accepted', completeDueAt: due, completedAt: null });
  });

  it('R4.6.3 unreachable three times archives the ticket as 未联系上', () => {
    const replied = ticket({ status: 'replied', urgency: 'general' });
    const unreachable: [TicketCommand, Actor] = [
      { type: 'revisit', outcome: 'unreachable', note: '' },
      revisitor,
    ];
    const once = run(replied, [unreachable]);
    expect(once).toMatchObject({ status: 'replied', revisitAttempts: 1 });
    const thrice = run(replied, [unreachable, unreachable, unreachable]);
    expect(thrice).toMatchObject({ status: 'archived', revisitAttempts: 3, revisitOutcome: 'unreachable' });
  });
});

describe('refusals', () => {
  const cases: { name: string; state: TicketState; cmd: TicketCommand; actor: Actor; code: string }[] = [
    {
      name: 'accept before dispatch',
      state: ticket(),
      cmd: { type: 'accept', responsiblePerson: 'x' },
      actor: handler,
      code: 'TICKET.INVALID_TRANSITION',
    },
    {
      name: 'dispatch twice',
      state: ticket({ status: 'dispatched' }),
      cmd: { type: 'dispatch', unitId: 'u' },
      actor: office,
      code: 'TICKET.INVALID_TRANSITION',
    },
    {
      name: 'a handler dispatches',
      state: ticket(),
      cmd: { type: 'dispatch', unitId: 'u' },
      actor: handler,
      code: 'AUTH.FORBIDDEN',
    },
    {
      name: 'another unit accepts',
      state: ticket({ status: 'dispatched' }),
      cmd: { type: 'accept', responsiblePerson: 'x' },
      actor: otherHandler,
      code: 'AUTH.FORBIDDEN',
    },
    {
      name: 'a leader completes',
      state: ticket({ status: 'accepted' }),
      cmd: { type: 'complete', result: 'x' },
      actor: leader,
      code: 'AUTH.FORBIDDEN',
    },
    {
      name: 'R4.3.2 complete a general ticket before verifying',
      state: ticket({ status: 'accepted' }),
      cmd: { type: 'complete', result: 'x' },
      actor: handler,
      code: 'TICKET.INVALID_TRANSITION',
    },
    {
      name: 'R4.3.1 complete an urgent ticket before the disposal report',
      state: ticket({ status: 'accepted', urgency: 'urgent' }),
      cmd: { type: 'complete', result: 'x' },
      actor: handler,
      code: 'TICKET.INVALID_TRANSITION',
    },
    {
      name: 'R4.4.1 an urgent ticket cannot be planned',
      state: ticket({ status: 'accepted', urgency: 'urgent' }),
      cmd: { type: 'plan', plan: 'x', promisedAt: new Date('2027-01-01') },
      actor: handler,
      code: 'TICKET.INVALID_TRANSITION',
    },
    {
      name: 'R4.5 revisit before feedback',
      state: ticket({ status: 'completed' }),
      cmd: { type: 'revisit', outcome: 'satisfied', note: '' },
      actor: revisitor,
      code: 'TICKET.INVALID_TRANSITION',
    },
    {
      name: 'feedback before completion',
      state: ticket({ status: 'accepted', verifiedAt: T0 }),
      cmd: { type: 'feedback', toComplainant: 'x', toOffice: 'x' },
      actor: handler,
      code: 'TICKET.INVALID_TRANSITION',
    },
    {
      name: 'a handler revisits',
      state: ticket({ status: 'replied' }),
      cmd: { type: 'revisit', outcome: 'satisfied', note: '' },
      actor: handler,
      code: 'AUTH.FORBIDDEN',
    },
    {
      name: 'verify twice',
      state: ticket({ status: 'accepted', verifiedAt: T0 }),
      cmd: { type: 'verify', text: 'x' },
      actor: handler,
      code: 'TICKET.INVALID_TRANSITION',
    },
    {
      name: 'review a return that was not made',
      state: ticket({ status: 'dispatched' }),
      cmd: { type: 'review-return', accept: false, reason: 'x' },
      actor: office,
      code: 'TICKET.INVALID_TRANSITION',
    },
    {
      name: 'supervise an archived ticket',
      state: ticket({ status: 'archived' }),
      cmd: { type: 'supervise', notice: 'x', dueAt: new Date('2027-01-01') },
      actor: supervisor,
      code: 'TICKET.INVALID_TRANSITION',
    },
  ];
  for (const c of cases) {
    it(`when ${c.name}, then it is refused with ${c.code}`, () => {
      const d = decide(c.state, c.cmd, c.actor, ctx);
      expect(d.ok).toBe(false);
      expect(!d.ok && d.refusal.code).toBe(c.code);
    });
  }
});

describe('availableActions', () => {
  it('offers a handler of the lead unit exactly accept, return and asking for help on a dispatched ticket', () => {
    expect(availableActions(ticket({ status: 'dispatched' }), handler, ctx)).toEqual([
      'accept',
      'return',
      'request-assistance',
    ]);
    expect(
      availableActions(ticket({ status: 'dispatched' }), { ...handler, leadsTicket: true }, ctx),
    ).toEqual(['accept', 'return', 'sub-dispatch', 'request-assistance']);
  });
  it('offers the office dispatch and the answer at intake on a registered ticket and nothing to a leader', () => {
    expect(availableActions(ticket(), office, ctx)).toEqual(['dispatch', 'answer']);
    expect(availableActions(ticket(), leader, ctx)).toEqual([]);
  });
});

describe('answer at intake', () => {
  const answer: TicketCommand = { type: 'answer', articleIds: ['a1'], answer: '请联系供热公司。' };

  it('when the office answers a registered request, then it is answered at once with the articles cited and no unit', () => {
    const d = decide(ticket(), answer, office, ctx);
    expect(d.ok && d.transition).toMatchObject({
      from: 'registered',
      to: 'answered',
      data: { articleIds: ['a1'] },
      patch: { status: 'answered', completedAt: ctx.now, repliedAt: ctx.now },
    });
    expect(d.ok && d.transition.patch.leadUnitId).toBeUndefined();
  });

  it('when a dispatched ticket is answered, then it is refused; with no article cited, too', () => {
    expect(decide(ticket({ status: 'dispatched' }), answer, office, ctx).ok).toBe(false);
    expect(decide(ticket(), { type: 'answer', articleIds: [], answer: 'x' }, office, ctx).ok).toBe(false);
  });

  it('when the caller is satisfied at revisit, then it is archived; when not, it becomes an ordinary registered request', () => {
    const answered = ticket({ status: 'answered' });
    const revisitor: Actor = { roles: ['office_revisitor'], handlesTicket: false };
    const ok = decide(answered, { type: 'revisit', outcome: 'satisfied', note: '' }, revisitor, ctx);
    expect(ok.ok && ok.transition.to).toBe('archived');
    const no = decide(answered, { type: 'revisit', outcome: 'unsatisfied', note: '' }, revisitor, ctx);
    expect(no.ok && no.transition).toMatchObject({
      to: 'registered',
      patch: { completedAt: null, repliedAt: null },
    });
  });
});
