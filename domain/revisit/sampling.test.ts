import { describe, expect, it } from 'vitest';
import { drawForRevisit, murmur3, revisitSeed } from './sampling.js';

/** Deterministic uuid-like ids, as the server's would be. */
const ids = (n: number) =>
  Array.from({ length: n }, (_, i) => {
    const h = (x: number) => murmur3(`id-${i}-${x}`).toString(16).padStart(8, '0');
    return `${h(1)}-${h(2).slice(0, 4)}-4${h(3).slice(0, 3)}-a${h(4).slice(0, 3)}-${h(5)}${h(6).slice(0, 4)}`;
  });

describe('R4.6.2 revisit sampling', () => {
  it('over 1,000 general tickets the sample is 30% ± 3 points, and re-drawing with the recorded seed gives the same set', () => {
    const seed = revisitSeed(1);
    const tickets = ids(1000);
    const drawn = tickets.filter((id) => drawForRevisit(id, 'general', seed, 0.3).drawn);
    expect(drawn.length / tickets.length).toBeGreaterThanOrEqual(0.27);
    expect(drawn.length / tickets.length).toBeLessThanOrEqual(0.33);
    const again = tickets.filter((id) => drawForRevisit(id, 'general', seed, 0.3).drawn);
    expect(again).toEqual(drawn);
    // Another seed draws another sample.
    const other = tickets.filter((id) => drawForRevisit(id, 'general', revisitSeed(2), 0.3).drawn);
    expect(other).not.toEqual(drawn);
  });
  it('R4.6.1 every urgent ticket is revisited', () => {
    expect(ids(200).every((id) => drawForRevisit(id, 'urgent', revisitSeed(1), 0.3).drawn)).toBe(true);
  });
  it('murmur3 matches the reference vectors', () => {
    expect(murmur3('', 0)).toBe(0);
    expect(murmur3('', 1)).toBe(0x514e28b7);
    expect(murmur3('hello', 0)).toBe(0x248bfa47);
    expect(murmur3('Hello, world!', 0x9747b28c)).toBe(0x24884cba);
  });
});
