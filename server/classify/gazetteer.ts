/**
 * The gazetteer for place extraction (R4.2), built from the directory: districts and zones, streets and
 * townships (with their short forms), and the extra names in place-names.ts (communities, 小区, roads and
 * landmarks an administrator adds).
 */
import {
  aliasesOf,
  buildGazetteer,
  type Gazetteer,
  type GazetteerEntry,
} from '../../domain/dispatch/place.js';
import { DISTRICTS } from '../reference/data/districts.js';
import { UNITS } from '../reference/data/units.js';
import { EXTRA_PLACE_NAMES } from './place-names.js';

/** Zones are written by their short names (高新区, 经开区) more than by their full ones. */
const ZONE_ALIASES: Record<string, string[]> = {
  JLHT: ['高新区', '高新开发区'],
  JLJK: ['经开区', '经济开发区', '经济技术开发区'],
  JLSF: ['中新食品区', '食品区'],
  JLBDH: ['北大湖'],
};

export function directoryGazetteer(extra: readonly GazetteerEntry[] = EXTRA_PLACE_NAMES): Gazetteer {
  const entries: GazetteerEntry[] = [];
  for (const d of DISTRICTS) {
    for (const name of [...aliasesOf(d.nameZh), ...(ZONE_ALIASES[d.code] ?? [])])
      entries.push({ name, kind: 'district', districtCode: d.code });
  }
  for (const u of UNITS) {
    if (u.type !== 'street' && u.type !== 'township') continue;
    const districtCode = u.territory[0];
    if (!districtCode) continue;
    for (const name of aliasesOf(u.nameZh))
      entries.push({ name, kind: 'street', districtCode, streetUnitCode: u.code });
  }
  return buildGazetteer([...entries, ...extra]);
}
