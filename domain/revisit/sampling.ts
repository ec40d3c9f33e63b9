/**
 * R4.6.2: general tickets are revisited by sample. The draw is a pure function of the ticket id and a
 * recorded seed, so an auditor can re-draw any ticket and get the same answer; urgent tickets are all
 * revisited (R4.6.1).
 */
import type { Urgency } from '../../shared/enums.js';

/** MurmurHash3 (x86, 32-bit) of a string: uniform, fast and the same everywhere. */
export function murmur3(text: string, seed = 0): number {
  let h = seed >>> 0;
  const bytes = new TextEncoder().encode(text);
  const n = bytes.length;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    let k =
      (bytes[i] as number) |
      ((bytes[i + 1] as number) << 8) |
      ((bytes[i + 2] as number) << 16) |
      ((bytes[i + 3] as number) << 24);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const rest = n & 3;
  if (rest > 0) {
    let k = 0;
    if (rest === 3) k ^= (bytes[i + 2] as number) << 16;
    if (rest >= 2) k ^= (bytes[i + 1] as number) << 8;
    k ^= bytes[i] as number;
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
  }
  h ^= n;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export interface RevisitDraw {
  seed: string;
  rate: number;
  /** Uniform in [0, 1): drawn when below the rate. */
  value: number;
  drawn: boolean;
}

/** The seed recorded on every draw: fixed per policy version, so a sample is re-drawable from the record. */
export const revisitSeed = (policyVersion: number): string => `jiesu-revisit-v${policyVersion}`;

export function drawForRevisit(ticketId: string, urgency: Urgency, seed: string, rate: number): RevisitDraw {
  const value = murmur3(`${seed}:${ticketId}`) / 2 ** 32;
  return { seed, rate, value: Math.round(value * 1e9) / 1e9, drawn: urgency === 'urgent' || value < rate };
}
