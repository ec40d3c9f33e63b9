import { describe, expect, it } from 'vitest';
import { jaccard } from './duplicates.js';
import { BANDS, bandHashes, lookupKeys, minHashes, PERIOD_MS, similarityKeys } from './similarity-keys.js';

const words = (s: string) => new Set(s.split(' '));
const shared = (a: readonly number[], b: readonly number[]) => a.filter((k) => b.includes(k)).length;

// Word sets of two reports of one blocked drain (as the duplicate check compares them) and an unrelated one.
const drainA = words('船营区 北京路 幸福 3号楼 下水井 堵塞 污水 外溢 臭味 很大');
const drainB = words('北京路 幸福 下水井 污水 外溢 好几天 臭味 很大');
const noise = words('公积金 提取 手续 需要 哪些 材料 窗口 办理');
const at = new Date('2026-11-20T03:00:00Z');

describe('similarity keys (R2.2 similar text in the same district within 7 days)', () => {
  it('the same words give the same keys; a request with no district or no words has none', () => {
    expect(similarityKeys(drainA, '220204', at)).toHaveLength(BANDS);
    expect(similarityKeys(drainA, '220204', at)).toEqual(similarityKeys(new Set(drainA), '220204', at));
    expect(similarityKeys(drainA, null, at)).toEqual([]);
    expect(similarityKeys(new Set(), '220204', at)).toEqual([]);
  });

  it('two reports of one problem share keys; an unrelated request shares none', () => {
    expect(jaccard(drainA, drainB)).toBeGreaterThan(0.4);
    const a = similarityKeys(drainA, '220204', at);
    expect(shared(a, similarityKeys(drainB, '220204', at))).toBeGreaterThan(0);
    expect(shared(a, similarityKeys(noise, '220204', at))).toBe(0);
  });

  it('keys are scoped: the same text in another district or another week shares none', () => {
    const a = similarityKeys(drainA, '220204', at);
    expect(shared(a, similarityKeys(drainA, '220202', at))).toBe(0);
    expect(shared(a, similarityKeys(drainA, '220204', new Date(at.getTime() + 2 * PERIOD_MS)))).toBe(0);
  });

  it('the check looks up this period and the last, so anything registered within 7 days is reachable', () => {
    for (const hoursAgo of [0, 1, 50, 100, 167]) {
      const then = new Date(at.getTime() - hoursAgo * 3_600_000);
      const stored = similarityKeys(drainA, '220204', then);
      expect(shared(lookupKeys(drainA, '220204', at), stored)).toBe(BANDS);
    }
  });

  it('the share of equal minimum hashes estimates the Jaccard similarity', () => {
    // 200 random word sets against one: the estimate from 40 hashes stays within 0.25 of the truth.
    const vocab = Array.from({ length: 60 }, (_, i) => `词${i}`);
    let seed = 7;
    const rand = () => (seed = (Math.imul(seed, 48271) >>> 0) % 2147483647) / 2147483647;
    const base = new Set(vocab.slice(0, 20));
    const mb = minHashes(base) as Uint32Array;
    for (let n = 0; n < 200; n++) {
      const other = new Set(vocab.filter(() => rand() < 0.35));
      if (other.size === 0) continue;
      const mo = minHashes(other) as Uint32Array;
      const agree = mb.filter((h, j) => h === mo[j]).length / mb.length;
      expect(Math.abs(agree - jaccard(base, other))).toBeLessThan(0.25);
    }
    expect(bandHashes(mb)).toHaveLength(BANDS);
  });
});
