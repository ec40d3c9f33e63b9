import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, verifyTotp } from './totp.js';

const hmac = (key: Uint8Array, msg: Uint8Array) =>
  new Uint8Array(createHmac('sha1', key).update(msg).digest());
// RFC 4226 Appendix D / RFC 6238 Appendix B test key.
const key = new TextEncoder().encode('12345678901234567890');

describe('TOTP', () => {
  it('matches the RFC 4226 HOTP test values', () => {
    expect([0, 1, 2, 9].map((c) => hotp(hmac, key, c))).toEqual(['755224', '287082', '359152', '520489']);
  });
  it('matches RFC 6238 at 59 s (step 1 → 94287082 truncated to 6 digits: 287082)', () => {
    expect(verifyTotp(hmac, key, '287082', new Date(59_000), null)).toBe(1);
  });
  it('a code works once: not again for its step or an earlier one', () => {
    const at = new Date(59_000);
    const step = verifyTotp(hmac, key, '287082', at, null);
    expect(verifyTotp(hmac, key, '287082', at, step)).toBeNull();
  });
  it('base32 round-trips', () => {
    expect(base32Encode(key)).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(base32Decode('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ')).toEqual(key);
  });
});
