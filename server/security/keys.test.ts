import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { createPersonalDataCipher } from './crypto.js';
import {
  generateKeyringJson,
  isWeakKey,
  loadKeyring,
  loadKeyringWithSource,
  parseKeyringJson,
  rotateKeyringJson,
} from './keys.js';

const b64 = (bytes: Buffer) => bytes.toString('base64');
const rand = () => b64(randomBytes(32));
const tempDir = () => mkdtempSync(join(tmpdir(), 'jiesu-keys-'));
const ringJson = (over: Record<string, unknown> = {}) =>
  JSON.stringify({ active: 'k2', keys: { k1: rand(), k2: rand() }, hashKey: rand(), ...over });

function configError(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError && err.code === 'CONFIG.INVALID') return err.message;
    throw err;
  }
  throw new Error('expected a CONFIG.INVALID error');
}

describe('R9.1 keys for personal data come from configuration, never from the database', () => {
  it('R9.1 when JIESU_DATA_KEYS is set, then its keys and active key are used', () => {
    const json = ringJson();
    const ring = loadKeyring({ env: { JIESU_DATA_KEYS: json }, dataDir: tempDir(), production: true });
    const raw = JSON.parse(json) as { keys: Record<string, string>; hashKey: string };
    expect(ring.activeKeyId).toBe('k2');
    expect([...ring.keys.keys()]).toEqual(['k1', 'k2']);
    expect(ring.keys.get('k1')?.toString('base64')).toBe(raw.keys.k1);
    expect(ring.hashKey.toString('base64')).toBe(raw.hashKey);
  });

  it('R9.1 when JIESU_KEY_FILE names a file, then the keyring is read from it', () => {
    const path = join(tempDir(), 'ring.json');
    writeFileSync(path, ringJson({ active: 'k1' }));
    const { keyring, source } = loadKeyringWithSource({
      env: { JIESU_KEY_FILE: path },
      dataDir: tempDir(),
      production: true,
    });
    expect(source).toBe('file');
    expect(keyring.activeKeyId).toBe('k1');
  });

  it('R9.1 when the key file is missing or both settings are given, then the error says what to fix', () => {
    expect(
      configError(() =>
        loadKeyring({
          env: { JIESU_KEY_FILE: '/nonexistent/k.json' },
          dataDir: tempDir(),
          production: false,
        }),
      ),
    ).toContain('/nonexistent/k.json');
    expect(
      configError(() =>
        loadKeyring({
          env: { JIESU_KEY_FILE: '/x', JIESU_DATA_KEYS: ringJson() },
          dataDir: tempDir(),
          production: false,
        }),
      ),
    ).toContain('只能设置其一');
  });

  it('R9.1 when production has no keys configured, then start-up fails naming JIESU_DATA_KEYS and JIESU_KEY_FILE', () => {
    const dir = tempDir();
    const message = configError(() => loadKeyring({ env: {}, dataDir: dir, production: true }));
    expect(message).toContain('JIESU_DATA_KEYS');
    expect(message).toContain('JIESU_KEY_FILE');
    expect(() => statSync(join(dir, 'keys.json'))).toThrow();
  });

  it('R9.1 when development has no keys configured, then <dataDir>/keys.json is created once (0600) and reused', () => {
    const dir = join(tempDir(), 'nested', 'data');
    const first = loadKeyringWithSource({ env: { JIESU_DATA_KEYS: '' }, dataDir: dir, production: false });
    expect(first.source).toBe('dev-file-created');
    expect(statSync(join(dir, 'keys.json')).mode & 0o777).toBe(0o600);
    const second = loadKeyringWithSource({ env: {}, dataDir: dir, production: false });
    expect(second.source).toBe('dev-file');
    const a = createPersonalDataCipher(first.keyring);
    const b = createPersonalDataCipher(second.keyring);
    expect(b.decrypt('complainant.phone', a.encrypt('complainant.phone', '13812345678'))).toBe('13812345678');
    expect(b.phoneHash('13812345678')).toBe(a.phoneHash('13812345678'));
    expect(readFileSync(join(dir, 'keys.json'), 'utf8')).toMatch(/"hashKey"/);
  });

  it.each([
    ['not json', '{', 'JSON'],
    ['an array', '[]', 'JSON 对象'],
    ['no keys', JSON.stringify({ active: 'k1', keys: {}, hashKey: rand() }), 'keys'],
    ['an active key that is not in keys', ringJson({ active: 'k9' }), 'active'],
    ['a 16-byte key', ringJson({ keys: { k2: b64(randomBytes(16)) } }), '32 字节'],
    ['a key that is not base64', ringJson({ keys: { k2: 'not base64 at all!' } }), '32 字节'],
    ['a missing hashKey', ringJson({ hashKey: undefined }), 'hashKey'],
    ['a key id with a dot', ringJson({ active: 'k.2', keys: { 'k.2': rand() } }), '密钥编号'],
    ['an unknown property', ringJson({ activeKey: 'k1' }), 'activeKey'],
  ])('R9.1 when the keyring has %s, then it is refused', (_what, json, mentions) => {
    expect(configError(() => parseKeyringJson(json, 'JIESU_DATA_KEYS', { production: false }))).toContain(
      mentions,
    );
  });

  it('R9.1 when production is given an all-zero, repetitive or reused key, then it is refused; development accepts it', () => {
    const zero = b64(Buffer.alloc(32));
    const typed = Buffer.from('0123456789abcdef0123456789abcdef').toString('base64');
    const same = rand();
    for (const json of [
      ringJson({ keys: { k1: rand(), k2: zero } }),
      ringJson({ hashKey: zero }),
      ringJson({ keys: { k1: rand(), k2: typed } }),
      ringJson({ keys: { k1: same, k2: same } }),
      ringJson({ keys: { k1: rand(), k2: same }, hashKey: same }),
    ]) {
      expect(configError(() => parseKeyringJson(json, 'JIESU_DATA_KEYS', { production: true }))).toMatch(
        /弱密钥|同一把密钥/,
      );
      expect(parseKeyringJson(json, 'JIESU_DATA_KEYS', { production: false }).activeKeyId).toBe('k2');
    }
    expect(isWeakKey(randomBytes(32))).toBe(false);
  });

  it('R9.1 when the admin CLI generates and rotates a keyring, then old keys and the hash key are kept', () => {
    const first = generateKeyringJson();
    const ring1 = parseKeyringJson(first, 'generated', { production: true });
    expect(ring1.activeKeyId).toBe('k1');
    const old = createPersonalDataCipher(ring1, 'sm4').encrypt('complainant.name', '张三');

    const second = rotateKeyringJson(first);
    const ring2 = parseKeyringJson(second, 'rotated', { production: true });
    expect(ring2.activeKeyId).toBe('k2');
    expect(ring2.keys.get('k1')?.equals(ring1.keys.get('k1') ?? Buffer.alloc(0))).toBe(true);
    expect(ring2.hashKey.equals(ring1.hashKey)).toBe(true);
    expect(createPersonalDataCipher(ring2).decrypt('complainant.name', old)).toBe('张三');
    expect(
      parseKeyringJson(rotateKeyringJson(second, '2027-01'), 'rotated', { production: true }).activeKeyId,
    ).toBe('2027-01');
    expect(configError(() => rotateKeyringJson(second, 'k1'))).toContain('已存在');
  });
});
