/**
 * Names an administrator adds to the gazetteer (R4.2): communities, 小区, roads and landmarks, each with its
 * district and, where known, its street. Holds no invented addresses: the directory's own unit names are
 * derived automatically (see gazetteer.ts); below are a few real public landmarks.
 */
import type { GazetteerEntry } from '../../domain/dispatch/place.js';

export const EXTRA_PLACE_NAMES: readonly GazetteerEntry[] = [
  // Well-known public landmarks (real places; their district is public knowledge), as an administrator would
  // add them. Addresses of homes and 小区 are left to the administrator.
  { name: '北山公园', kind: 'landmark', districtCode: '220204' },
  { name: '吉林站', kind: 'landmark', districtCode: '220202' },
  { name: '吉林火车站', kind: 'landmark', districtCode: '220202' },
  { name: '东市场', kind: 'landmark', districtCode: '220202' },
  { name: '江南公园', kind: 'landmark', districtCode: '220211' },
  { name: '松花湖', kind: 'landmark', districtCode: '220211' },
  { name: '龙潭山', kind: 'landmark', districtCode: '220203' },
  { name: '雾凇岛', kind: 'landmark', districtCode: '220203', streetUnitCode: 'S220203-WLJ' },
];
