/**
 * R7.4 annual evaluation. The yearly composite is recomputed over the year's counters — the sums, per unit, of
 * the latest published revision of each month — rather than averaged from monthly scores: every ticket then
 * weighs the same whichever month it fell in, and a quiet month does not count as much as a busy one.
 * Units are ranked within their peer groups as in a month.
 */
import type { AnnualView, MonthFigures } from '../../shared/schemas/assessment.js';
import { addSplit, emptySplit, type ScoringPolicy } from './figures.js';
import { scoreAndRank, type FoldedEntry } from './month-figures.js';
import type { PublishedMonth } from './talks.js';

/** R7.4: results feed the performance assessment of these governments and departments … */
export const PERFORMANCE_TYPES: readonly string[] = ['district', 'development_zone', 'city_department'];
/** … and are sent to the superiors of provincial/central departments and enterprises. */
export const SUPERIOR_REPORT_TYPES: readonly string[] = ['provincial_department', 'enterprise'];

export type AnnualFigures = Pick<AnnualView, 'units' | 'performanceAssessment' | 'sendToSuperiors'> &
  Pick<MonthFigures, 'weights' | 'urgentWeight' | 'summary'>;

export function annualFigures(published: readonly PublishedMonth[], policy: ScoringPolicy): AnnualFigures {
  const entries = new Map<string, FoldedEntry & { months: string[] }>();
  const ordered = [...published].sort((a, b) => a.month.localeCompare(b.month));
  for (const p of ordered) {
    for (const u of p.figures.units) {
      let e = entries.get(u.unitId);
      if (!e) {
        e = {
          unit: { id: u.unitId, code: u.code, nameZh: u.name, type: u.type, peerGroup: u.peerGroup },
          includes: [],
          counters: emptySplit(),
          months: [],
        };
        entries.set(u.unitId, e);
      }
      // The latest month's name, type and group stand for the year.
      e.unit = { id: u.unitId, code: u.code, nameZh: u.name, type: u.type, peerGroup: u.peerGroup };
      for (const inc of u.includesUnits)
        if (!e.includes.some((x) => x.unitId === inc.unitId)) e.includes.push(inc);
      addSplit(e.counters, { general: u.general, urgent: u.urgent });
      if (u.volume > 0 || u.composite !== null) e.months.push(p.month);
    }
  }
  const figures = scoreAndRank([...entries.values()], policy);
  const units = figures.units.map((u) => ({ ...u, months: entries.get(u.unitId)?.months ?? [] }));
  const ref = (u: (typeof units)[number]) => ({
    unitId: u.unitId,
    code: u.code,
    name: u.name,
    composite: u.composite,
    rank: u.rank,
  });
  return {
    weights: figures.weights,
    urgentWeight: figures.urgentWeight,
    summary: figures.summary,
    units,
    performanceAssessment: units.filter((u) => PERFORMANCE_TYPES.includes(u.type)).map(ref),
    sendToSuperiors: units
      .filter((u) => SUPERIOR_REPORT_TYPES.includes(u.type))
      .map((u) => ({ ...ref(u), type: u.type })),
  };
}
