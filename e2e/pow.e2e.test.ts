/**
 * The public page's proof of work is computed in the browser by web/src/pow/sha256.ts (no WebCrypto, so it
 * runs in a worker and on plain http). It must agree with node:crypto, and what it finds must pass the
 * server's own check (server/public/challenge.ts).
 */
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkChallenge, issueChallenge } from '../server/public/challenge.js';
import { leadingZeroBits, searchSolution, sha256 } from '../web/src/pow/sha256.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('the browser SHA-256 of the proof of work', () => {
  it('agrees with node:crypto on every padding boundary and on random input', () => {
    const lengths = [0, 1, 3, 54, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000];
    for (let i = 0; i < 200; i++) lengths.push(Math.floor(Math.random() * 300));
    for (const n of lengths) {
      const data = randomBytes(n);
      expect(hex(sha256(data)), `length ${n}`).toBe(createHash('sha256').update(data).digest('hex'));
    }
    expect(hex(sha256(new TextEncoder().encode('abc')))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('counts leading zero bits as the server does', () => {
    expect(leadingZeroBits(Uint8Array.from([0, 0, 0x80]))).toBe(16);
    expect(leadingZeroBits(Uint8Array.from([0, 0x0f]))).toBe(12);
    expect(leadingZeroBits(Uint8Array.from([0xff]))).toBe(0);
  });

  it('finds solutions the server accepts', () => {
    const sign = (payload: string) => createHash('sha256').update(`test-key|${payload}`).digest('hex');
    const now = new Date('2026-11-10T01:00:00Z');
    for (let i = 0; i < 3; i++) {
      const challenge = issueChallenge(sign, now, 12);
      const solution = searchSolution(challenge.id, challenge.bits, 0, 1 << 20);
      expect(solution).not.toBeNull();
      expect(checkChallenge(sign, challenge, solution as string, now)).toBe('ok');
    }
  });
});
