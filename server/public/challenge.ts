/**
 * Anti-automation for the public submission page without any third-party service: a signed
 * proof-of-work challenge. The browser must find a number whose SHA-256 with the challenge has `bits` leading
 * zero bits (about a second of work for a person, costly at scale for a bot). The challenge is stateless
 * (HMAC-signed, with an expiry); it is spent by becoming the ticket's channel reference, so a replay lands on
 * the same ticket (R2.2) instead of creating another.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const CHALLENGE_BITS = 16;
export const CHALLENGE_TTL_MS = 10 * 60_000;

export interface Challenge {
  id: string;
  bits: number;
  expiresAt: string;
  signature: string;
}

export function issueChallenge(
  sign: (payload: string) => string,
  now: Date,
  bits = CHALLENGE_BITS,
): Challenge {
  const id = randomBytes(16).toString('hex');
  const expiresAt = new Date(now.getTime() + CHALLENGE_TTL_MS).toISOString();
  return { id, bits, expiresAt, signature: sign(`${id}|${bits}|${expiresAt}`) };
}

export type ChallengeCheck = 'ok' | 'bad-signature' | 'expired' | 'wrong-solution';

export function checkChallenge(
  sign: (payload: string) => string,
  c: Challenge,
  solution: string,
  now: Date,
): ChallengeCheck {
  const expected = Buffer.from(sign(`${c.id}|${c.bits}|${c.expiresAt}`));
  const given = Buffer.from(c.signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'bad-signature';
  if (Date.parse(c.expiresAt) < now.getTime()) return 'expired';
  return leadingZeroBits(createHash('sha256').update(`${c.id}:${solution}`).digest()) >= c.bits
    ? 'ok'
    : 'wrong-solution';
}

export function leadingZeroBits(digest: Uint8Array): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

/** What the browser does (and tests): try 0, 1, 2 … until the hash has enough zero bits. */
export function solveChallenge(c: Pick<Challenge, 'id' | 'bits'>): string {
  for (let n = 0; ; n++) {
    if (leadingZeroBits(createHash('sha256').update(`${c.id}:${n}`).digest()) >= c.bits) return String(n);
  }
}
