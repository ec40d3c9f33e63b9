/**
 * R7.2 ranking within peer groups. Units without a peer group are not ranked (subordinate units count through
 * their superior, see month-figures.ts); a unit without a composite score (no rate had a denominator) is not
 * ranked either.
 *
 * Order: higher composite score (as published, two decimals); on a tie, higher satisfaction rate (the
 * citizens' own verdict, R4.6), then higher volume received (more work done at that score), then unit code —
 * so every rank is unique and anyone can re-derive it.
 */
import type { TieBreak } from '../../shared/schemas/assessment.js';

export interface RankCandidate {
  unitId: string;
  code: string;
  peerGroup: string | null;
  composite: number | null;
  /** Weighted satisfaction rate; null (no revisit reached) sorts below any rate. */
  satisfaction: number | null;
  volume: number;
}

export interface Placing {
  rank: number | null;
  /** Ranked units in the peer group. */
  groupSize: number;
  /** Among the three lowest ranks of a group of at least MIN_GROUP_FOR_BOTTOM ranked units (R7.3). */
  bottomThree: boolean;
  /** The rule that put this unit below the one ranked just above it with the same score. */
  tieBreak: TieBreak | null;
}

export const BOTTOM_COUNT = 3;
/** In a group of three or fewer, "the bottom three" would be everyone: nobody is singled out. */
export const MIN_GROUP_FOR_BOTTOM = BOTTOM_COUNT + 1;

const desc = (a: number | null, b: number | null): number => (b ?? -Infinity) - (a ?? -Infinity);

/** Negative when `a` ranks above `b`. */
export function compareForRank(a: RankCandidate, b: RankCandidate): number {
  return (
    desc(a.composite, b.composite) ||
    desc(a.satisfaction, b.satisfaction) ||
    b.volume - a.volume ||
    (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)
  );
}

function tieBreakBetween(above: RankCandidate, below: RankCandidate): TieBreak | null {
  if (above.composite !== below.composite) return null;
  if (above.satisfaction !== below.satisfaction) return 'satisfaction';
  if (above.volume !== below.volume) return 'volume';
  return 'code';
}

export function rankWithinGroups(candidates: readonly RankCandidate[]): Map<string, Placing> {
  const out = new Map<string, Placing>();
  const groups = new Map<string, RankCandidate[]>();
  for (const c of candidates) {
    if (c.peerGroup === null || c.composite === null) continue;
    const list = groups.get(c.peerGroup) ?? [];
    list.push(c);
    groups.set(c.peerGroup, list);
  }
  for (const list of groups.values()) {
    list.sort(compareForRank);
    const n = list.length;
    list.forEach((c, i) => {
      const above = i > 0 ? list[i - 1] : undefined;
      out.set(c.unitId, {
        rank: i + 1,
        groupSize: n,
        bottomThree: n >= MIN_GROUP_FOR_BOTTOM && i >= n - BOTTOM_COUNT,
        tieBreak: above ? tieBreakBetween(above, c) : null,
      });
    });
  }
  for (const c of candidates) {
    if (out.has(c.unitId)) continue;
    const size = c.peerGroup === null ? 0 : (groups.get(c.peerGroup)?.length ?? 0);
    out.set(c.unitId, { rank: null, groupSize: size, bottomThree: false, tieBreak: null });
  }
  return out;
}
