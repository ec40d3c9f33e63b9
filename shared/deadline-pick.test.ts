import { describe, expect, it } from 'vitest';
import { pickedDeadline } from './deadline-pick.js';

describe('R6.1 a supervision deadline as picked', () => {
  it('a day alone means 24:00 of that day in Shanghai, across month and year ends', () => {
    expect(new Date(pickedDeadline('2026-12-10')).toISOString()).toBe('2026-12-10T16:00:00.000Z');
    expect(pickedDeadline('2026-02-28')).toBe('2026-03-01T00:00:00+08:00');
    expect(pickedDeadline('2026-12-31')).toBe('2027-01-01T00:00:00+08:00');
  });
  it('a day and a time mean that moment', () => {
    expect(pickedDeadline('2026-12-10', '17:30')).toBe('2026-12-10T17:30:00+08:00');
    expect(new Date(pickedDeadline('2026-12-10', '09:00')).toISOString()).toBe('2026-12-10T01:00:00.000Z');
  });
});
