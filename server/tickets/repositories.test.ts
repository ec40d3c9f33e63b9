/**
 * Repositories for IO (STYLE.md "A use case reads like the story"): SQL on tickets, their events, unit links and
 * timers, supervision cases and coordination cases lives in `*.repository.ts` modules; services, routes, jobs and
 * effects call them. This scans the server's sources, so a new inline query on these tables fails here.
 */
import { describe, expect, it } from 'vitest';
import { serverSourcesMatching } from '../test/sources.js';

/** The drizzle tables (server/db/schema.ts) and their SQL names. */
const TABLES = {
  tickets: 'tickets',
  ticketEvents: 'ticket_events',
  ticketUnits: 'ticket_units',
  ticketTimers: 'ticket_timers',
  supervisionCases: 'supervision_cases',
  coordinationCases: 'coordination_cases',
} as const;

/**
 * Files outside repositories that may still touch these tables, each for a reason:
 * - db/schema.ts declares them.
 * - assessment: the month's figures are counted from the event log by SQL written for it (docs/assessment.md);
 *   `assessment.facts.ts` and the rollup job are that module's queries, kept with their definitions.
 */
const ALLOWED = ['assessment/assessment.facts.ts', 'assessment/rollup.job.ts', 'db/schema.ts'];

/** A value import of one of the tables from db/schema.ts: what drizzle needs to run SQL on it. */
const tableImport = new RegExp(
  String.raw`import\s*\{[^}]*\b(?<!type\s)(${Object.keys(TABLES).join('|')})\b[^}]*\}\s*from\s*'[^']*db/schema\.js'`,
);
/** Raw SQL naming one of the tables (keywords in capitals, as the code writes SQL). */
const rawSql = new RegExp(
  String.raw`\b(FROM|JOIN|INTO|UPDATE|TABLE)\s+(${Object.values(TABLES).join('|')})\b`,
);

const isRepository = (file: string) => file.endsWith('.repository.ts');

describe('repositories hold the SQL on tickets, events, links, timers, supervision and coordination', () => {
  it('when a service, route, job or effect queries one of these tables itself, then it is named here', () => {
    const offenders = [...serverSourcesMatching(tableImport), ...serverSourcesMatching(rawSql)].filter(
      (f) => !isRepository(f) && !ALLOWED.includes(f),
    );
    expect([...new Set(offenders)].sort()).toEqual([]);
  });

  it('when the scan looks for queries, then it finds the ones the repositories hold', () => {
    // The patterns must see real queries, or the check above would pass on anything.
    const viaImport = serverSourcesMatching(tableImport);
    const viaRawSql = serverSourcesMatching(rawSql);
    for (const repo of [
      'tickets/ticket.repository.ts',
      'coordination/coordination.repository.ts',
      'supervision/supervision.repository.ts',
      'timers/timer.repository.ts',
    ])
      expect(viaImport, repo).toContain(repo);
    expect(viaRawSql).toContain('timers/timer.repository.ts');
    expect(viaRawSql).toContain('supervision/supervision.repository.ts');
  });

  it('when a type-only import names a table row, then that is not a query', () => {
    expect(tableImport.test("import type { tickets } from '../db/schema.js';")).toBe(false);
    expect(tableImport.test("import { type TicketRow } from '../db/schema.js';")).toBe(false);
    expect(tableImport.test("import { units, tickets } from '../db/schema.js';")).toBe(true);
    expect(rawSql.test('the first ticket from tickets a unit holds')).toBe(false);
    expect(rawSql.test('SELECT 1 FROM ticket_events e')).toBe(true);
  });
});
