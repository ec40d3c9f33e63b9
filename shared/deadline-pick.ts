/**
 * A deadline as a supervisor picks it (R6.1 督办时限): a day, and optionally a time. A day alone means the end
 * of that day — 24:00 in Shanghai, the same convention as working-day deadlines (R4.4.2) — not its first
 * minute. Pure string arithmetic; the answer is ISO 8601 with +08:00, what the API's instants take.
 */
export function pickedDeadline(date: string, time?: string | null): string {
  if (time) return `${date}T${time.length === 5 ? `${time}:00` : time}+08:00`;
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return `${next.toISOString().slice(0, 10)}T00:00:00+08:00`;
}
