import { describe, expect, it } from 'vitest';
import { locate } from '../../domain/dispatch/place.js';
import { directoryGazetteer } from './gazetteer.js';

describe('the directory gazetteer (R4.2)', () => {
  const gazetteer = directoryGazetteer();

  it('knows the streets and townships of the directory and their districts', () => {
    const found = locate('船营区北京路街道华丰小区停水一整天了', gazetteer);
    expect(found.districtCode).toBe('220204');
    expect(found.streetUnitCode).toBe('S220204-BJL');
    expect(locate('乌拉街那边垃圾没人清', gazetteer).streetUnitCode).toBe('S220203-WLJ');
    expect(locate('高新区有工地夜里施工', gazetteer).districtCode).toBe('JLHT');
  });

  it('two places: the event, not the home', () => {
    const found = locate('我住在昌邑区，在船营区德胜街道看到井盖丢了', gazetteer);
    expect(found.districtCode).toBe('220204');
    expect(found.streetUnitCode).toBe('S220204-DS');
    expect(found.residenceDistrictCode).toBe('220202');
  });
});
