/**
 * The keyring for personal data at rest (R9.1): data keys by id, the active one new values are written
 * under, and the key of the keyed lookup hashes. Keys come from configuration, never from the database —
 * a database dump alone must not be enough to read citizens' phone numbers.
 *
 * Configuration (same JSON in both places):
 *   JIESU_DATA_KEYS='{"active":"k2","keys":{"k1":"<base64>","k2":"<base64>"},"hashKey":"<base64>"}'
 *   JIESU_KEY_FILE=/run/secrets/jiesu-keys.json
 * Rotation: add a key, make it active, keep the old ones until every value has been re-encrypted
 * (`PersonalDataCipher.rotateValue`). Never change `hashKey` on a live system: every stored phone hash
 * would stop matching until recomputed from the decrypted phones.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../errors.js';

export const KEY_BYTES = 32;
/** A key id ends up inside every stored value, whose parts are separated by dots. */
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]+={0,2}|[A-Za-z0-9_-]+)$/;
const DEV_KEY_FILE = 'keys.json';

export interface Keyring {
  /** The key new values are encrypted under. */
  readonly activeKeyId: string;
  /** Every key that may still be recorded in a stored value, by id; each exactly 32 bytes. */
  readonly keys: ReadonlyMap<string, Buffer>;
  /** Key of the keyed lookup hashes (phoneHash, textHash); 32 bytes. */
  readonly hashKey: Buffer;
}

export interface LoadKeyringOptions {
  env: NodeJS.ProcessEnv;
  /** Where a development keyring is created when nothing is configured. */
  dataDir: string;
  production: boolean;
}

/** Where the keyring came from, for the start-up log (never the keys themselves). */
export type KeyringSource = 'env' | 'file' | 'dev-file-created' | 'dev-file';

const configError = (message: string): AppError => new AppError('CONFIG.INVALID', message);

/**
 * Loads the keyring: `JIESU_DATA_KEYS`, else the file in `JIESU_KEY_FILE`; outside production with neither
 * set, `<dataDir>/keys.json` is created (mode 0600) on first use and reused afterwards. In production
 * missing or weak keys stop the start with a message saying what to set.
 */
export function loadKeyring(options: LoadKeyringOptions): Keyring {
  return loadKeyringWithSource(options).keyring;
}

export function loadKeyringWithSource({ env, dataDir, production }: LoadKeyringOptions): {
  keyring: Keyring;
  source: KeyringSource;
} {
  const inline = env.JIESU_DATA_KEYS?.trim();
  const file = env.JIESU_KEY_FILE?.trim();
  if (inline && file) {
    throw configError('JIESU_DATA_KEYS 与 JIESU_KEY_FILE 只能设置其一，请删除其中一个。');
  }
  if (inline) return { keyring: parseKeyringJson(inline, 'JIESU_DATA_KEYS', { production }), source: 'env' };
  if (file)
    return {
      keyring: parseKeyringJson(readKeyFile(file), `JIESU_KEY_FILE（${file}）`, { production }),
      source: 'file',
    };
  if (production) {
    throw configError(
      '生产环境未配置个人信息加密密钥：请设置 JIESU_DATA_KEYS（密钥环 JSON）或 JIESU_KEY_FILE（密钥文件路径），' +
        '可用管理命令生成（generateKeyringJson）。密钥不得存放在数据库中。',
    );
  }
  return ensureDevKeyring(dataDir);
}

function readKeyFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unknown';
    throw configError(`无法读取 JIESU_KEY_FILE 指定的密钥文件 ${path}（${code}）：请检查路径与读取权限。`);
  }
}

/** Development only: one random keyring per data directory, published atomically so two starts agree. */
function ensureDevKeyring(dataDir: string): { keyring: Keyring; source: KeyringSource } {
  const path = join(dataDir, DEV_KEY_FILE);
  let source: KeyringSource = 'dev-file';
  if (!existsSync(path)) {
    mkdirSync(dataDir, { recursive: true });
    const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(tmp, generateKeyringJson() + '\n', { mode: 0o600, flag: 'wx' });
    chmodSync(tmp, 0o600);
    try {
      linkSync(tmp, path); // fails with EEXIST if another process won the race: then use its file
      source = 'dev-file-created';
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      unlinkSync(tmp);
    }
  }
  return { keyring: parseKeyringJson(readFileSync(path, 'utf8'), path, { production: false }), source };
}

/**
 * Parses and validates keyring JSON. Always: ids are [A-Za-z0-9_-]{1,32}, keys and hashKey decode from
 * base64 to exactly 32 bytes, the active id is present. In production also: no weak keys (one repeated
 * byte, too few distinct bytes) and no key used twice.
 */
export function parseKeyringJson(
  json: string,
  source: string,
  { production }: { production: boolean },
): Keyring {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw configError(
      `${source} 不是合法的 JSON。格式：{"active":"k1","keys":{"k1":"<base64>"},"hashKey":"<base64>"}`,
    );
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw configError(
      `${source} 必须是 JSON 对象：{"active":"k1","keys":{"k1":"<base64>"},"hashKey":"<base64>"}`,
    );
  }
  const obj = raw as Record<string, unknown>;
  const unknown = Object.keys(obj).filter((k) => !['active', 'keys', 'hashKey'].includes(k));
  if (unknown.length > 0)
    throw configError(`${source} 含未知字段：${unknown.join(', ')}（只允许 active、keys、hashKey）。`);

  const { active, keys: rawKeys, hashKey: rawHashKey } = obj;
  if (
    typeof rawKeys !== 'object' ||
    rawKeys === null ||
    Array.isArray(rawKeys) ||
    Object.keys(rawKeys).length === 0
  ) {
    throw configError(`${source} 的 keys 必须是非空对象：{"k1":"<base64 32 字节>"}。`);
  }
  const keys = new Map<string, Buffer>();
  for (const [id, value] of Object.entries(rawKeys as Record<string, unknown>)) {
    if (!KEY_ID.test(id))
      throw configError(`${source} 的密钥编号 “${id}” 不合法：只能用字母、数字、_ 和 -，最长 32 个字符。`);
    keys.set(id, decodeKey(value, `${source} 的密钥 ${id}`));
  }
  if (typeof active !== 'string' || !keys.has(active)) {
    throw configError(
      `${source} 的 active 必须是 keys 中的一个密钥编号（现有：${[...keys.keys()].join(', ')}）。`,
    );
  }
  const hashKey = decodeKey(rawHashKey, `${source} 的 hashKey`);
  if (production) refuseWeakKeys(keys, hashKey, source);
  return { activeKeyId: active, keys, hashKey };
}

function decodeKey(value: unknown, what: string): Buffer {
  const key = typeof value === 'string' && BASE64.test(value) ? Buffer.from(value, 'base64') : null;
  if (!key || key.length !== KEY_BYTES) {
    throw configError(
      `${what} 必须是 base64 编码的 ${KEY_BYTES} 字节随机密钥（例如 openssl rand -base64 32 的输出）。`,
    );
  }
  return key;
}

/**
 * A key that was typed or padded rather than drawn at random: fewer than 16 distinct bytes (a random
 * 32-byte key has ~30; all-zero has 1), or all printable ASCII (a passphrase; chance for a random key ≈ 1e-14).
 */
export function isWeakKey(key: Buffer): boolean {
  return new Set(key).size < 16 || key.every((b) => b >= 0x20 && b <= 0x7e);
}

function refuseWeakKeys(keys: ReadonlyMap<string, Buffer>, hashKey: Buffer, source: string): void {
  const all: [string, Buffer][] = [...keys.entries(), ['hashKey', hashKey]];
  for (const [id, key] of all) {
    if (isWeakKey(key))
      throw configError(
        `${source} 的密钥 ${id} 是弱密钥（如全零），生产环境拒绝启动：请用随机生成的密钥替换。`,
      );
  }
  const seen = new Map<string, string>();
  for (const [id, key] of all) {
    const other = seen.get(key.toString('hex'));
    if (other) throw configError(`${source} 的 ${other} 与 ${id} 是同一把密钥：每个密钥必须各自随机生成。`);
    seen.set(key.toString('hex'), id);
  }
}

/** Fresh keyring JSON for the admin CLI or a first deployment: one data key and a hash key. */
export function generateKeyringJson(keyId = 'k1'): string {
  if (!KEY_ID.test(keyId))
    throw configError(`密钥编号 “${keyId}” 不合法：只能用字母、数字、_ 和 -，最长 32 个字符。`);
  return JSON.stringify({
    active: keyId,
    keys: { [keyId]: randomBytes(KEY_BYTES).toString('base64') },
    hashKey: randomBytes(KEY_BYTES).toString('base64'),
  });
}

/**
 * Rotation step for the admin CLI: adds a fresh data key under `newKeyId` (default k<n+1>) and makes it
 * active; old keys and the hash key are kept so existing values still decrypt and hashes still match.
 */
export function rotateKeyringJson(json: string, newKeyId?: string): string {
  const ring = parseKeyringJson(json, 'keyring', { production: false });
  const id = newKeyId ?? nextKeyId(ring.keys);
  if (!KEY_ID.test(id))
    throw configError(`密钥编号 “${id}” 不合法：只能用字母、数字、_ 和 -，最长 32 个字符。`);
  if (ring.keys.has(id)) throw configError(`密钥编号 ${id} 已存在：轮换必须使用新的编号。`);
  const keys: Record<string, string> = {};
  for (const [k, v] of ring.keys) keys[k] = v.toString('base64');
  keys[id] = randomBytes(KEY_BYTES).toString('base64');
  return JSON.stringify({ active: id, keys, hashKey: ring.hashKey.toString('base64') });
}

function nextKeyId(keys: ReadonlyMap<string, Buffer>): string {
  let n = keys.size + 1;
  while (keys.has(`k${n}`)) n++;
  return `k${n}`;
}
