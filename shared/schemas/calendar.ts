/** The working-day calendar's answers (GET /api/v1/calendar/status, POST /api/v1/calendar/years/:year/import). */
import { z } from 'zod';

export const calendarStatus = z.object({
  years: z.array(z.number()),
  /** The server's date in Shanghai (follows the test clock). */
  today: z.string(),
  /** The server's instant (follows the test clock): what "in force" is judged against. */
  now: z.string(),
  warnings: z.array(z.string()),
});
export type CalendarStatus = z.infer<typeof calendarStatus>;

export const calendarImportResult = z.object({
  year: z.number(),
  days: z.number(),
  recomputedTickets: z.number(),
});
export type CalendarImportResult = z.infer<typeof calendarImportResult>;

/** GET /api/v1/calendar/deadline: when a deadline counted from a moment falls, and whether the calendar is provisional. */
export const deadlinePreview = z.object({ dueAt: z.string(), provisionalCalendar: z.boolean() });
export type DeadlinePreview = z.infer<typeof deadlinePreview>;

/** GET /api/v1/calendar/years/:year/days: the exceptions loaded for one year (every other day follows Mon–Fri). */
export const calendarYearDays = z.object({
  year: z.number(),
  /** Whether the year was loaded as a whole (an import), not only edited day by day. */
  loaded: z.boolean(),
  source: z.string().nullable(),
  days: z.array(
    z.object({
      date: z.string(),
      kind: z.enum(['holiday', 'workday']),
      name: z.string(),
      source: z.string(),
    }),
  ),
});
export type CalendarYearDays = z.infer<typeof calendarYearDays>;
