/**
 * Personal data at rest (R9.1): authenticated encryption of short strings (name, phone, ID number,
 * address) and keyed hashes for lookups without decrypting.
 *
 * Stored value — one ASCII string, every part recorded so old values decrypt after a key or algorithm change:
 *   v1.<alg>.<keyId>.<iv b64url>.<ciphertext b64url>.<tag b64url>
 * Algorithms (the setting `JIESU_CIPHER` picks the one new values use; decrypt follows the value):
 *   aes-256-gcm       AES-256-GCM, 96-bit random IV, 128-bit tag; the 32-byte data key used as is.
 *   sm4-cbc-hmac-sm3  GB/T 39786 profile: SM4-CBC (PKCS#7, 128-bit random IV), then HMAC-SM3 over
 *                     len(aad) ‖ aad ‖ iv ‖ ciphertext (encrypt-then-MAC, 256-bit tag, checked before
 *                     decrypting, so there is no padding oracle). Node's OpenSSL has no SM4-GCM.
 *                     Keys: HKDF-SM3(data key, info "jiesu/v1/sm4-cbc/enc") → 16-byte SM4 key and
 *                     HKDF-SM3(data key, info "jiesu/v1/hmac-sm3/mac") → 32-byte MAC key, so the
 *                     SM4 and MAC keys are independent and neither equals bytes AES-GCM uses directly.
 * Associated data "jiesu.v1|<alg>|<keyId>|<field>" binds each value to its column: a phone ciphertext
 * pasted into the name column fails to decrypt.
 *
 * Lookup hashes are HMAC-SHA256 under the keyring's hashKey whatever the cipher, so switching
 * `JIESU_CIPHER` never breaks duplicate detection on stored tickets.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { AppError } from '../errors.js';
import type { Keyring } from './keys.js';

/** The setting: which construction new values are written with. */
export type CipherAlgorithm = 'aes-256-gcm' | 'sm4';
/** The construction recorded in a stored value. */
type AlgorithmTag = 'aes-256-gcm' | 'sm4-cbc-hmac-sm3';

const VERSION = 'v1';
const TAG_OF: Record<CipherAlgorithm, AlgorithmTag> = {
  'aes-256-gcm': 'aes-256-gcm',
  sm4: 'sm4-cbc-hmac-sm3',
};
const B64URL = /^[A-Za-z0-9_-]*$/;

export interface PersonalDataCipher {
  readonly algorithm: CipherAlgorithm;
  /** Encrypts under the active key; `field` (e.g. 'complainant.phone') must be given again to decrypt. */
  encrypt(field: string, plaintext: string): string;
  /** Decrypts with the algorithm and key recorded in `stored`; throws PersonalDataCryptoError otherwise. */
  decrypt(field: string, stored: string): string;
  /** Encrypts bytes (a file): a one-line header `v1.<alg>.<keyId>.<iv>.<tag>` then the raw ciphertext. */
  sealBytes(field: string, data: Buffer): Buffer;
  /** Decrypts what sealBytes wrote, with the algorithm and key its header records. */
  openBytes(field: string, stored: Buffer): Buffer;
  /** True when `stored` is not under the active key and algorithm (a re-encryption job's filter). */
  needsRotation(stored: string): boolean;
  /** Re-encrypts under the active key and algorithm; returns `stored` unchanged if already there. */
  rotateValue(field: string, stored: string): string;
  /** HMAC-SHA256 (hex) of the normalised phone: equal for '138 1234 5678', '+86 13812345678', '１３８…'. */
  phoneHash(phone: string): string;
  /** HMAC-SHA256 (hex) of `value` as given, separated per field, for other exact-match lookups. */
  textHash(field: string, value: string): string;
}

export type CryptoFailure = 'MALFORMED' | 'UNKNOWN_ALGORITHM' | 'UNKNOWN_KEY' | 'AUTHENTICATION_FAILED';

/** A stored value that cannot be decrypted. Never carries plaintext or key material. */
export class PersonalDataCryptoError extends AppError {
  constructor(
    readonly reason: CryptoFailure,
    readonly field: string,
    message: string,
  ) {
    super('CRYPTO.DECRYPT_FAILED', message, { reason, field });
    this.name = 'PersonalDataCryptoError';
  }
}

interface Parsed {
  alg: AlgorithmTag;
  keyId: string;
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

interface Sm4Keys {
  enc: Buffer;
  mac: Buffer;
}

interface KeyMaterial {
  raw: Buffer;
  sm4: Sm4Keys;
}

export function createPersonalDataCipher(
  keyring: Keyring,
  algorithm: CipherAlgorithm = 'aes-256-gcm',
): PersonalDataCipher {
  const activeTag = TAG_OF[algorithm];
  if (!activeTag) {
    throw new AppError(
      'CONFIG.INVALID',
      `未知的加密算法：${String(algorithm)}（只能是 aes-256-gcm 或 sm4）。`,
    );
  }
  const material = new Map<string, KeyMaterial>();
  for (const [id, key] of keyring.keys) material.set(id, { raw: key, sm4: deriveSm4Keys(key) });
  const found = material.get(keyring.activeKeyId);
  if (!found) throw new AppError('CONFIG.INVALID', `密钥环的 active 密钥 ${keyring.activeKeyId} 不存在。`);
  const active: KeyMaterial = found;

  function seal(field: string, data: Buffer): Parsed {
    checkField(field);
    const keyId = keyring.activeKeyId;
    const aad = associatedData(activeTag, keyId, field);
    const sealed =
      activeTag === 'aes-256-gcm' ? sealGcm(active.raw, aad, data) : sealSm4(active.sm4, aad, data);
    return { alg: activeTag, keyId, ...sealed };
  }

  function encrypt(field: string, plaintext: string): string {
    const { alg, keyId, iv, ciphertext, tag } = seal(field, Buffer.from(plaintext, 'utf8'));
    return [VERSION, alg, keyId, b64(iv), b64(ciphertext), b64(tag)].join('.');
  }

  function decrypt(field: string, stored: string): string {
    checkField(field);
    return open(field, parse(field, stored)).toString('utf8');
  }

  function open(field: string, v: Parsed): Buffer {
    const key = material.get(v.keyId);
    if (!key) {
      throw new PersonalDataCryptoError(
        'UNKNOWN_KEY',
        field,
        `字段 ${field} 的密文使用密钥 ${v.keyId.slice(0, 32)}，但密钥环中没有该密钥：轮换后请在 JIESU_DATA_KEYS 中保留旧密钥，直到全部数据重新加密。`,
      );
    }
    const aad = associatedData(v.alg, v.keyId, field);
    const plain = v.alg === 'aes-256-gcm' ? openGcm(key.raw, aad, v) : openSm4(key.sm4, aad, v);
    if (!plain) {
      throw new PersonalDataCryptoError(
        'AUTHENTICATION_FAILED',
        field,
        `字段 ${field} 的密文校验失败：数据被篡改、放错了字段，或密钥不对。请勿使用该值，并检查数据来源。`,
      );
    }
    return plain;
  }

  function needsRotation(stored: string): boolean {
    const [, alg, keyId] = stored.split('.');
    return alg !== activeTag || keyId !== keyring.activeKeyId;
  }

  return {
    algorithm,
    encrypt,
    decrypt,
    sealBytes(field, data) {
      const { alg, keyId, iv, ciphertext, tag } = seal(field, data);
      return Buffer.concat([
        Buffer.from(`${[VERSION, alg, keyId, b64(iv), b64(tag)].join('.')}\n`),
        ciphertext,
      ]);
    },
    openBytes(field, stored) {
      checkField(field);
      const nl = stored.indexOf(0x0a);
      const header = nl > 0 && nl < 512 ? stored.subarray(0, nl).toString('latin1').split('.') : [];
      if (header.length !== 5) {
        throw new PersonalDataCryptoError('MALFORMED', field, `文件 ${field} 不是本系统加密保存的文件。`);
      }
      const [version = '', alg = '', keyId = '', iv = '', tag = ''] = header;
      const ciphertext = b64(stored.subarray(nl + 1));
      return open(field, parse(field, [version, alg, keyId, iv, ciphertext, tag].join('.')));
    },
    needsRotation,
    rotateValue(field, stored) {
      const plain = decrypt(field, stored); // always authenticate, even when nothing needs to change
      return needsRotation(stored) ? encrypt(field, plain) : stored;
    },
    phoneHash: (phone) => keyedHash(keyring.hashKey, 'phone', normalisePhone(phone)),
    textHash(field, value) {
      checkField(field);
      return keyedHash(keyring.hashKey, `text:${field}`, value);
    },
  };
}

/**
 * The canonical form phones are hashed in: NFKC (full-width digits and signs → ASCII), separators removed,
 * the country code (+86, 0086, or 86 before a mobile number) dropped; a landline given with the country
 * code gets its trunk 0 back ('+86 432 6234 5678' → '043262345678'), so it equals the domestic spelling.
 */
export function normalisePhone(phone: string): string {
  let p = phone.normalize('NFKC').replace(/[\s\-().\u00b7\u2010-\u2015\u2212]/g, '');
  let international = false;
  if (p.startsWith('+86')) [p, international] = [p.slice(3), true];
  else if (p.startsWith('0086')) [p, international] = [p.slice(4), true];
  else if (/^861[3-9]\d{9}$/.test(p)) [p, international] = [p.slice(2), true];
  if (international && /^[1-9]/.test(p) && !/^1\d{10}$/.test(p)) p = `0${p}`; // not a mobile: a landline
  return p;
}

function keyedHash(key: Buffer, domain: string, value: string): string {
  // Length-prefixed domain: 'phone' hashes never equal a textHash of the same string.
  return createHmac('sha256', key)
    .update(`jiesu.v1.${domain.length}:${domain}|`)
    .update(value, 'utf8')
    .digest('hex');
}

function deriveSm4Keys(key: Buffer): Sm4Keys {
  const salt = Buffer.alloc(0);
  return {
    enc: Buffer.from(hkdfSync('sm3', key, salt, 'jiesu/v1/sm4-cbc/enc', 16)),
    mac: Buffer.from(hkdfSync('sm3', key, salt, 'jiesu/v1/hmac-sm3/mac', 32)),
  };
}

function associatedData(alg: AlgorithmTag, keyId: string, field: string): Buffer {
  return Buffer.from(`jiesu.${VERSION}|${alg}|${keyId}|${field}`, 'utf8');
}

function sealGcm(key: Buffer, aad: Buffer, data: Buffer): { iv: Buffer; ciphertext: Buffer; tag: Buffer } {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
  c.setAAD(aad);
  const ciphertext = Buffer.concat([c.update(data), c.final()]);
  return { iv, ciphertext, tag: c.getAuthTag() };
}

function openGcm(key: Buffer, aad: Buffer, v: Parsed): Buffer | null {
  if (v.iv.length !== 12 || v.tag.length !== 16) return null; // a short tag would weaken the check
  try {
    const d = createDecipheriv('aes-256-gcm', key, v.iv, { authTagLength: 16 });
    d.setAAD(aad);
    d.setAuthTag(v.tag);
    return Buffer.concat([d.update(v.ciphertext), d.final()]);
  } catch {
    return null;
  }
}

function sm4Mac(macKey: Buffer, aad: Buffer, iv: Buffer, ciphertext: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(aad.length);
  return createHmac('sm3', macKey).update(len).update(aad).update(iv).update(ciphertext).digest();
}

function sealSm4(keys: Sm4Keys, aad: Buffer, data: Buffer): { iv: Buffer; ciphertext: Buffer; tag: Buffer } {
  const iv = randomBytes(16);
  const c = createCipheriv('sm4-cbc', keys.enc, iv);
  const ciphertext = Buffer.concat([c.update(data), c.final()]);
  return { iv, ciphertext, tag: sm4Mac(keys.mac, aad, iv, ciphertext) };
}

function openSm4(keys: Sm4Keys, aad: Buffer, v: Parsed): Buffer | null {
  if (
    v.iv.length !== 16 ||
    v.tag.length !== 32 ||
    v.ciphertext.length === 0 ||
    v.ciphertext.length % 16 !== 0
  )
    return null;
  if (!timingSafeEqual(sm4Mac(keys.mac, aad, v.iv, v.ciphertext), v.tag)) return null;
  try {
    const d = createDecipheriv('sm4-cbc', keys.enc, v.iv);
    return Buffer.concat([d.update(v.ciphertext), d.final()]);
  } catch {
    return null; // unreachable after a valid MAC unless the key is wrong
  }
}

function parse(field: string, stored: string): Parsed {
  const malformed = (why: string) =>
    new PersonalDataCryptoError(
      'MALFORMED',
      field,
      `字段 ${field} 的值不是本系统的密文（${why}）：请检查数据是否被改写或来自其他系统。`,
    );
  if (typeof stored !== 'string') throw malformed('不是字符串');
  const parts = stored.split('.');
  if (parts.length !== 6) throw malformed('应为 v1.<算法>.<密钥>.<iv>.<密文>.<校验码> 六段');
  const [version, alg, keyId, iv, ciphertext, tag] = parts as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (version !== VERSION) throw malformed(`版本 ${version.slice(0, 8)} 不受支持`);
  if (alg !== 'aes-256-gcm' && alg !== 'sm4-cbc-hmac-sm3') {
    throw new PersonalDataCryptoError(
      'UNKNOWN_ALGORITHM',
      field,
      `字段 ${field} 的密文使用未知算法 ${alg.slice(0, 32)}。`,
    );
  }
  if (![iv, ciphertext, tag].every((p) => B64URL.test(p))) throw malformed('含非 base64url 字符');
  return { alg, keyId, iv: unb64(iv), ciphertext: unb64(ciphertext), tag: unb64(tag) };
}

function checkField(field: string): void {
  if (typeof field !== 'string' || field.length === 0)
    throw new TypeError('field must be a non-empty string');
}

const b64 = (b: Buffer): string => b.toString('base64url');
const unb64 = (s: string): Buffer => Buffer.from(s, 'base64url');
