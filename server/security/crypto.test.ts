import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createPersonalDataCipher,
  normalisePhone,
  PersonalDataCryptoError,
  type CipherAlgorithm,
} from './crypto.js';
import type { Keyring } from './keys.js';

const key = () => randomBytes(32);
const hashKey = key();
const k1 = key();
const k2 = key();
const ringV1: Keyring = { activeKeyId: 'k1', keys: new Map([['k1', k1]]), hashKey };
/** After rotation: k2 is active, k1 is kept so old values still decrypt. */
const ringV2: Keyring = {
  activeKeyId: 'k2',
  keys: new Map([
    ['k1', k1],
    ['k2', k2],
  ]),
  hashKey,
};
const ALGORITHMS: CipherAlgorithm[] = ['aes-256-gcm', 'sm4'];
const TAG = { 'aes-256-gcm': 'aes-256-gcm', sm4: 'sm4-cbc-hmac-sm3' } as const;

const SAMPLES = [
  ['complainant.name', '欧阳娜娜'],
  ['complainant.phone', '13812345678'],
  ['complainant.idNumber', '22020219900101123X'],
  ['complainant.address', '吉林市船营区北京路街道某某小区3栋2单元501'],
  ['complainant.name', ''],
  ['complainant.address', '𠮷'.repeat(300)],
] as const;

/** Flips one bit in the base64url part `index` (3 iv, 4 ciphertext, 5 tag) of a stored value. */
function tamper(stored: string, index: number): string {
  const parts = stored.split('.');
  const bytes = Buffer.from(parts[index] ?? '', 'base64url');
  bytes[0] = (bytes[0] ?? 0) ^ 0x01;
  parts[index] = bytes.toString('base64url');
  return parts.join('.');
}

function failure(fn: () => unknown): PersonalDataCryptoError {
  try {
    fn();
  } catch (err) {
    if (err instanceof PersonalDataCryptoError) return err;
    throw err;
  }
  throw new Error('expected a PersonalDataCryptoError');
}

describe.each(ALGORITHMS)('R9.1 personal data encrypted at rest with %s', (algorithm) => {
  const cipher = createPersonalDataCipher(ringV1, algorithm);

  it.each(SAMPLES)('R9.1 when %s %j is encrypted, then it decrypts to the same text', (field, plain) => {
    const stored = cipher.encrypt(field, plain);
    expect(stored).toMatch(/^[\x21-\x7e]+$/);
    expect(stored.split('.').slice(0, 3)).toEqual(['v1', TAG[algorithm], 'k1']);
    expect(cipher.decrypt(field, stored)).toBe(plain);
  });

  it('R9.1 when the same phone is encrypted twice, then the values differ (random IV) and show no digits of it', () => {
    const a = cipher.encrypt('complainant.phone', '13812345678');
    const b = cipher.encrypt('complainant.phone', '13812345678');
    expect(a).not.toBe(b);
    for (const v of [a, b]) {
      for (let i = 0; i + 4 <= 11; i++) expect(v).not.toContain('13812345678'.slice(i, i + 4));
    }
  });

  it.each([
    [3, 'iv'],
    [4, 'ciphertext'],
    [5, 'tag'],
  ])('R9.1 when one bit of the %s part (%s) is flipped, then decryption fails as tampered', (index) => {
    const stored = cipher.encrypt('complainant.phone', '13812345678');
    const err = failure(() => cipher.decrypt('complainant.phone', tamper(stored, index)));
    expect(err.reason).toBe('AUTHENTICATION_FAILED');
    expect(err.message).toContain('complainant.phone');
    expect(err.message).not.toContain('13812345678');
  });

  it('R9.1 when the tag is truncated or the ciphertext shortened, then decryption fails', () => {
    const stored = cipher.encrypt('complainant.name', '张三');
    const parts = stored.split('.');
    const shortTag = [...parts.slice(0, 5), (parts[5] ?? '').slice(0, 6)].join('.');
    expect(failure(() => cipher.decrypt('complainant.name', shortTag)).reason).toBe('AUTHENTICATION_FAILED');
    const noCiphertext = [...parts.slice(0, 4), '', parts[5]].join('.');
    expect(failure(() => cipher.decrypt('complainant.name', noCiphertext)).reason).toBe(
      'AUTHENTICATION_FAILED',
    );
  });

  it('R9.1 when a phone ciphertext is pasted into the name column, then it does not decrypt', () => {
    const phone = cipher.encrypt('complainant.phone', '13812345678');
    expect(failure(() => cipher.decrypt('complainant.name', phone)).reason).toBe('AUTHENTICATION_FAILED');
  });

  it('R9.1 when the recorded algorithm is swapped, then it does not decrypt', () => {
    const other = ALGORITHMS.find((a) => a !== algorithm) ?? algorithm;
    const stored = cipher.encrypt('complainant.phone', '13812345678').split('.');
    stored[1] = TAG[other];
    expect(failure(() => cipher.decrypt('complainant.phone', stored.join('.'))).reason).toBe(
      'AUTHENTICATION_FAILED',
    );
  });

  it('R9.1 when a value is not a ciphertext of this system, then the error says it is malformed', () => {
    for (const bad of [
      '13812345678',
      'v1.aes-256-gcm.k1.a.b',
      'v2.aes-256-gcm.k1.AA.AA.AA',
      'v1.x.k1.AA.AA.AA',
      'v1.sm4-cbc-hmac-sm3.k1.A+.AA.AA',
    ]) {
      expect(['MALFORMED', 'UNKNOWN_ALGORITHM']).toContain(
        failure(() => cipher.decrypt('complainant.phone', bad)).reason,
      );
    }
  });

  it('R9.1 when the key is rotated, then old values still decrypt and rotateValue re-encrypts them under the new key', () => {
    const old = cipher.encrypt('complainant.address', '吉林市船营区北京路街道某某小区3栋');
    const rotated = createPersonalDataCipher(ringV2, algorithm);
    expect(rotated.decrypt('complainant.address', old)).toBe('吉林市船营区北京路街道某某小区3栋');
    expect(rotated.needsRotation(old)).toBe(true);

    const fresh = rotated.rotateValue('complainant.address', old);
    expect(fresh.split('.')[2]).toBe('k2');
    expect(rotated.needsRotation(fresh)).toBe(false);
    expect(rotated.rotateValue('complainant.address', fresh)).toBe(fresh);
    expect(rotated.decrypt('complainant.address', fresh)).toBe('吉林市船营区北京路街道某某小区3栋');
    // Once k1 is retired, only the re-encrypted value is readable, and the old one says which key is missing.
    const retired = createPersonalDataCipher(
      { activeKeyId: 'k2', keys: new Map([['k2', k2]]), hashKey },
      algorithm,
    );
    expect(retired.decrypt('complainant.address', fresh)).toBe('吉林市船营区北京路街道某某小区3栋');
    const err = failure(() => retired.decrypt('complainant.address', old));
    expect(err.reason).toBe('UNKNOWN_KEY');
    expect(err.message).toContain('k1');
  });

  it('R9.1 when a value was written under another key with the same id, then it does not decrypt', () => {
    const stranger = createPersonalDataCipher(
      { activeKeyId: 'k1', keys: new Map([['k1', key()]]), hashKey },
      algorithm,
    );
    const stored = stranger.encrypt('complainant.phone', '13812345678');
    expect(failure(() => cipher.decrypt('complainant.phone', stored)).reason).toBe('AUTHENTICATION_FAILED');
  });
});

describe('R9.1 changing the cipher setting', () => {
  it('R9.1 when the setting moves from aes-256-gcm to sm4, then old values decrypt and rotate to sm4', () => {
    const aes = createPersonalDataCipher(ringV1, 'aes-256-gcm');
    const sm4 = createPersonalDataCipher(ringV1, 'sm4');
    const old = aes.encrypt('complainant.idNumber', '220202199001011234');
    expect(sm4.decrypt('complainant.idNumber', old)).toBe('220202199001011234');
    expect(sm4.needsRotation(old)).toBe(true);
    const moved = sm4.rotateValue('complainant.idNumber', old);
    expect(moved.split('.')[1]).toBe('sm4-cbc-hmac-sm3');
    expect(aes.decrypt('complainant.idNumber', moved)).toBe('220202199001011234');
  });

  it('R9.1 when the setting changes, then phone hashes stay the same (duplicate search keeps working)', () => {
    const aes = createPersonalDataCipher(ringV1, 'aes-256-gcm');
    const sm4 = createPersonalDataCipher(ringV2, 'sm4');
    expect(sm4.phoneHash('13812345678')).toBe(aes.phoneHash('13812345678'));
  });
});

describe('R9.1 keyed phone hash for duplicate search without decrypting', () => {
  const cipher = createPersonalDataCipher(ringV1);

  it.each([
    '13812345678',
    '138 1234 5678',
    '138-1234-5678',
    '+86 13812345678',
    '+86-138-1234-5678',
    '008613812345678',
    '8613812345678',
    '１３８１２３４５６７８',
    '＋８６ １３８ １２３４ ５６７８',
    '(138) 1234 5678',
  ])('R9.1 when the phone is written as %j, then it hashes like 13812345678', (phone) => {
    expect(cipher.phoneHash(phone)).toBe(cipher.phoneHash('13812345678'));
  });

  it('R9.1 when phones differ, or the hash key differs, then the hashes differ', () => {
    const h = cipher.phoneHash('13812345678');
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(cipher.phoneHash('13812345679')).not.toBe(h);
    const other = createPersonalDataCipher({ ...ringV1, hashKey: key() });
    expect(other.phoneHash('13812345678')).not.toBe(h);
  });

  it.each([
    ['0432-62345678', '043262345678'],
    ['+86 432 6234 5678', '043262345678'],
    ['0086 10 62345678', '01062345678'],
    ['１３８－１２３４－５６７８', '13812345678'],
    ['+86 13812345678', '13812345678'],
  ])('R9.1 when %j is normalised, then it reads %j', (phone, normal) => {
    expect(normalisePhone(phone)).toBe(normal);
  });

  it('R9.1 when a text is hashed for a field, then it is stable per field and distinct from the phone hash', () => {
    expect(cipher.textHash('complainant.idNumber', '220202199001011234')).toBe(
      cipher.textHash('complainant.idNumber', '220202199001011234'),
    );
    expect(cipher.textHash('complainant.name', '13812345678')).not.toBe(
      cipher.textHash('complainant.idNumber', '13812345678'),
    );
    expect(cipher.textHash('phone', '13812345678')).not.toBe(cipher.phoneHash('13812345678'));
  });
});
