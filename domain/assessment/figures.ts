/**
 * R7.1 figures: counters, rates with urgent tickets weighted, and the composite score.
 *
 * composite = 100 × (w.feedback × feedback rate + w.satisfaction × satisfaction rate + w.onTime × on-time rate),
 * each rate counting an urgent ticket `urgentWeight` times (policy default 2). A rate whose denominator is
 * empty (no ticket to judge) is left out and the others are re-weighted over the weights present, so a unit is
 * neither rewarded nor punished for what did not happen; with no rate at all there is no score and no rank.
 */
import { FIGURES, type Counters, type Rates } from '../../shared/schemas/assessment.js';

export interface SplitCounters {
  general: Counters;
  urgent: Counters;
}

export interface ScoreWeights {
  feedback: number;
  satisfaction: number;
  onTime: number;
}

export interface ScoringPolicy {
  weights: ScoreWeights;
  urgentWeight: number;
}

export function emptyCounters(): Counters {
  return Object.fromEntries(FIGURES.map((k) => [k, 0])) as Counters;
}

export function emptySplit(): SplitCounters {
  return { general: emptyCounters(), urgent: emptyCounters() };
}

export function addCounters(into: Counters, from: Partial<Counters>): Counters {
  for (const k of FIGURES) into[k] += from[k] ?? 0;
  return into;
}

export function addSplit(into: SplitCounters, from: SplitCounters): SplitCounters {
  addCounters(into.general, from.general);
  addCounters(into.urgent, from.urgent);
  return into;
}

/** The (numerator, denominator) of each rate. */
const RATE_PARTS: Record<keyof Rates, [keyof Counters, keyof Counters]> = {
  feedback: ['feedbackOnTime', 'feedbackDue'],
  satisfaction: ['revisitsSatisfied', 'revisitsReached'],
  onTime: ['completedOnTime', 'completed'],
};

function rate(num: number, den: number): number | null {
  return den > 0 ? num / den : null;
}

/** Rates with each urgent ticket counted `urgentWeight` times (R7.1). */
export function weightedRates(c: SplitCounters, urgentWeight: number): Rates {
  const out = {} as Rates;
  for (const key of Object.keys(RATE_PARTS) as (keyof Rates)[]) {
    const [n, d] = RATE_PARTS[key];
    out[key] = rate(c.general[n] + urgentWeight * c.urgent[n], c.general[d] + urgentWeight * c.urgent[d]);
  }
  return out;
}

/** Rates of one urgency class alone (urgent tickets are shown separately, R7.1). */
export function plainRates(c: Counters): Rates {
  const out = {} as Rates;
  for (const key of Object.keys(RATE_PARTS) as (keyof Rates)[]) {
    const [n, d] = RATE_PARTS[key];
    out[key] = rate(c[n], c[d]);
  }
  return out;
}

/** Two decimals, as published; ranks compare the published value, so equal-looking scores are ties. */
export function round2(x: number): number {
  return Math.round((x + Number.EPSILON) * 100) / 100;
}

/** The composite score 0..100, re-weighted over the rates that exist; null when none does. */
export function compositeScore(rates: Rates, weights: ScoreWeights): number | null {
  let sum = 0;
  let weight = 0;
  for (const key of Object.keys(RATE_PARTS) as (keyof Rates)[]) {
    const r = rates[key];
    if (r === null) continue;
    sum += weights[key] * r;
    weight += weights[key];
  }
  return weight > 0 ? round2((100 * sum) / weight) : null;
}
