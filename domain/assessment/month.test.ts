import { describe, expect, it } from 'vitest';
import { addMonths, monthEnd, monthOf, monthStart, monthsOfYear } from './month.js';

describe('assessment months in Asia/Shanghai', () => {
  it('a month starts at 00:00 Beijing time on its first day', () => {
    expect(monthStart('2026-11').toISOString()).toBe('2026-10-31T16:00:00.000Z');
    expect(monthEnd('2026-12').toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });

  it.each([
    ['2026-10-31T23:59:59+08:00', '2026-10'],
    ['2026-11-01T00:00:00+08:00', '2026-11'],
    ['2026-10-31T16:30:00Z', '2026-11'],
  ])('the instant %s falls in %s', (iso, month) => {
    expect(monthOf(new Date(iso))).toBe(month);
  });

  it('months add across years', () => {
    expect(addMonths('2026-11', 2)).toBe('2027-01');
    expect(addMonths('2026-01', -2)).toBe('2025-11');
    expect(monthsOfYear(2026)).toHaveLength(12);
    expect(() => monthStart('2026-13')).toThrow(RangeError);
  });
});
