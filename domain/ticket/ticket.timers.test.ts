import { describe, expect, it } from 'vitest';
import { desiredTimers } from './ticket.timers.js';
import { buildCalendar } from '../calendar/working-calendar.js';
import { DEFAULT_POLICY } from '../../shared/policy.js';
import type { TicketState } from './ticket.machine.js';

const cal = buildCalendar([], [2026]);
const base: TicketState = {
  status: 'dispatched',
  urgency: 'urgent',
  leadUnitId: 'u',
  responsiblePerson: null,
  dispatchedAt: new Date('2026-11-10T09:00:00+08:00'),
  acceptedAt: null,
  disposalReportedAt: null,
  verifiedAt: null,
  completedAt: null,
  repliedAt: null,
  archivedAt: null,
  verifyDueAt: null,
  completeDueAt: new Date('2026-11-11T09:00:00+08:00'),
  provisionalCalendar: false,
  promisedAt: null,
  returnedFromStatus: null,
  returnCount: 0,
  revisitAttempts: 0,
  revisitOutcome: null,
};
const iso = (t: { kind: string; dueAt: Date }[]) => t.map((x) => `${x.kind}@${x.dueAt.toISOString()}`);

describe('desiredTimers', () => {
  it('R4.4.1 an urgent ticket warns 2 h before its 24 h deadline and is overdue at the deadline', () => {
    expect(iso(desiredTimers(base, DEFAULT_POLICY, cal))).toEqual([
      `warning@${new Date('2026-11-11T07:00:00+08:00').toISOString()}`,
      `overdue@${new Date('2026-11-11T09:00:00+08:00').toISOString()}`,
    ]);
  });
  it('R4.4.2 a general ticket warns at the start of its last working day', () => {
    const general = {
      ...base,
      urgency: 'general' as const,
      completeDueAt: new Date('2026-11-18T00:00:00+08:00'),
    };
    expect(iso(desiredTimers(general, DEFAULT_POLICY, cal))).toEqual([
      `warning@${new Date('2026-11-17T00:00:00+08:00').toISOString()}`,
      `overdue@${new Date('2026-11-18T00:00:00+08:00').toISOString()}`,
    ]);
  });
  it('R4.4.3 a planned ticket is timed on its promised date; completed and registered tickets need no timers', () => {
    const planned = {
      ...base,
      urgency: 'general' as const,
      status: 'planned' as const,
      completeDueAt: new Date('2026-12-01T18:00:00+08:00'),
    };
    expect(desiredTimers(planned, DEFAULT_POLICY, cal).map((t) => t.dueAt.toISOString())).toContain(
      new Date('2026-12-01T18:00:00+08:00').toISOString(),
    );
    expect(desiredTimers({ ...base, status: 'completed' }, DEFAULT_POLICY, cal)).toEqual([]);
    expect(
      desiredTimers({ ...base, status: 'registered', completeDueAt: null }, DEFAULT_POLICY, cal),
    ).toEqual([]);
  });
});
