/**
 * The dispatch engine (R4.2, R4.2.1, R8.3): who handles a request, from what it is about (the categories read
 * from the text, or the one the operator chose), where it happened (the place found), the 派单目录 (category ×
 * district → unit) and what the city has done (dispatches completed by a unit count for it, returns upheld
 * against it count against it). Answers the top units, each with reasons a person understands. Pure: every
 * table is passed in, so it works on the first day from the catalogue and the gazetteer alone.
 *
 * - The catalogue decides (R4.2): the highest-priority rule for the category in the district; an urgent kind
 *   goes to the concrete unit that repairs it (R4.2.1) because the catalogue says so.
 * - A unit that does not answer for the district (its 属地) is not offered there.
 * - 属地 matters (R8.3): where the rule sends the matter to a district government "to pass to the street" or
 *   is the territory's fallback (兜底), and the text names a street or township of that district, the street
 *   comes first and the government second.
 * - The superior of a concrete handling unit (a company's branch, a department's subunit) is offered after it.
 */
import { ANY_CATEGORY, applicableRules, lineage, type ResponsibilityRule } from './routing.js';

export interface EngineRule extends ResponsibilityRule {
  note?: string | null;
}

export interface EngineUnit {
  id: string;
  code: string;
  nameZh: string;
  type: string;
  superiorId: string | null;
  territory: readonly string[];
  active: boolean;
}

export interface CategoryEvidence {
  code: string;
  /** Relative strength, the best one 1. */
  weight: number;
  /** Why this category: '已选分类', the words found ('停水'), or '相似诉求'. */
  because: string;
}

/** What history says of a unit for a kind of matter (second-level category), over the window. */
export interface UnitHistory {
  completed: number;
  upheldReturns: number;
}

export interface EngineInput {
  categories: readonly CategoryEvidence[];
  districtCode: string | null;
  districtName: string | null;
  /** The street or township the text names in that district (属地), and the words. */
  street: { unitId: string; words: string } | null;
  rules: readonly EngineRule[];
  parentOf: ReadonlyMap<string, string | null>;
  categoryName: (code: string) => string;
  /** The second-level category of a code, the key history is kept under. */
  historyKey: (code: string) => string | undefined;
  units: ReadonlyMap<string, EngineUnit>;
  /** `${unitId}|${historyKey}` → history. */
  history: ReadonlyMap<string, UnitHistory>;
  historyDays: number;
}

export interface UnitSuggestion {
  unitId: string;
  score: number;
  reasons: string[];
  /** The category the catalogue routed on, when it was the catalogue. */
  categoryCode: string | null;
}

const LOCAL_NOTE = /属地|街道/;
const HANDLING_TYPES_WITH_SUPERIOR = new Set(['department_subunit', 'enterprise', 'district_department']);

function serves(unit: EngineUnit | undefined, districtCode: string | null): boolean {
  if (!unit || !unit.active) return false;
  return districtCode === null || unit.territory.length === 0 || unit.territory.includes(districtCode);
}

/** Top `k` units with reasons, best first. */
export function routeRequest(input: EngineInput, k = 3): UnitSuggestion[] {
  const byUnit = new Map<string, UnitSuggestion>();
  const add = (unitId: string, score: number, reason: string, categoryCode: string | null) => {
    const seen = byUnit.get(unitId);
    if (!seen) byUnit.set(unitId, { unitId, score, reasons: [reason], categoryCode });
    else {
      if (score > seen.score) {
        seen.score = score;
        seen.categoryCode = categoryCode ?? seen.categoryCode;
      } else seen.score += score * 0.1;
      if (!seen.reasons.includes(reason)) seen.reasons.push(reason);
    }
  };
  const name = (id: string) => input.units.get(id)?.nameZh ?? id;
  const where = input.districtName ? ` + ${input.districtName}` : '';

  for (const c of input.categories) {
    const applied = applicableRules(input.rules, lineage(c.code, input.parentOf), input.districtCode).filter(
      (r) => serves(input.units.get(r.unitId), input.districtCode),
    ) as EngineRule[];
    const [best, next] = applied;
    if (!best) continue;
    const catName = input.categoryName(c.code);
    const local = best.categoryCode === ANY_CATEGORY || LOCAL_NOTE.test(best.note ?? '');
    const street = input.street;
    if (local && street && serves(input.units.get(street.unitId), input.districtCode)) {
      // 属地 (R8.3): the street or township named in the text handles it; its government stands behind.
      add(
        street.unitId,
        c.weight * 1.02,
        `${c.because}${where} → 属地街道（乡镇）：文中提到「${street.words}」（派单目录：「${catName}」属地管理，R8.3）`,
        c.code,
      );
      add(best.unitId, c.weight * 0.6, `${name(best.unitId)}统筹属地事项（派单目录）`, c.code);
    } else {
      const why =
        best.categoryCode === ANY_CATEGORY
          ? `${c.because}${where} → ${name(best.unitId)}（属地兜底，派单目录未另行指定，R8.3）`
          : `${c.because}${where} → ${name(best.unitId)}（派单目录：「${catName}」${best.note ? `，${best.note}` : ''}）`;
      add(best.unitId, c.weight, why, c.code);
    }
    // The superior of a concrete handling unit (a company branch, a department's subunit, R4.2.1).
    const unit = input.units.get(best.unitId);
    if (unit?.superiorId && HANDLING_TYPES_WITH_SUPERIOR.has(unit.type)) {
      const sup = input.units.get(unit.superiorId);
      if (sup && serves(sup, input.districtCode) && sup.type !== 'city_government')
        add(sup.id, c.weight * 0.45, `${name(best.unitId)}的上级单位，可转派（R4.2.1）`, c.code);
    }
    if (next && next.unitId !== best.unitId)
      add(
        next.unitId,
        c.weight * 0.35,
        next.categoryCode === ANY_CATEGORY
          ? `属地兜底：${name(next.unitId)}（R8.3）`
          : `派单目录：「${input.categoryName(next.categoryCode)}」的上级规则`,
        c.code,
      );
  }

  // What the city has done: completed dispatches count for a unit, upheld returns against it.
  for (const s of byUnit.values()) {
    const key = s.categoryCode ? input.historyKey(s.categoryCode) : undefined;
    const h = key ? input.history.get(`${s.unitId}|${key}`) : undefined;
    if (!h || !key) continue;
    if (h.completed > 0) {
      s.score *= 1 + 0.08 * Math.log1p(h.completed);
      s.reasons.push(`近 ${input.historyDays} 天同类诉求 ${h.completed} 次由该单位办结`);
    }
    if (h.upheldReturns > 0) {
      s.score /= 1 + 0.5 * h.upheldReturns;
      s.reasons.push(`近 ${input.historyDays} 天同类诉求 ${h.upheldReturns} 次退单经审定改派`);
    }
  }

  return [...byUnit.values()]
    .sort((a, b) => b.score - a.score || a.unitId.localeCompare(b.unitId))
    .slice(0, k);
}

/**
 * A confidence that means what it says: the share of past first suggestions the operators took, for requests
 * the engine read the same way (Laplace-smoothed); null until `minimum` such decisions exist, when no figure
 * would mean anything.
 */
export function calibratedConfidence(taken: number, decided: number, minimum = 20): number | null {
  if (decided < minimum) return null;
  return Math.round(((taken + 1) / (decided + 2)) * 100) / 100;
}
