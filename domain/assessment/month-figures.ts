/**
 * A month's (or a year's) figures for every assessed unit, scored and ranked (R7.1, R7.2).
 *
 * Assessed units are the units with a peer group. A unit without one (a department's subordinate unit, a
 * district department, a company branch) answers through its nearest superior that has one — "ranked through
 * their superior" (server/reference/data/units.ts) — so its tickets are added to that superior's counters and
 * listed in `includesUnits`. Units with no such superior (the city government and its offices) are not
 * handling units and are left out.
 */
import type { MonthFigures, Summary, UnitFigures } from '../../shared/schemas/assessment.js';
import { PEER_GROUP_ZH } from '../../shared/schemas/assessment.js';
import {
  addSplit,
  compositeScore,
  emptySplit,
  plainRates,
  weightedRates,
  type ScoringPolicy,
  type SplitCounters,
} from './figures.js';
import { rankWithinGroups } from './ranking.js';

export interface UnitInfo {
  id: string;
  code: string;
  nameZh: string;
  type: string;
  peerGroup: string | null;
  superiorId: string | null;
  active: boolean;
}

/** For every unit, the unit it is assessed as (itself, or its nearest superior with a peer group), or null. */
export function assessedUnitMap(units: readonly UnitInfo[]): Map<string, string | null> {
  const byId = new Map(units.map((u) => [u.id, u]));
  const out = new Map<string, string | null>();
  for (const u of units) {
    let cur: UnitInfo | undefined = u;
    let hops = 0;
    while (cur && cur.peerGroup === null && hops++ < 50) {
      cur = cur.superiorId ? byId.get(cur.superiorId) : undefined;
    }
    out.set(u.id, cur && cur.peerGroup !== null ? cur.id : null);
  }
  return out;
}

/** The units whose tickets count for an assessed unit: itself and its subordinates without a peer group. */
export function foldedUnitIds(units: readonly UnitInfo[], assessedId: string): string[] {
  const map = assessedUnitMap(units);
  return units.filter((u) => map.get(u.id) === assessedId).map((u) => u.id);
}

/** One assessed unit with its (already folded) counters. */
export interface FoldedEntry {
  unit: Pick<UnitInfo, 'id' | 'code' | 'nameZh' | 'type' | 'peerGroup'>;
  includes: { unitId: string; code: string; name: string }[];
  counters: SplitCounters;
}

/** Folds per-unit counters into assessed units. Active assessed units appear even with no tickets. */
export function foldCounters(
  units: readonly UnitInfo[],
  counters: ReadonlyMap<string, SplitCounters>,
): FoldedEntry[] {
  const map = assessedUnitMap(units);
  const entries = new Map<string, FoldedEntry>();
  const entryFor = (id: string): FoldedEntry | undefined => {
    let e = entries.get(id);
    if (!e) {
      const u = units.find((x) => x.id === id);
      if (!u) return undefined;
      e = { unit: u, includes: [], counters: emptySplit() };
      entries.set(id, e);
    }
    return e;
  };
  for (const u of units) if (u.peerGroup !== null && u.active) entryFor(u.id);
  for (const u of units) {
    const target = map.get(u.id);
    if (!target) continue;
    const c = counters.get(u.id);
    if (target !== u.id && (c || u.active)) {
      entryFor(target)?.includes.push({ unitId: u.id, code: u.code, name: u.nameZh });
    }
    if (c) {
      const e = entryFor(target);
      if (e) addSplit(e.counters, c);
    }
  }
  return [...entries.values()];
}

const volumeOf = (c: SplitCounters) => c.general.received + c.urgent.received;

/** Scores and ranks folded entries (monthly or annual alike). */
export function scoreAndRank(entries: readonly FoldedEntry[], policy: ScoringPolicy): MonthFigures {
  const scored = entries.map((e) => {
    const rates = weightedRates(e.counters, policy.urgentWeight);
    return { e, rates, composite: compositeScore(rates, policy.weights) };
  });
  const placings = rankWithinGroups(
    scored.map((s) => ({
      unitId: s.e.unit.id,
      code: s.e.unit.code,
      peerGroup: s.e.unit.peerGroup,
      composite: s.composite,
      satisfaction: s.rates.satisfaction,
      volume: volumeOf(s.e.counters),
    })),
  );
  const units: UnitFigures[] = scored.map(({ e, rates, composite }) => {
    const p = placings.get(e.unit.id) ?? { rank: null, groupSize: 0, bottomThree: false, tieBreak: null };
    return {
      unitId: e.unit.id,
      code: e.unit.code,
      name: e.unit.nameZh,
      type: e.unit.type,
      peerGroup: e.unit.peerGroup,
      includesUnits: [...e.includes].sort((a, b) => a.code.localeCompare(b.code)),
      general: e.counters.general,
      urgent: e.counters.urgent,
      volume: volumeOf(e.counters),
      urgentVolume: e.counters.urgent.received,
      rates,
      urgentRates: plainRates(e.counters.urgent),
      composite,
      ...p,
    };
  });
  units.sort(unitOrder);
  return {
    weights: { ...policy.weights },
    urgentWeight: policy.urgentWeight,
    summary: summarise(entries, units, policy),
    units,
  };
}

/** Per-unit counters → figures of every assessed unit, scored and ranked. */
export function buildFigures(
  units: readonly UnitInfo[],
  counters: ReadonlyMap<string, SplitCounters>,
  policy: ScoringPolicy,
): MonthFigures {
  return scoreAndRank(foldCounters(units, counters), policy);
}

const GROUP_ORDER = Object.keys(PEER_GROUP_ZH);

/** Bulletin order: peer group, then rank (unranked last), then code. */
export function unitOrder(a: UnitFigures, b: UnitFigures): number {
  const g = (x: UnitFigures) => (x.peerGroup === null ? 99 : GROUP_ORDER.indexOf(x.peerGroup) + 1 || 98);
  return (
    g(a) - g(b) ||
    (a.rank ?? Infinity) - (b.rank ?? Infinity) ||
    (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)
  );
}

function summarise(
  entries: readonly FoldedEntry[],
  units: readonly UnitFigures[],
  policy: ScoringPolicy,
): Summary {
  const total = emptySplit();
  for (const e of entries) addSplit(total, e.counters);
  const rates = weightedRates(total, policy.urgentWeight);
  return {
    assessedUnits: units.length,
    rankedUnits: units.filter((u) => u.rank !== null).length,
    general: total.general,
    urgent: total.urgent,
    volume: volumeOf(total),
    urgentVolume: total.urgent.received,
    rates,
    urgentRates: plainRates(total.urgent),
    composite: compositeScore(rates, policy.weights),
  };
}
