/**
 * Parses a year's working-day calendar as an administrator receives it: JSON, a simple CSV,
 * or an iCalendar feed. Pure: text in, validated days out, with the line of every problem.
 */
import type { CalendarDay, CalendarDayKind } from './working-calendar.js';

export type CalendarFormat = 'json' | 'csv' | 'ics';

export interface ImportProblem {
  line: number;
  message: string;
}

export type ImportResult = { ok: true; days: CalendarDay[] } | { ok: false; problems: ImportProblem[] };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const KIND_WORDS: Record<string, CalendarDayKind> = {
  holiday: 'holiday',
  休: 'holiday',
  假: 'holiday',
  workday: 'workday',
  班: 'workday',
  上班: 'workday',
  补班: 'workday',
};

export function parseCalendar(
  format: CalendarFormat,
  text: string,
  year: number,
  source: string,
): ImportResult {
  const problems: ImportProblem[] = [];
  const raw =
    format === 'json'
      ? fromJson(text, problems)
      : format === 'csv'
        ? fromCsv(text, problems)
        : fromIcs(text, problems);
  const seen = new Set<string>();
  const days: CalendarDay[] = [];
  for (const d of raw) {
    if (!isRealDate(d.date)) {
      problems.push({ line: d.line, message: `日期格式不正确：${excerpt(d.date)}（应为 YYYY-MM-DD）` });
      continue;
    }
    if (Number(d.date.slice(0, 4)) !== year) {
      problems.push({ line: d.line, message: `${d.date} 不属于 ${year} 年` });
      continue;
    }
    const kind = KIND_WORDS[d.kind.trim()];
    if (!kind) {
      problems.push({
        line: d.line,
        message: `类型应为 holiday/休 或 workday/班（或 isOffDay: true/false），收到：${excerpt(d.kind)}`,
      });
      continue;
    }
    if (seen.has(d.date)) {
      problems.push({ line: d.line, message: `${d.date} 重复出现` });
      continue;
    }
    seen.add(d.date);
    days.push({
      date: d.date,
      kind,
      name: d.name.trim() || (kind === 'holiday' ? '节假日' : '调休上班'),
      source,
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  if (days.length === 0) return { ok: false, problems: [{ line: 0, message: '没有读到任何日期' }] };
  return { ok: true, days: days.sort((a, b) => a.date.localeCompare(b.date)) };
}

interface RawDay {
  line: number;
  date: string;
  kind: string;
  name: string;
}

function fromJson(text: string, problems: ImportProblem[]): RawDay[] {
  try {
    const parsed = JSON.parse(text) as unknown;
    const list = Array.isArray(parsed) ? parsed : (parsed as { days?: unknown }).days;
    if (!Array.isArray(list)) {
      problems.push({
        line: 0,
        message:
          'JSON 应为数组，或 {"days": [...]}（如 holiday-cn 的 {"year", "days": [{"date", "name", "isOffDay"}]}）',
      });
      return [];
    }
    return list.map((d: Record<string, unknown>, i) => ({
      line: i + 1,
      date: String(d.date ?? ''),
      // NateScarlet/holiday-cn publishes `isOffDay` (true: a day off, false: a shifted working day).
      kind: typeof d.isOffDay === 'boolean' ? (d.isOffDay ? 'holiday' : 'workday') : String(d.kind ?? ''),
      name: String(d.name ?? ''),
    }));
  } catch {
    problems.push({ line: 0, message: '不是合法的 JSON' });
    return [];
  }
}

/** `date,kind,name` per line; a header line and blank lines are skipped. */
function fromCsv(text: string, problems: ImportProblem[]): RawDay[] {
  const out: RawDay[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const cells = line.split(/[,，\t]/).map((c) => c.trim());
    if (!line.trim() || /^date$/i.test(cells[0] ?? '') || cells[0] === '日期') return;
    if (cells.length < 2) {
      problems.push({ line: i + 1, message: '每行应为：日期,类型,名称' });
      return;
    }
    out.push({ line: i + 1, date: cells[0] ?? '', kind: cells[1] ?? '', name: cells[2] ?? '' });
  });
  return out;
}

/**
 * VEVENTs with all-day DTSTART/DTEND (DTEND exclusive); the SUMMARY says the kind as the common Chinese
 * holiday feeds do ("国庆节 休", "国庆节补班" / "班").
 */
function fromIcs(text: string, problems: ImportProblem[]): RawDay[] {
  const lines = text.replace(/\r\n[ \t]/g, '').split(/\r?\n/);
  const out: RawDay[] = [];
  type Event = {
    start?: string;
    end?: string;
    startLine?: number;
    endLine?: number;
    summary?: string;
    line: number;
  };
  let ev: Event | null = null;
  lines.forEach((line, i) => {
    if (line.startsWith('BEGIN:VEVENT')) ev = { line: i + 1 };
    else if (ev && line.startsWith('DTSTART')) {
      ev.start = icsDate(line);
      ev.startLine = i + 1;
    } else if (ev && line.startsWith('DTEND')) {
      ev.end = icsDate(line);
      ev.endLine = i + 1;
    } else if (ev && line.startsWith('SUMMARY')) ev.summary = line.slice(line.indexOf(':') + 1);
    else if (ev && line.startsWith('END:VEVENT')) {
      const e: Event = ev;
      ev = null;
      if (!e.start || !e.summary) {
        problems.push({ line: e.line, message: '事件缺少 DTSTART 或 SUMMARY' });
        return;
      }
      // A date that is not a real day (DTSTART:abc, month 13) is named with its line, never walked.
      const bad = [
        { date: e.start, line: e.startLine ?? e.line, field: 'DTSTART' },
        ...(e.end === undefined ? [] : [{ date: e.end, line: e.endLine ?? e.line, field: 'DTEND' }]),
      ].filter((d) => !isRealDate(d.date));
      for (const d of bad)
        problems.push({
          line: d.line,
          message: `${d.field} 不是有效日期：${excerpt(d.date)}（应为 YYYYMMDD）`,
        });
      if (bad.length) return;
      const end = e.end ?? nextDay(e.start);
      if (end <= e.start || daysBetween(e.start, end) > 366) {
        problems.push({
          line: e.endLine ?? e.line,
          message: 'DTEND 须晚于 DTSTART，且一个事件不超过 366 天',
        });
        return;
      }
      const kind = /班/.test(e.summary) ? '班' : '休';
      const name = e.summary.replace(/[（(]?(休|班|补班|上班|放假)[)）]?/g, '').trim();
      for (let d = e.start; d < end; d = nextDay(d)) out.push({ line: e.line, date: d, kind, name });
    }
  });
  return out;
}

/** At most 40 characters of what a file said, for a message. */
function excerpt(v: string): string {
  return v.length > 40 ? `${v.slice(0, 40)}…` : v;
}

function daysBetween(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
}

function icsDate(line: string): string {
  const v = line.slice(line.indexOf(':') + 1).trim();
  return /^\d{8}/.test(v) ? `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}` : v;
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** YYYY-MM-DD naming a day that exists (no 30 February). */
function isRealDate(date: string): boolean {
  if (!DATE.test(date)) return false;
  const t = Date.parse(`${date}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === date;
}
