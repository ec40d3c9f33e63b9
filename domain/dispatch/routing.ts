/**
 * Routing by responsibility (派单目录, R4.2, R8.3): which rules apply to a ticket, best first, and the
 * top suggestions merged from rules and from what history says. Pure.
 */

export const ANY_CATEGORY = '*';

export interface ResponsibilityRule {
  categoryCode: string;
  districtCode: string | null;
  unitId: string;
  priority: number;
}

/** The category and its ancestors, nearest first. */
export function lineage(code: string, parentOf: ReadonlyMap<string, string | null>): string[] {
  const out: string[] = [];
  for (let c: string | null | undefined = code; c && !out.includes(c); c = parentOf.get(c)) out.push(c);
  return out;
}

/**
 * Rules that apply — category is the ticket's or an ancestor ('*' any), district is the ticket's (null any) —
 * highest priority first; the first is the rule that decides.
 */
export function applicableRules(
  rules: readonly ResponsibilityRule[],
  categoryLineage: readonly string[],
  districtCode: string | null,
): ResponsibilityRule[] {
  return rules
    .filter(
      (r) =>
        (r.categoryCode === ANY_CATEGORY || categoryLineage.includes(r.categoryCode)) &&
        (r.districtCode === null || r.districtCode === districtCode),
    )
    .sort((a, b) => b.priority - a.priority);
}

export interface UnitCandidate {
  unitId: string;
  score: number;
  reasons: string[];
}

/** Adds evidence for a unit; the same unit from several sources keeps its best score and all its reasons. */
export function mergeCandidates(candidates: readonly UnitCandidate[], k = 3): UnitCandidate[] {
  const byUnit = new Map<string, UnitCandidate>();
  for (const c of candidates) {
    const seen = byUnit.get(c.unitId);
    if (!seen) byUnit.set(c.unitId, { ...c, reasons: [...c.reasons] });
    else {
      seen.score = Math.max(seen.score, c.score);
      for (const r of c.reasons) if (!seen.reasons.includes(r)) seen.reasons.push(r);
    }
  }
  return [...byUnit.values()]
    .sort((a, b) => b.score - a.score || a.unitId.localeCompare(b.unitId))
    .slice(0, k);
}
