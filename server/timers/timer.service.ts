/**
 * Durable timers (ADR 0003). Timers are rows; a sweep claims due rows together with their
 * tickets using FOR UPDATE SKIP LOCKED, fires them and marks them fired in the same transaction. So a timer
 * fires exactly once across any number of processes, survives restarts, and catches up after downtime;
 * the partial index on pending due_at keeps a sweep's cost independent of the number of pending timers.
 */
import type { SmsPolicy } from '../notifications/handover.js';
import type { TicketRow } from '../db/schema.js';
import { warningAt } from '../../domain/calendar/deadline.js';
import type { PolicyData } from '../../shared/policy.js';
import type { WorkingCalendar } from '../../domain/calendar/working-calendar.js';
import type { AppContext } from '../context.js';
import { findTicket, type Tx } from '../tickets/ticket.repository.js';
import { insertCase } from '../supervision/supervision.repository.js';
import {
  claimDueTimers,
  markFired,
  pendingWarningsDue,
  planFiredWarning,
  type DueTimer,
} from './timer.repository.js';
import { saveChange, SYSTEM } from '../tickets/ticket.write.js';
import { CLOCK_RUNNING } from '../../domain/ticket/ticket.timers.js';
import { notifyRole, notifyUnits } from '../notifications/notification.service.js';
import { runEvery } from '../periodic.js';

export class TimerService {
  private handle: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly ctx: AppContext,
    private readonly batchSize = 200,
  ) {}

  /** Fires every timer due by now; returns how many fired. Concurrent calls in one process share one sweep. */
  sweep(): Promise<number> {
    this.running ??= this.drain().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.sweepOnce();
      total += n;
      if (n < this.batchSize) return total;
    }
  }

  /** One transaction: claim up to batchSize due timers (skipping rows another process holds) and fire them. */
  async sweepOnce(): Promise<number> {
    const now = this.ctx.clock.now();
    return this.ctx.db.transaction(async (tx) => {
      const due = await claimDueTimers(tx, now, this.batchSize);
      for (const timer of due) await fireTimer(tx, timer, now, this.ctx.config.notifySms);
      await markFired(
        tx,
        due.map((d) => d.id),
        now,
      );
      return due.length;
    });
  }

  start(intervalMs: number): void {
    this.handle = runEvery(intervalMs, () => this.sweep(), '定时器扫描失败：');
  }

  async stop(): Promise<void> {
    if (this.handle) clearInterval(this.handle);
    this.handle = null;
    await this.running;
  }
}

/** Fires one due timer of a locked ticket: the event on its timeline, the unit told, a supervision case if overdue. */
export async function fireTimer(tx: Tx, timer: DueTimer, now: Date, sms: SmsPolicy = 'off'): Promise<void> {
  const ticket = await findTicket(tx, timer.ticket_id);
  const dueAt = new Date(timer.due_at);
  if (!ticket || !CLOCK_RUNNING.includes(ticket.status) || !ticket.leadUnitId) return;
  // The firing timer is marked fired by the sweep: the change must not re-create it.
  const write = { now, timers: 'keep' as const };
  // A merged ticket follows its parent (R2.2): its clock is the parent's, whose unit is told and supervised.
  const follows = ticket.parentTicketId !== null;
  // JIESU_NOTIFY_SMS: the unit's SMS copy names the code and the deadline only (R9.1); sms.worker.ts words it.
  const bySms = sms === 'all' || (sms === 'urgent' && ticket.urgency === 'urgent');
  if (timer.kind === 'warning') {
    const data = { completeDueAt: ticket.completeDueAt?.toISOString() };
    await saveChange(tx, ticket, { action: 'deadline-warning', actor: SYSTEM, patch: {}, data }, write);
    if (follows) return;
    await notifyUnits(tx, [ticket.leadUnitId], ['unit_handler', 'unit_leader'], {
      ticketId: ticket.id,
      kind: 'deadline-warning',
      notice: {
        t: 'deadline-warning',
        code: ticket.code,
        title: ticket.title,
        due: ticket.completeDueAt?.toISOString() ?? null,
      },
      at: now,
      sms: bySms,
    });
    return;
  }
  // Overdue: only if this is still the ticket's deadline (a recorded plan replaces it — R4.4.3).
  if (ticket.completeDueAt?.getTime() !== dueAt.getTime()) return;
  // The first time a ticket went overdue stays recorded; a later deadline missed is another event and case.
  const patch = ticket.overdueAt ? {} : { overdueAt: dueAt };
  const data = { completeDueAt: dueAt.toISOString() };
  await saveChange(tx, ticket, { action: 'overdue', actor: SYSTEM, patch, data }, write);
  if (follows) return;
  // R6.1: overdue without a justified reason is followed by the supervision office until solved.
  await insertCase(tx, {
    ticketId: ticket.id,
    reason: 'overdue',
    openedAt: now,
    data: { completeDueAt: dueAt.toISOString(), unitId: ticket.leadUnitId },
  });
  const note = {
    ticketId: ticket.id,
    kind: 'overdue',
    notice: { t: 'overdue' as const, code: ticket.code, title: ticket.title, due: dueAt.toISOString() },
    at: now,
    sms: bySms,
  };
  await notifyUnits(tx, [ticket.leadUnitId], ['unit_handler', 'unit_leader'], note);
  await notifyRole(tx, 'supervisor', note);
}

/**
 * A deadline that has just moved into its warning window (a 督办 deadline, a promised date) warns at once, in the
 * transaction that moved it, not at the next sweep — even when the window opened before the unit's clock started,
 * where no warning timer would be planned. The warning is recorded as a fired timer row, so it is given once.
 */
export async function warnNowIfDue(
  tx: Tx,
  row: TicketRow,
  policy: PolicyData,
  cal: WorkingCalendar,
  now: Date,
  sms: SmsPolicy = 'off',
): Promise<void> {
  const due = row.completeDueAt;
  if (!due || !CLOCK_RUNNING.includes(row.status) || now.getTime() >= due.getTime()) return;
  const warn = warningAt(row.urgency, due, policy, cal);
  if (warn.getTime() > now.getTime()) return;
  await planFiredWarning(tx, row.id, warn);
  const pending = await pendingWarningsDue(tx, row.id, now);
  for (const timer of pending) await fireTimer(tx, timer, now, sms);
  await markFired(
    tx,
    pending.map((d) => d.id),
    now,
  );
}
