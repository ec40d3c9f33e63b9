import { describe, expect, it } from 'vitest';
import { contentWords, likelyDuplicates } from './duplicates.js';

const at = new Date('2026-11-10T09:00:00+08:00');
const daysAgo = (d: number) => new Date(at.getTime() - d * 86_400_000);
const words = (s: string) => contentWords(s.split(' '));

describe('likely duplicates', () => {
  const subject = {
    at,
    phoneHash: 'p1',
    district: '220204',
    words: words('北京路 幸福 下水井 堵塞 污水 外溢'),
  };
  it('finds the same complainant within 30 days and similar text in the same area within 7 days', () => {
    const found = likelyDuplicates(subject, [
      { id: 'phone-29d', registeredAt: daysAgo(29), phoneHash: 'p1', district: null, words: words('路灯') },
      { id: 'phone-31d', registeredAt: daysAgo(31), phoneHash: 'p1', district: null, words: words('路灯') },
      {
        id: 'text-6d',
        registeredAt: daysAgo(6),
        phoneHash: 'p2',
        district: '220204',
        words: words('幸福 下水井 堵塞 污水'),
      },
      {
        id: 'text-8d',
        registeredAt: daysAgo(8),
        phoneHash: 'p3',
        district: '220204',
        words: words('幸福 下水井 堵塞 污水'),
      },
      {
        id: 'text-other-area',
        registeredAt: daysAgo(1),
        phoneHash: 'p4',
        district: '220202',
        words: words('幸福 下水井 堵塞 污水'),
      },
      {
        id: 'unrelated',
        registeredAt: daysAgo(1),
        phoneHash: 'p5',
        district: '220204',
        words: words('广场舞 噪音 扰民'),
      },
    ]);
    expect(found.map((f) => `${f.id}:${f.reason}`)).toEqual(['phone-29d:same-phone', 'text-6d:similar-text']);
  });
  it('R2.2 shows the same ten at every check: among equal scores the newest first, whatever order they came in', () => {
    const phone = (i: number) => ({
      id: `phone-${i}d`,
      registeredAt: daysAgo(i),
      phoneHash: 'p1',
      district: null,
      words: words('路灯'),
    });
    const older = Array.from({ length: 12 }, (_, i) => phone(i + 2));
    const newest = phone(1);
    for (const order of [
      [...older, newest],
      [newest, ...older],
      [...older.slice(6), newest, ...older.slice(0, 6)],
    ]) {
      const found = likelyDuplicates(subject, order).map((m) => m.id);
      expect(found).toHaveLength(10);
      expect(found[0]).toBe('phone-1d');
      expect(found).toEqual(Array.from({ length: 10 }, (_, i) => `phone-${i + 1}d`));
    }
  });
});
