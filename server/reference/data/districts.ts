/**
 * 县（市）区与开发区 — the territories of Jilin City (吉林市, 2202). The nine county-level divisions carry their
 * GB/T 2260 codes; the development zones have no such code, so they carry ours (JL + initials).
 */
import type { DistrictSeed } from './types.js';

/** 市辖区 — the four urban districts. */
export const URBAN_DISTRICT_CODES = ['220202', '220203', '220204', '220211'] as const;
/** 县 and 县级市 — one county and four county-level cities, each with its own departments and utilities. */
export const COUNTY_CODES = ['220221', '220281', '220282', '220283', '220284'] as const;
/** 开发区 — administered by a committee (管委会) that answers like a district government (R4.2.2, R7.2). */
export const ZONE_CODES = ['JLHT', 'JLJK', 'JLSF', 'JLBDH'] as const;

/** 市区: the urban districts and the zones, where the city's own agencies and utility companies operate. */
export const CITY_PROPER_CODES: readonly string[] = [...URBAN_DISTRICT_CODES, ...ZONE_CODES];

export const DISTRICTS: readonly DistrictSeed[] = [
  { code: '220202', nameZh: '昌邑区', nameEn: 'Changyi District' },
  { code: '220203', nameZh: '龙潭区', nameEn: 'Longtan District' },
  { code: '220204', nameZh: '船营区', nameEn: 'Chuanying District' },
  { code: '220211', nameZh: '丰满区', nameEn: 'Fengman District' },
  { code: '220221', nameZh: '永吉县', nameEn: 'Yongji County' },
  { code: '220281', nameZh: '蛟河市', nameEn: 'Jiaohe City' },
  { code: '220282', nameZh: '桦甸市', nameEn: 'Huadian City' },
  { code: '220283', nameZh: '舒兰市', nameEn: 'Shulan City' },
  { code: '220284', nameZh: '磐石市', nameEn: 'Panshi City' },
  { code: 'JLHT', nameZh: '吉林高新技术产业开发区', nameEn: 'Jilin High-tech Industrial Development Zone' },
  { code: 'JLJK', nameZh: '吉林经济技术开发区', nameEn: 'Jilin Economic and Technological Development Zone' },
  { code: 'JLSF', nameZh: '吉林中国新加坡食品区', nameEn: 'Sino-Singapore Jilin Food Zone' },
  {
    code: 'JLBDH',
    nameZh: '吉林北大湖体育旅游经济开发区',
    nameEn: 'Beidahu Sports Tourism Economic Development Zone',
  },
];

/** Every territory code: city-wide units (city departments, enterprises) answer for all of them. */
export const ALL_DISTRICT_CODES: readonly string[] = DISTRICTS.map((d) => d.code);
