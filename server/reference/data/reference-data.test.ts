import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PEER_GROUPS, UNIT_TYPES, URGENCIES, type UnitType } from '../../../shared/enums.js';
import {
  CATEGORIES,
  GENERAL_KIND_CODES,
  LABEL_TO_CATEGORY,
  TIPDM_ADDITIONS,
  TIPDM_LABELS,
  URGENT_KIND_CODES,
} from './categories.js';
import { CHANNELS } from './channels.js';
import {
  ALL_DISTRICT_CODES,
  COUNTY_CODES,
  DISTRICTS,
  URBAN_DISTRICT_CODES,
  ZONE_CODES,
} from './districts.js';
import { ANY_CATEGORY, RESPONSIBILITY_RULES } from './responsibility-rules.js';
import type { CategorySeed, ResponsibilityRuleSeed, UnitSeed } from './types.js';
import { governmentUnitCode, UNITS } from './units.js';

const TAXONOMY_TSV = fileURLToPath(new URL('../../../data/tipdm-2020-sample/taxonomy.tsv', import.meta.url));

const categoryByCode = new Map(CATEGORIES.map((c) => [c.code, c]));
const unitByCode = new Map(UNITS.map((u) => [u.code, u]));
const districtCodes = new Set(ALL_DISTRICT_CODES);

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  return values.filter((v) => (seen.has(v) ? true : (seen.add(v), false)));
}

/** Walks up a tree; throws on a dangling link or a cycle. */
function ancestors<T>(
  start: T,
  parentOf: (node: T) => T | null | undefined,
  describe: (node: T) => string,
): T[] {
  const chain: T[] = [];
  const seen = new Set<T>([start]);
  for (let node = parentOf(start); node !== null; node = parentOf(node)) {
    if (node === undefined) throw new Error(`dangling parent above ${describe(start)}`);
    if (seen.has(node)) throw new Error(`cycle through ${describe(node)}`);
    seen.add(node);
    chain.push(node);
  }
  return chain;
}

const parentCategory = (c: CategorySeed) => (c.parentCode === null ? null : categoryByCode.get(c.parentCode));
const superiorUnit = (u: UnitSeed) => (u.superiorCode === null ? null : unitByCode.get(u.superiorCode));

/** The path of names from the root, e.g. 城乡建设/城乡规划/违章建筑. */
function pathOf(c: CategorySeed): string {
  return [...ancestors(c, parentCategory, (n) => n.code)]
    .reverse()
    .concat(c)
    .map((n) => n.nameZh)
    .join('/');
}

function subtree(code: string): CategorySeed[] {
  return CATEGORIES.filter(
    (c) => c.code === code || ancestors(c, parentCategory, (n) => n.code).some((a) => a.code === code),
  );
}

/** The catalogue's matching rule, as its header states it: applicable rules, highest priority wins. */
function resolve(categoryCode: string, districtCode: string): ResponsibilityRuleSeed[] {
  const category = categoryByCode.get(categoryCode);
  if (!category) throw new Error(`unknown category ${categoryCode}`);
  const lineage = new Set([
    categoryCode,
    ...ancestors(category, parentCategory, (n) => n.code).map((a) => a.code),
  ]);
  const applicable = RESPONSIBILITY_RULES.filter(
    (r) =>
      (r.categoryCode === ANY_CATEGORY || lineage.has(r.categoryCode)) &&
      (r.districtCode === null || r.districtCode === districtCode),
  );
  const top = Math.max(...applicable.map((r) => r.priority));
  return applicable.filter((r) => r.priority === top);
}

describe('channels (R2.1)', () => {
  it('when the office registers a request, then all ten channels of Art. 2 are offered, in their order', () => {
    expect(CHANNELS.map((c) => c.nameZh)).toEqual([
      '国务院互联网+督查',
      '人民网领导留言板',
      '省长热线96118',
      '省政府省长信箱',
      '12345便民服务热线',
      '市政府网站市长信箱',
      '市政府网站民生诉求窗口',
      '市长信件',
      '市长电话室群众来信',
      '今日网络舆情',
    ]);
    expect(CHANNELS.map((c) => c.sort)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('channel codes are unique lowercase identifiers', () => {
    expect(duplicates(CHANNELS.map((c) => c.code))).toEqual([]);
    for (const c of CHANNELS) expect(c.code).toMatch(/^[a-z][a-z0-9_]*$/);
  });
});

describe('districts', () => {
  it('the nine county-level divisions carry their GB/T 2260 codes, and the zones their own', () => {
    expect(duplicates(DISTRICTS.map((d) => d.code))).toEqual([]);
    const gb = Object.fromEntries(
      DISTRICTS.filter((d) => /^\d{6}$/.test(d.code)).map((d) => [d.nameZh, d.code]),
    );
    expect(gb).toEqual({
      昌邑区: '220202',
      龙潭区: '220203',
      船营区: '220204',
      丰满区: '220211',
      永吉县: '220221',
      蛟河市: '220281',
      桦甸市: '220282',
      舒兰市: '220283',
      磐石市: '220284',
    });
    expect(new Set([...URBAN_DISTRICT_CODES, ...COUNTY_CODES, ...ZONE_CODES])).toEqual(districtCodes);
    expect(DISTRICTS.map((d) => d.nameZh)).toEqual(
      expect.arrayContaining(['吉林高新技术产业开发区', '吉林经济技术开发区']),
    );
  });
});

describe('categories (R3)', () => {
  it('codes are unique, every parent exists, levels follow the tree and there is no cycle', () => {
    expect(duplicates(CATEGORIES.map((c) => c.code))).toEqual([]);
    for (const c of CATEGORIES) {
      const chain = ancestors(c, parentCategory, (n) => n.code);
      expect(chain.length + 1, c.code).toBe(c.level);
      expect(URGENCIES).toContain(c.defaultUrgency);
      if (c.parentCode !== null) expect(c.code.startsWith(c.parentCode), c.code).toBe(true);
    }
  });

  it('siblings have distinct names, so a path names one category', () => {
    expect(duplicates(CATEGORIES.map((c) => `${c.parentCode ?? ''}/${c.nameZh}`))).toEqual([]);
  });

  it('C01–C15 hold the complete TipDM tree: 15, 118 and 517 nodes, plus only the listed additions', () => {
    const tipdm = CATEGORIES.filter((c) => c.code.slice(0, 3) <= 'C15' && !TIPDM_ADDITIONS.includes(c.code));
    const count = (level: number) => tipdm.filter((c) => c.level === level).length;
    expect([count(1), count(2), count(3)]).toEqual([15, 118, 517]);
    for (const code of TIPDM_ADDITIONS) expect(categoryByCode.get(code)?.level).toBe(3);
  });

  it('every one of the 517 rows of taxonomy.tsv is a category, in file order', () => {
    const rows = readFileSync(TAXONOMY_TSV, 'utf8')
      .split('\n')
      .slice(1)
      .filter((line) => line.trim() !== '')
      .map((line) => line.split('\t').join('/'));
    expect(rows).toHaveLength(517);
    const tipdmLeaves = CATEGORIES.filter(
      (c) => c.level === 3 && c.code.slice(0, 3) <= 'C15' && !TIPDM_ADDITIONS.includes(c.code),
    );
    expect(tipdmLeaves.map(pathOf)).toEqual(rows);
  });

  it('every urgent kind of R3.1 exists and is urgent, down to its last child', () => {
    const names = Object.values(URGENT_KIND_CODES).map((code) => categoryByCode.get(code)?.nameZh);
    expect(names).toEqual([
      '突发停水',
      '突发停电',
      '突发停热（停暖）',
      '燃气泄漏',
      '突发环境污染',
      '公共卫生安全',
      '食品安全',
      '公共设施隐患',
      '灾情灾害',
    ]);
    for (const code of Object.values(URGENT_KIND_CODES)) {
      for (const c of subtree(code)) expect(c.defaultUrgency, pathOf(c)).toBe('urgent');
    }
    expect(subtree('C1608').map((c) => c.nameZh)).toEqual(
      expect.arrayContaining(['井盖缺失破损', '路面塌陷']),
    );
  });

  it('every general kind of R3.2 exists and is general', () => {
    expect(Object.values(GENERAL_KIND_CODES).map((code) => categoryByCode.get(code)?.nameZh)).toEqual([
      '房屋漏雨',
      '下水井堵塞',
      '占道经营',
      '违章建筑',
      '噪音扰民',
    ]);
    for (const code of Object.values(GENERAL_KIND_CODES))
      expect(categoryByCode.get(code)?.defaultUrgency).toBe('general');
  });

  it('each TipDM training label maps to the first-level category of that name', () => {
    for (const label of TIPDM_LABELS) {
      const c = categoryByCode.get(LABEL_TO_CATEGORY[label]);
      expect(c?.level).toBe(1);
      expect(c?.nameZh).toBe(label);
    }
  });
});

describe('units (R4.2, R7.2, R8)', () => {
  const ofType = (...types: UnitType[]) => UNITS.filter((u) => types.includes(u.type));

  it('codes are unique, every superior exists, and the tree has one root and no cycle', () => {
    expect(duplicates(UNITS.map((u) => u.code))).toEqual([]);
    for (const u of UNITS) ancestors(u, superiorUnit, (n) => n.code);
    expect(UNITS.filter((u) => u.superiorCode === null).map((u) => u.code)).toEqual(['CITY']);
  });

  it('types, peer groups and territories use known values', () => {
    for (const u of UNITS) {
      expect(UNIT_TYPES, u.code).toContain(u.type);
      if (u.peerGroup !== null) expect(PEER_GROUPS, u.code).toContain(u.peerGroup);
      expect(u.territory.length, u.code).toBeGreaterThan(0);
      for (const d of u.territory) expect(districtCodes.has(d), `${u.code} → ${d}`).toBe(true);
    }
    for (const u of ofType('city_government', 'office', 'supervision_office')) expect(u.peerGroup).toBeNull();
  });

  it('the office and the supervision office sit under the city government', () => {
    expect(ofType('city_government').map((u) => u.code)).toEqual(['CITY']);
    expect(ofType('office').map((u) => u.superiorCode)).toEqual(['CITY']);
    expect(ofType('supervision_office').map((u) => u.superiorCode)).toEqual(['CITY']);
  });

  it('every district and zone has exactly one government unit, ranked with its peers (R7.2)', () => {
    for (const d of DISTRICTS) {
      const govs = ofType('district', 'development_zone').filter((u) => u.territory.includes(d.code));
      expect(
        govs.map((u) => u.code),
        d.nameZh,
      ).toEqual([governmentUnitCode(d.code)]);
      const gov = govs[0]!;
      expect(gov.type).toBe(ZONE_CODES.some((z) => z === d.code) ? 'development_zone' : 'district');
      expect(gov.peerGroup).toBe('district_government');
      expect(gov.superiorCode).toBe('CITY');
      expect(gov.territory).toEqual([d.code]);
    }
  });

  it("every street and township sits under its district's government and answers for that district", () => {
    const locals = ofType('street', 'township');
    for (const u of locals) {
      const superior = unitByCode.get(u.superiorCode ?? '');
      expect(['district', 'development_zone'], u.code).toContain(superior?.type);
      expect(u.territory, u.code).toEqual(superior?.territory);
      expect(u.peerGroup).toBe('street_township');
    }
    for (const d of URBAN_DISTRICT_CODES) {
      expect(locals.filter((u) => u.territory.includes(d)).length, d).toBeGreaterThanOrEqual(2);
    }
    for (const d of COUNTY_CODES)
      expect(locals.filter((u) => u.territory.includes(d)).length, d).toBeGreaterThanOrEqual(1);
  });

  it('city departments, provincial departments and companies answer city-wide and are ranked in their group', () => {
    for (const u of ofType('city_department')) {
      expect(u.peerGroup).toBe('city_department');
      expect(new Set(u.territory)).toEqual(districtCodes);
    }
    const outside = UNITS.filter((u) => u.peerGroup === 'provincial_enterprise');
    expect(outside.map((u) => u.code)).toEqual(
      expect.arrayContaining(['ENT-WATER', 'ENT-POWER', 'ENT-HEAT', 'ENT-GAS']),
    );
    for (const u of outside) {
      expect(['provincial_department', 'enterprise']).toContain(u.type);
      expect(new Set(u.territory)).toEqual(districtCodes);
    }
  });

  it('subordinate units hang under a unit of the right kind and answer for part of its territory', () => {
    const superiorType: Partial<Record<UnitType, UnitType>> = {
      department_subunit: 'city_department',
      district_department: 'district',
    };
    for (const u of ofType('department_subunit', 'district_department', 'enterprise')) {
      const superior = unitByCode.get(u.superiorCode ?? '');
      if (u.type === 'enterprise' && u.peerGroup !== null) continue; // a company itself, not a branch
      expect(superior?.type, u.code).toBe(superiorType[u.type] ?? 'enterprise');
      for (const d of u.territory) expect(superior?.territory, u.code).toContain(d);
    }
    for (const company of ['ENT-WATER', 'ENT-POWER', 'ENT-HEAT', 'ENT-GAS']) {
      expect(
        UNITS.some((u) => u.superiorCode === company),
        company,
      ).toBe(true);
    }
  });

  it('every unit names a main leader and a different responsible leader (R8.2)', () => {
    for (const u of UNITS) {
      expect(u.mainLeader, u.code).toMatch(/^\p{Script=Han}{2,3}$/u);
      expect(u.responsibleLeader, u.code).toMatch(/^\p{Script=Han}{2,3}$/u);
      expect(u.mainLeader).not.toBe(u.responsibleLeader);
    }
  });
});

describe('responsibility rules (派单目录, R4.2)', () => {
  const offices = new Set(['CITY', 'OFFICE', 'SUPERVISION']);

  it('every rule names an existing category, district and handling unit', () => {
    for (const r of RESPONSIBILITY_RULES) {
      const where = `${r.categoryCode}@${r.districtCode ?? '*'}`;
      if (r.categoryCode !== ANY_CATEGORY) expect(categoryByCode.has(r.categoryCode), where).toBe(true);
      if (r.districtCode !== null) expect(districtCodes.has(r.districtCode), where).toBe(true);
      expect(unitByCode.has(r.unitCode), `${where} → ${r.unitCode}`).toBe(true);
      expect(offices.has(r.unitCode), `${where} → ${r.unitCode}`).toBe(false);
    }
  });

  it('no two rules share a category and district', () => {
    expect(duplicates(RESPONSIBILITY_RULES.map((r) => `${r.categoryCode}@${r.districtCode ?? '*'}`))).toEqual(
      [],
    );
  });

  it('every district and zone has a fallback (兜底) to its own government', () => {
    for (const d of DISTRICTS) {
      const fallback = RESPONSIBILITY_RULES.filter(
        (r) => r.categoryCode === ANY_CATEGORY && r.districtCode === d.code,
      );
      expect(
        fallback.map((r) => r.unitCode),
        d.nameZh,
      ).toEqual([governmentUnitCode(d.code)]);
    }
  });

  it('when a ticket has any category and district, then exactly one rule wins and its unit answers for that district', () => {
    for (const c of CATEGORIES) {
      for (const d of ALL_DISTRICT_CODES) {
        const winners = resolve(c.code, d);
        expect(winners.length, `${pathOf(c)} @ ${d}`).toBe(1);
        const unit = unitByCode.get(winners[0]!.unitCode);
        expect(unit?.territory, `${pathOf(c)} @ ${d} → ${unit?.code}`).toContain(d);
      }
    }
  });

  it('when an urgent water, power, heating or gas ticket comes from the urban districts, then a company unit handles it (R4.2.1)', () => {
    const utilities = [
      URGENT_KIND_CODES.waterOutage,
      URGENT_KIND_CODES.powerOutage,
      URGENT_KIND_CODES.heatingOutage,
      URGENT_KIND_CODES.gasLeak,
    ];
    for (const code of utilities) {
      for (const d of URBAN_DISTRICT_CODES) {
        const unit = unitByCode.get(resolve(code, d)[0]!.unitCode);
        expect(unit?.type, `${code} @ ${d}`).toBe('enterprise');
      }
    }
    expect(resolve(URGENT_KIND_CODES.waterOutage, '220204')[0]?.unitCode).toBe('ENT-WATER-SUPPLY');
    expect(resolve(URGENT_KIND_CODES.foodSafety, '220204')[0]?.unitCode).toBe('SUB-SCJG-CY');
    expect(resolve(GENERAL_KIND_CODES.noise, '220203')[0]?.unitCode).toBe('D220203');
  });
});
