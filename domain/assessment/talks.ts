/**
 * R7.3 formal talks (约谈): a unit in its peer group's bottom three in each of three consecutive published
 * months is listed, with the three months' figures. Only published revisions count — a draft is not a
 * ranking anyone was told about.
 */
import type { MonthFigures, TalkEntry } from '../../shared/schemas/assessment.js';
import { addMonths, type Month } from './month.js';

export const TALK_MONTHS = 3;

export interface PublishedMonth {
  month: Month;
  revision: number;
  figures: MonthFigures;
}

/** The months R7.3 looks at for a month, oldest first. */
export function talkWindow(month: Month): Month[] {
  return Array.from({ length: TALK_MONTHS }, (_, i) => addMonths(month, i - (TALK_MONTHS - 1)));
}

/**
 * Units listed for a talk in `month`, given the published revision of each month of its window (oldest first).
 * A month missing from `published` lists nobody.
 */
export function listTalks(month: Month, published: readonly PublishedMonth[]): TalkEntry[] {
  const window = talkWindow(month);
  const byMonth = new Map(published.map((p) => [p.month, p]));
  const months = window.map((m) => byMonth.get(m));
  if (months.some((m) => m === undefined)) return [];
  const last = months[months.length - 1] as PublishedMonth;
  const out: TalkEntry[] = [];
  for (const unit of last.figures.units) {
    if (!unit.bottomThree || unit.peerGroup === null) continue;
    const history = (months as PublishedMonth[]).map((m) => ({
      m,
      u: m.figures.units.find((x) => x.unitId === unit.unitId),
    }));
    if (!history.every((h) => h.u?.bottomThree && h.u.rank !== null && h.u.composite !== null)) continue;
    out.push({
      unitId: unit.unitId,
      code: unit.code,
      name: unit.name,
      peerGroup: unit.peerGroup,
      months: history.map(({ m, u }) => ({
        month: m.month,
        revision: m.revision,
        rank: u?.rank ?? 0,
        groupSize: u?.groupSize ?? 0,
        composite: u?.composite ?? 0,
        rates: u?.rates ?? { feedback: null, satisfaction: null, onTime: null },
        volume: u?.volume ?? 0,
      })),
    });
  }
  return out;
}
