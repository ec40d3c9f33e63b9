import { describe, expect, it } from 'vitest';
import { aliasesOf, buildGazetteer, locate } from './place.js';

const gazetteer = buildGazetteer([
  ...aliasesOf('船营区').map((name) => ({ name, kind: 'district' as const, districtCode: '220204' })),
  ...aliasesOf('昌邑区').map((name) => ({ name, kind: 'district' as const, districtCode: '220202' })),
  ...aliasesOf('北京路街道').map((name) => ({
    name,
    kind: 'street' as const,
    districtCode: '220204',
    streetUnitCode: 'S220204-BJL',
  })),
  { name: '华丰小区', kind: 'community', districtCode: '220204', streetUnitCode: 'S220204-BJL' },
]);

describe('where it happened (R4.2)', () => {
  it('finds district, street and 小区 and suggests the address', () => {
    const found = locate('船营区北京路街道华丰小区停水一整天了', gazetteer);
    expect(found.districtCode).toBe('220204');
    expect(found.streetUnitCode).toBe('S220204-BJL');
    expect(found.address).toBe('船营区北京路街道华丰小区');
    expect(found.matches.map((m) => m.name)).toEqual(['船营区', '北京路街道', '华丰小区']);
  });

  it('the place of the event wins over where the caller lives', () => {
    const found = locate('我住在昌邑区，在船营区北京路看到井盖丢了', gazetteer);
    expect(found.districtCode).toBe('220204');
    expect(found.residenceDistrictCode).toBe('220202');
    expect(found.matches.find((m) => m.name === '昌邑区')?.residence).toBe(true);
  });

  it('a text with no place suggests none', () => {
    const found = locate('路灯不亮了，晚上很黑', gazetteer);
    expect(found.districtCode).toBeNull();
    expect(found.address).toBe('');
    expect(found.matches).toEqual([]);
  });

  it('short forms count: 船营 and 北京路', () => {
    const found = locate('船营北京路那边停电了', gazetteer);
    expect(found.districtCode).toBe('220204');
    expect(found.streetUnitCode).toBe('S220204-BJL');
  });

  it('only a home named: the home stands as the best guess', () => {
    const found = locate('我家住昌邑区，楼上漏水', gazetteer);
    expect(found.districtCode).toBe('220202');
    expect(found.residenceDistrictCode).toBeNull();
  });
});
