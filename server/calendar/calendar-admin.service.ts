/**
 * Administrators keep the working-day calendar: import a year, edit a day. When a year becomes
 * known, open tickets whose deadlines were computed Mon–Fri (provisional) are recomputed, and each change is
 * recorded on the ticket's timeline.
 */
import { eq, sql } from 'drizzle-orm';
import { calendarDays, calendarYears } from '../db/schema.js';
import type { AppContext } from '../context.js';
import type { Viewer } from '../auth/viewer.js';
import { AppError } from '../errors.js';
import { parseCalendar, type CalendarFormat } from '../../domain/calendar/calendar-import.js';
import type { CalendarDayKind } from '../../domain/calendar/working-calendar.js';
import { dispatchDeadlines } from '../../domain/calendar/deadline.js';
import { CLOCK_RUNNING } from '../../domain/ticket/ticket.timers.js';
import { lockTicket, provisionalTickets } from '../tickets/ticket.repository.js';
import { saveChange } from '../tickets/ticket.write.js';
import { audit } from '../audit/audit.service.js';
import { notifyUnits } from '../notifications/notification.service.js';
import { warnNowIfDue } from '../timers/timer.service.js';
import type { Notice } from '../notifications/notice-texts.js';

/** Why deadlines were recomputed: said on the timeline and in the notices. */
type Cause = Extract<Notice, { t: 'deadline-moved' }>['cause'];
const causeText = (c: Cause) =>
  c.kind === 'import' ? `导入 ${c.year} 年工作日历` : `修改工作日历 ${c.date}`;

export async function importYear(
  ctx: AppContext,
  viewer: Viewer,
  year: number,
  format: CalendarFormat,
  content: string,
): Promise<{ year: number; days: number; recomputedTickets: number }> {
  const parsed = parseCalendar(format, content, year, `import:${format}`);
  if (!parsed.ok) {
    const first = parsed.problems[0];
    throw new AppError(
      'REQUEST.INVALID',
      `日历文件有 ${parsed.problems.length} 处错误，未导入任何内容。${first ? `第 ${first.line} 行：${first.message}` : ''}`,
      { fields: parsed.problems.map((p) => ({ field: `content:${p.line}`, message: p.message })) },
    );
  }
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    // The year is replaced as a whole: the notice is the authority for every day of it.
    await tx.execute(
      sql`DELETE FROM calendar_days WHERE date >= ${`${year}-01-01`} AND date <= ${`${year}-12-31`}`,
    );
    await tx
      .insert(calendarDays)
      .values(parsed.days.map((d) => ({ ...d, source: d.source ?? `import:${format}` })));
    await tx
      .insert(calendarYears)
      .values({ year, source: `import:${format} by ${viewer.username}`, loadedAt: now })
      .onConflictDoUpdate({
        target: calendarYears.year,
        set: { source: sql`excluded.source`, loadedAt: now },
      });
  });
  ctx.calendar.invalidate();
  const recomputed = await recomputeProvisional(ctx, viewer, { kind: 'import', year });
  await audit(ctx.db, {
    at: now,
    actor: viewer,
    action: 'calendar.import',
    target: String(year),
    outcome: 'success',
    details: { format, days: parsed.days.length, recomputedTickets: recomputed },
  });
  return { year, days: parsed.days.length, recomputedTickets: recomputed };
}

export async function setDay(
  ctx: AppContext,
  viewer: Viewer,
  date: string,
  day: { kind: CalendarDayKind; name: string } | null,
): Promise<{ recomputedTickets: number }> {
  if (day) {
    await ctx.db
      .insert(calendarDays)
      .values({ date, kind: day.kind, name: day.name, source: `edit by ${viewer.username}` })
      .onConflictDoUpdate({
        target: calendarDays.date,
        set: { kind: day.kind, name: day.name, source: `edit by ${viewer.username}` },
      });
  } else {
    await ctx.db.delete(calendarDays).where(eq(calendarDays.date, date));
  }
  ctx.calendar.invalidate();
  const recomputedTickets = await recomputeProvisional(ctx, viewer, { kind: 'edit', date });
  await audit(ctx.db, {
    at: ctx.clock.now(),
    actor: viewer,
    action: day ? 'calendar.day.set' : 'calendar.day.delete',
    target: date,
    outcome: 'success',
    details: { ...(day ?? {}), recomputedTickets },
  });
  return { recomputedTickets };
}

/**
 * Recomputes deadlines that were provisional, ticket by ticket, each in its own transaction. A deadline that
 * moves is a hand-over like any other (R4.4): the unit's handlers are told (its leader too for an urgent ticket),
 * and a deadline moved into its warning window warns at once.
 */
async function recomputeProvisional(ctx: AppContext, viewer: Viewer, cause: Cause): Promise<number> {
  const why = causeText(cause);
  const cal = await ctx.calendar.calendar();
  const candidates = await provisionalTickets(ctx.db, CLOCK_RUNNING);
  let changed = 0;
  for (const { id, policyVersion } of candidates) {
    // Loaded before the transaction: on PGlite a query outside an open transaction would wait for ever.
    const policy = await ctx.policy.get(policyVersion);
    const did = await ctx.db.transaction(async (tx) => {
      const row = await lockTicket(tx, id);
      if (!row || !row.provisionalCalendar || !row.dispatchedAt || row.promisedAt) return false;
      const next = dispatchDeadlines(row.urgency, row.dispatchedAt, policy.data, cal);
      const now = ctx.clock.now();
      const updated = await saveChange(
        tx,
        row,
        {
          action: 'deadline-recomputed',
          actor: { userId: viewer.userId, role: 'admin', unitId: viewer.unitId },
          patch: {
            verifyDueAt: next.verifyDueAt,
            completeDueAt: next.completeDueAt,
            provisionalCalendar: next.provisionalCalendar,
          },
          data: {
            reason: why,
            previousDueAt: row.completeDueAt?.toISOString() ?? null,
            completeDueAt: next.completeDueAt.toISOString(),
            provisionalCalendar: next.provisionalCalendar,
          },
        },
        { now, timers: { policy: policy.data, cal } },
      );
      const moved = row.completeDueAt?.getTime() !== updated.completeDueAt?.getTime();
      // A merged ticket follows its parent (R2.2): the parent's unit is told of the parent's deadline.
      if (moved && updated.leadUnitId && !updated.parentTicketId) {
        const urgent = updated.urgency === 'urgent';
        const sms = ctx.config.notifySms === 'all' || (ctx.config.notifySms === 'urgent' && urgent);
        await notifyUnits(
          tx,
          [updated.leadUnitId],
          urgent ? ['unit_handler', 'unit_leader'] : ['unit_handler'],
          {
            ticketId: updated.id,
            kind: 'deadline-moved',
            notice: {
              t: 'deadline-moved',
              code: updated.code,
              title: updated.title,
              urgent,
              due: updated.completeDueAt?.toISOString() ?? null,
              previousDue: row.completeDueAt?.toISOString() ?? null,
              cause,
            },
            at: now,
            exceptUserId: viewer.userId,
            sms,
          },
        );
        await warnNowIfDue(tx, updated, policy.data, cal, now);
      }
      return true;
    });
    if (did) changed++;
  }
  return changed;
}
