/**
 * Where it happened (R4.2): the place named in a request — district/county, development zone, street or
 * township, and names an administrator adds (community, 小区, road, landmark) — from a gazetteer built from
 * the directory. Pure: the gazetteer is passed in.
 *
 * When a text names two places, the one the caller only lives in ("我住在昌邑区，在船营区…看到…") is not
 * where it happened: a place right after a residence cue (住在, 家住, 我家在, 户籍) ranks below one after an
 * event cue (在, 位于, 路过) or with no cue.
 */

export type PlaceKind = 'district' | 'street' | 'community' | 'road' | 'landmark';

export interface GazetteerEntry {
  /** The name as written in a request (full name or alias). */
  name: string;
  kind: PlaceKind;
  districtCode: string;
  /** The street/township unit the place belongs to, when known (属地). */
  streetUnitCode?: string;
}

export interface PlaceMatch extends GazetteerEntry {
  start: number;
  end: number;
  /** True when the caller names it as where they live, not where it happened. */
  residence: boolean;
}

export interface PlaceFound {
  districtCode: string | null;
  streetUnitCode: string | null;
  /** Address words for the registration form, from the matched names in text order. */
  address: string;
  /** Every name found, in text order, for highlighting. */
  matches: PlaceMatch[];
  /** A district named only as the caller's home, when the event happened elsewhere. */
  residenceDistrictCode: string | null;
}

const RESIDENCE_CUES = ['我住在', '住在', '家住', '我家在', '户籍在', '户口在', '居住在', '住址是'];
/** Household registration: never where a matter happened when another place is named. */
const REGISTRATION_CUES = ['户籍在', '户口在', '户籍是', '户口是'];
const EVENT_CUES = ['在', '位于', '路过', '途经', '经过', '到'];
/** Suffixes a district name is written without (船营区 → 船营). Zones keep their full name. */
const DISTRICT_SUFFIXES = ['满族镇', '街道', '区', '县', '市', '镇', '乡'];

/** Short forms a person writes: 船营区 → 船营, 北京路街道 → 北京路, 乌拉街满族镇 → 乌拉街. Two characters kept at least. */
export function aliasesOf(name: string): string[] {
  const out = [name];
  for (const suffix of DISTRICT_SUFFIXES) {
    if (name.endsWith(suffix) && name.length - suffix.length >= 2) {
      out.push(name.slice(0, -suffix.length));
      break;
    }
  }
  return out;
}

export interface Gazetteer {
  entries: readonly GazetteerEntry[];
}

/** Longest names first, so 北京路街道 wins over 北京路 and 船营区 over 船营. */
export function buildGazetteer(entries: readonly GazetteerEntry[]): Gazetteer {
  const seen = new Set<string>();
  const out: GazetteerEntry[] = [];
  for (const e of entries) {
    const key = `${e.name}|${e.kind}|${e.districtCode}`;
    if (e.name.length < 2 || seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  out.sort((a, b) => b.name.length - a.name.length);
  return { entries: out };
}

function cueBefore(text: string, start: number, cues: readonly string[], window = 6): boolean {
  const before = text.slice(Math.max(0, start - window), start);
  // Only the nearest clause counts: a comma or full stop ends a cue.
  const clause = before.split(/[，,。；;！!？?\s]/).pop() ?? '';
  return cues.some((c) => clause.includes(c));
}

/** Every gazetteer name in the text, non-overlapping, longest first, in text order. */
export function matchPlaces(text: string, gazetteer: Gazetteer): PlaceMatch[] {
  const taken: boolean[] = new Array<boolean>(text.length).fill(false);
  const out: PlaceMatch[] = [];
  for (const entry of gazetteer.entries) {
    for (let from = 0; ;) {
      const start = text.indexOf(entry.name, from);
      if (start < 0) break;
      const end = start + entry.name.length;
      from = start + 1;
      let free = true;
      for (let i = start; i < end; i++) if (taken[i]) free = false;
      if (!free) continue;
      for (let i = start; i < end; i++) taken[i] = true;
      const residence =
        cueBefore(text, start, RESIDENCE_CUES) &&
        !cueBefore(
          text,
          start,
          EVENT_CUES.filter((c) => c !== '在'),
          3,
        );
      out.push({ ...entry, start, end, residence });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * The place of the event: the most specific name not marked as residence decides the district (a street
 * implies its district); if every name is a residence, the residence stands (better than nothing) unless
 * nothing else is known. A street whose district contradicts an explicit district in the same clause set
 * loses to the district the text names more specifically (the street).
 */
export function locate(text: string, gazetteer: Gazetteer): PlaceFound {
  const matches = matchPlaces(text, gazetteer);
  const event = matches.filter((m) => !m.residence);
  // Where the caller lives now says more than where their household is registered (户籍): 户籍 places go
  // last when nothing but residences is named.
  const homes = matches.filter((m) => !cueBefore(text, m.start, REGISTRATION_CUES));
  const pool = event.length > 0 ? event : homes.length > 0 ? homes : matches;
  const rank: Record<PlaceKind, number> = { community: 4, road: 3, landmark: 3, street: 2, district: 1 };
  let best: PlaceMatch | undefined;
  for (const m of pool) if (!best || rank[m.kind] > rank[best.kind]) best = m;
  const districtCode = best?.districtCode ?? null;
  const streetUnitCode =
    pool.find((m) => m.streetUnitCode && m.districtCode === districtCode)?.streetUnitCode ?? null;
  const residenceDistrict = matches.find((m) => m.residence)?.districtCode ?? null;
  const address = pool
    .filter((m) => m.districtCode === districtCode)
    .map((m) => m.name)
    .filter((n, i, all) => all.indexOf(n) === i)
    .join('');
  return {
    districtCode,
    streetUnitCode,
    address,
    matches,
    residenceDistrictCode: residenceDistrict !== districtCode ? residenceDistrict : null,
  };
}
