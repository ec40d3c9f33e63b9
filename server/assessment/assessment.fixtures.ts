/**
 * Factories for the assessment tests: tickets walked through their lifecycle over the API with the test clock,
 * so a month is built from real events with known outcomes.
 */
import { expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { ticketBody, type Client, type TestApp } from '../test/harness.js';
import { policyVersions } from '../db/schema.js';
import { DEFAULT_POLICY } from '../../shared/policy.js';
import type { RevisitOutcome, Urgency } from '../../shared/enums.js';

/** Personal data of the test tickets: exports must never contain it (R9.1). */
export const COMPLAINANT = {
  name: '欧阳明月',
  phone: '13912345678',
  address: '吉林市船营区测试小区9栋9单元909',
};

export type ErrorJson = { error: { code: string; message: string } };

interface Ticket {
  id: string;
  code: string;
  status: string;
  deadlines: { completeDueAt: string | null };
}

export const handlerOf = (unitCode: string) => `${unitCode.toLowerCase()}.handler`;

/** Every ticket is revisited (sample rate 1): these tests are about counting, not sampling (R4.6.2). */
export async function revisitEveryTicket(t: TestApp): Promise<void> {
  await t.ctx.db
    .update(policyVersions)
    .set({ data: { ...DEFAULT_POLICY, revisitSampleRate: 1 } })
    .where(eq(policyVersions.version, 1));
  t.ctx.policy.invalidate();
}

/** Drives tickets through the API as the office and the units would. */
export class Walker {
  private clients = new Map<string, Client>();
  constructor(private readonly t: TestApp) {}

  async as(username: string): Promise<Client> {
    let c = this.clients.get(username);
    if (!c) {
      c = await this.t.as(username);
      this.clients.set(username, c);
    }
    return c;
  }

  unit(code: string): string {
    const id = this.t.units.get(code);
    if (!id) throw new Error(`unknown unit ${code}`);
    return id;
  }

  async step(username: string, id: string, action: string, body: unknown): Promise<Ticket> {
    const res = await (await this.as(username)).post(`/api/v1/tickets/${id}/${action}`, body);
    expect(res.statusCode, `${action} by ${username}: ${res.body}`).toBe(200);
    return res.json() as Ticket;
  }

  async register(urgency: Urgency): Promise<Ticket> {
    const res = await (
      await this.as('operator')
    ).post(
      '/api/v1/tickets',
      ticketBody({
        urgency,
        complainant: COMPLAINANT,
        content: '小区楼道灯损坏，夜间出行不便，请尽快维修。',
      }),
    );
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as Ticket;
  }

  dispatch(id: string, unitCode: string): Promise<Ticket> {
    return this.step('operator', id, 'dispatch', { unitId: this.unit(unitCode) });
  }

  /** Accept and the first step of handling: disposal report (urgent, R4.3.1) or verification (general, R4.3.2). */
  async accept(id: string, unitCode: string, urgency: Urgency): Promise<void> {
    const h = handlerOf(unitCode);
    await this.step(h, id, 'accept', { responsiblePerson: '测试负责人' });
    if (urgency === 'urgent') {
      await this.step(h, id, 'report-disposal', { text: '已到现场处置' });
      // R4.6.1 tracking contact, where the platform has it; optional for counting.
      await (
        await this.as('revisitor')
      ).post(`/api/v1/tickets/${id}/track-contact`, { reached: true, note: '' });
    } else {
      await this.step(h, id, 'verify', { text: '现场核实属实' });
    }
  }

  complete(id: string, unitCode: string): Promise<Ticket> {
    return this.step(handlerOf(unitCode), id, 'complete', { result: '已办结' });
  }

  feedback(id: string, unitCode: string): Promise<Ticket> {
    return this.step(handlerOf(unitCode), id, 'feedback', {
      toComplainant: '已电话告知办理结果',
      toOffice: '已办结',
      explanation: '因需协调多部门，办理时间较长，已向诉求人说明',
    });
  }

  revisit(id: string, outcome: RevisitOutcome): Promise<Ticket> {
    return this.step('revisitor', id, 'revisit', { outcome, note: '' });
  }

  /**
   * A whole ticket for `unitCode`, dispatched at the clock's current time: on time unless told otherwise;
   * revisited with the outcomes given (none: no revisit). Leaves the clock after its last step.
   */
  async walk(
    unitCode: string,
    o: {
      urgency?: Urgency;
      completeLate?: boolean;
      feedbackLate?: boolean;
      /** Let the timer sweep fire the overdue deadline before completion (R6.1 opens a case). */
      sweepOverdue?: boolean;
      revisits?: RevisitOutcome[];
      /** First dispatched to this unit, which returns it; the office re-dispatches (R4.3). */
      returnedBy?: string;
    } = {},
  ): Promise<Ticket> {
    const urgency = o.urgency ?? 'general';
    const created = await this.register(urgency);
    let ticket: Ticket;
    if (o.returnedBy) {
      await this.dispatch(created.id, o.returnedBy);
      this.t.clock.advance(600);
      await this.step(handlerOf(o.returnedBy), created.id, 'return', { reason: '不属于本单位职责' });
      ticket = await this.step('operator', created.id, 'review-return', {
        accept: true,
        unitId: this.unit(unitCode),
        reason: '改派属地单位',
      });
    } else {
      ticket = await this.dispatch(created.id, unitCode);
    }
    const due = new Date(ticket.deadlines.completeDueAt as string);
    this.t.clock.advance(1800);
    await this.accept(created.id, unitCode, urgency);
    if (o.completeLate || o.sweepOverdue) {
      this.t.clock.set(new Date(due.getTime() + 3600_000));
      if (o.sweepOverdue) await this.t.ctx.timers.sweep();
    } else {
      this.t.clock.advance(3600);
    }
    await this.complete(created.id, unitCode);
    if (o.feedbackLate && !o.completeLate) this.t.clock.set(new Date(due.getTime() + 7200_000));
    else this.t.clock.advance(600);
    let last = await this.feedback(created.id, unitCode);
    for (const outcome of o.revisits ?? []) {
      this.t.clock.advance(600);
      last = await this.revisit(created.id, outcome);
    }
    return { ...last, code: created.code };
  }
}
