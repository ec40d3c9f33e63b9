import { describe, expect, it } from 'vitest';
import { collectEvidence, draftText, warrantsProposal } from './accountability.js';

const at = (s: string) => new Date(s);
describe('R6.2 accountability evidence', () => {
  const events = [
    {
      at: at('2026-11-10T02:00:00Z'),
      action: 'review-return',
      actorUnitId: null,
      data: { accept: false, reason: '属你单位职责' },
    },
    {
      at: at('2026-11-10T03:00:00Z'),
      action: 'review-return',
      actorUnitId: null,
      data: { accept: true, reason: '改派' },
    },
    {
      at: at('2026-11-11T16:00:00Z'),
      action: 'overdue',
      actorUnitId: null,
      data: { completeDueAt: '2026-11-11T16:00:00Z' },
    },
    {
      at: at('2026-11-14T16:00:00Z'),
      action: 'overdue',
      actorUnitId: null,
      data: { completeDueAt: '2026-11-14T16:00:00Z' },
    },
    { at: at('2026-11-15T01:00:00Z'), action: 'complete', actorUnitId: 'u', data: { result: 'x' } },
  ];
  it('lists rejected returns and missed deadlines, in order, with Shanghai times', () => {
    const ev = collectEvidence(events);
    expect(ev.map((e) => e.kind)).toEqual(['rejected-return', 'missed-deadline', 'missed-deadline']);
    expect(ev[1]?.text).toContain('2026-11-12 00:00');
    expect(warrantsProposal(ev, false)).toBe(true);
    const text = draftText({
      ticketCode: 'J1',
      title: '下水井堵塞',
      unitName: '船营区北京路街道',
      evidence: ev,
    });
    expect(text).toContain('属你单位职责');
    expect(text).toContain('第六条');
  });
  it('an accepted return and a single missed deadline alone do not warrant a proposal', () => {
    expect(warrantsProposal(collectEvidence([events[1]!, events[2]!]), false)).toBe(false);
  });
});
