/**
 * The working-day calendar table, loaded into the pure WorkingCalendar of domain/calendar.
 */
import { calendarDays, calendarYears } from '../db/schema.js';
import type { Db } from '../db/client.js';
import {
  buildCalendar,
  type CalendarDay,
  type WorkingCalendar,
} from '../../domain/calendar/working-calendar.js';

const CACHE_MS = 30_000;

export class CalendarService {
  private cache: { at: number; cal: WorkingCalendar } | null = null;
  constructor(private readonly db: Db) {}

  async calendar(): Promise<WorkingCalendar> {
    if (this.cache && Date.now() - this.cache.at < CACHE_MS) return this.cache.cal;
    const [days, years] = await Promise.all([
      this.db.select().from(calendarDays),
      this.db.select({ year: calendarYears.year }).from(calendarYears),
    ]);
    const cal = buildCalendar(
      days.map((d): CalendarDay => ({
        date: d.date,
        kind: d.kind as CalendarDay['kind'],
        name: d.name,
        source: d.source,
      })),
      years.map((y) => y.year),
    );
    this.cache = { at: Date.now(), cal };
    return cal;
  }

  invalidate(): void {
    this.cache = null;
  }
}
