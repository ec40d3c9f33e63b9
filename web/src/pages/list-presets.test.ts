import { describe, expect, it } from 'vitest';
import { filtersFromUrl, filtersToUrl, nextStep } from './list-presets';

describe("a row's primary action is the ticket's next step", () => {
  it('R4.2.3 R4.3 an accepted ticket offers 核实/办结 first, never 退单', () => {
    expect(nextStep(['return', 'verify', 'request-assistance'])).toBe('verify');
    expect(nextStep(['return', 'report-disposal', 'complete'])).toBe('report-disposal');
    expect(nextStep(['return', 'accept'])).toBe('accept');
    expect(nextStep(['return'])).toBeUndefined();
  });
  it("the queue's own action comes first when allowed", () => {
    expect(nextStep(['supervise', 'revisit'], 'revisit')).toBe('revisit');
    expect(nextStep(['verify'], 'revisit')).toBe('verify');
  });
});

describe('list filters live in the URL', () => {
  it('round-trip, ignore what is not a filter value, and leave defaults out', () => {
    const f = { status: 'accepted', urgency: 'urgent', q: '路灯', overdue: true, page: 3 } as const;
    const url = filtersToUrl(f);
    expect(url).toBe('?status=accepted&urgency=urgent&q=%E8%B7%AF%E7%81%AF&overdue=1&page=3');
    expect(filtersFromUrl(new URLSearchParams(url))).toEqual({ ...f, pageSize: undefined });
    expect(filtersFromUrl(new URLSearchParams('status=nope&page=-2'))).toEqual({
      status: undefined,
      urgency: undefined,
      q: undefined,
      overdue: false,
      page: undefined,
      pageSize: undefined,
    });
    expect(filtersToUrl({ page: 1, pageSize: 20 })).toBe('');
  });
});
