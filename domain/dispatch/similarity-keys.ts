/**
 * Similarity keys of a request's text (R2.2, ADR 0010): locality-sensitive hashing of its word set, so that
 * "similar text in the same district within 7 days" is found by looking up a few keys in an index instead of
 * reading every recent request of the district.
 *
 * MinHash: for each of `BANDS × ROWS` hash functions, the smallest hash of any word of the text. Two texts agree
 * on one of them with probability equal to the Jaccard similarity s of their word sets; a band (ROWS of them
 * hashed together) agrees with probability s^ROWS, and two texts share at least one band key with probability
 * 1 − (1 − s^ROWS)^BANDS: 0.85 at s = 0.3 (the threshold of a likely duplicate), 0.97 at 0.4, 0.997 at 0.5, while
 * unrelated texts (s ≈ 0.05) almost never do. Each key is also scoped to the district and the 7-day period of its
 * registration, so that a key's index entry lists only the similar requests of one district and one week: the
 * look-up costs the same whatever the history's size. A window of the last 7 days spans at most two periods,
 * whose keys the check looks up (`lookupKeys`).
 *
 * Keys are only looked up for two periods; after that they are cleared (`keysExpireBefore`), so the index holds
 * about two weeks of requests, not the whole history.
 *
 * Pure and deterministic: the same words, district and time always give the same keys (32-bit integers, stored
 * as PostgreSQL `integer`).
 */

import { SIMILAR_TEXT_DAYS } from './duplicates.js';

export const BANDS = 20;
export const ROWS = 2;
/** Length of the period a key is scoped to; equal to the text window of the duplicate check. */
export const PERIOD_MS = SIMILAR_TEXT_DAYS * 86_400_000;

/** The period a time falls in: 7-day periods counted from 1970-01-01 00:00 UTC. */
export function periodOf(at: Date): number {
  return Math.floor(at.getTime() / PERIOD_MS);
}

/** FNV-1a over the UTF-16 code units, 32 bits. */
function fnv1a(s: string, seed = 0x811c9dc5): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** MurmurHash3's finaliser: every input bit affects every output bit. */
function fmix32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The `BANDS × ROWS` minimum hashes of a word set (empty when it has no words). */
export function minHashes(words: Iterable<string>): Uint32Array | null {
  const k = BANDS * ROWS;
  const mins = new Uint32Array(k).fill(0xffffffff);
  let any = false;
  for (const w of words) {
    any = true;
    // Hash j of a word from two independent hashes (Kirsch–Mitzenmacher), each mixed to spread the bits.
    const h1 = fnv1a(w);
    const h2 = fmix32(fnv1a(w, 0x9747b28c)) | 1;
    for (let j = 0; j < k; j++) {
      const h = fmix32((h1 + Math.imul(j, h2)) >>> 0);
      if (h < (mins[j] as number)) mins[j] = h;
    }
  }
  return any ? mins : null;
}

/** One hash per band of `ROWS` consecutive minimum hashes, unscoped. */
export function bandHashes(mins: Uint32Array): number[] {
  const out: number[] = [];
  for (let b = 0; b < BANDS; b++) {
    let h = Math.imul(b + 1, 0x9e3779b1);
    for (let r = 0; r < ROWS; r++) h = fmix32(h ^ (mins[b * ROWS + r] as number));
    out.push(h);
  }
  return out;
}

/** The hash a district and period scope their keys with. */
export function scopeHash(district: string, period: number): number {
  return fmix32(fnv1a(`${district}\u0000${period}`));
}

/** Band hashes scoped to a district and period, as signed 32-bit integers (PostgreSQL `integer`). */
export function scopedKeys(bands: readonly number[], scope: number): number[] {
  return bands.map((b) => b ^ scope);
}

/** The keys a request registered at `at` in `district` is stored with; none without a district or words. */
export function similarityKeys(words: Iterable<string>, district: string | null, at: Date): number[] {
  if (!district) return [];
  const mins = minHashes(words);
  return mins ? scopedKeys(bandHashes(mins), scopeHash(district, periodOf(at))) : [];
}

/**
 * The keys to look up for requests of `district` registered within the window ending at `now` (`PERIOD_MS`
 * long): this period's and the previous one's.
 */
export function lookupKeys(words: Iterable<string>, district: string | null, now: Date): number[] {
  if (!district) return [];
  const mins = minHashes(words);
  if (!mins) return [];
  const bands = bandHashes(mins);
  const p = periodOf(now);
  return [...scopedKeys(bands, scopeHash(district, p)), ...scopedKeys(bands, scopeHash(district, p - 1))];
}

/**
 * Requests registered before this instant can no longer be looked up (their period is older than the previous
 * one): their keys may be cleared.
 */
export function keysExpireBefore(now: Date): Date {
  return new Date((periodOf(now) - 1) * PERIOD_MS);
}
