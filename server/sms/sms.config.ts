/**
 * SMS settings from the environment (README's configuration table, docs/integrations-sms.md). The driver
 * `demo` sends nothing: the rows stay readable in the demo outbox. `http` posts to a gateway; `smpp` binds to an
 * SMSC as a transceiver.
 */
import { AppError } from '../errors.js';

export interface HttpGatewayConfig {
  url: string;
  method: 'POST' | 'PUT' | 'GET';
  /** The request body with placeholders {to} {text} {ref} {sender}; JSON-escaped when the content type is JSON. */
  bodyTemplate: string;
  contentType: string;
  /** HMAC-SHA256 key for the request's signature; none: unsigned. */
  secret: string | null;
  signatureHeader: string;
  timestampHeader: string;
  /** Dotted path into the JSON answer whose value means success, and that value (as text); none: any 2xx. */
  successPath: string | null;
  successValue: string;
  /** Dotted path into the JSON answer holding the gateway's message id; none: our reference. */
  idPath: string | null;
  timeoutMs: number;
  sender: string;
}

export interface SmppConfig {
  url: string;
  systemId: string;
  password: string;
  systemType: string;
  sourceAddr: string;
  timeoutMs: number;
}

export interface SmsConfig {
  driver: 'demo' | 'http' | 'smpp';
  http: HttpGatewayConfig | null;
  smpp: SmppConfig | null;
  /** The secret the gateway signs receipts and replies with (POST /api/v1/sms/receipts, /inbound). */
  receiptSecret: string | null;
  maxAttempts: number;
  /** A row taken to send whose answer never came back is `unknown` after this long, and is not resent. */
  staleSeconds: number;
}

const DEFAULT_BODY = '{"to":"{to}","text":"{text}","ref":"{ref}","sender":"{sender}"}';

function int(env: NodeJS.ProcessEnv, name: string, dflt: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new AppError('CONFIG.INVALID', `${name} 须为 ${min}–${max} 之间的整数，收到：${raw}`);
  return n;
}

function required(env: NodeJS.ProcessEnv, name: string, driver: string): string {
  const v = env[name]?.trim();
  if (!v) throw new AppError('CONFIG.INVALID', `JIESU_SMS_DRIVER=${driver} 需要设置 ${name}。`);
  return v;
}

export function smsConfigFrom(env: NodeJS.ProcessEnv): SmsConfig {
  const driver = env.JIESU_SMS_DRIVER?.trim() || 'demo';
  if (driver !== 'demo' && driver !== 'http' && driver !== 'smpp')
    throw new AppError('CONFIG.INVALID', `JIESU_SMS_DRIVER 只能是 demo、http 或 smpp，收到：${driver}`);
  let http: HttpGatewayConfig | null = null;
  let smpp: SmppConfig | null = null;
  if (driver === 'http') {
    const url = required(env, 'JIESU_SMS_HTTP_URL', driver);
    if (!/^https?:\/\//.test(url))
      throw new AppError('CONFIG.INVALID', `JIESU_SMS_HTTP_URL 须为 http(s) 地址，收到：${url}`);
    const method = (env.JIESU_SMS_HTTP_METHOD?.trim() || 'POST').toUpperCase();
    if (method !== 'POST' && method !== 'PUT' && method !== 'GET')
      throw new AppError('CONFIG.INVALID', `JIESU_SMS_HTTP_METHOD 只能是 POST、PUT 或 GET，收到：${method}`);
    http = {
      url,
      method,
      bodyTemplate: env.JIESU_SMS_HTTP_BODY || DEFAULT_BODY,
      contentType: env.JIESU_SMS_HTTP_CONTENT_TYPE?.trim() || 'application/json',
      secret: env.JIESU_SMS_HTTP_SECRET || null,
      signatureHeader: env.JIESU_SMS_HTTP_SIGNATURE_HEADER?.trim() || 'X-Jiesu-Signature',
      timestampHeader: env.JIESU_SMS_HTTP_TIMESTAMP_HEADER?.trim() || 'X-Jiesu-Timestamp',
      successPath: env.JIESU_SMS_HTTP_SUCCESS_PATH?.trim() || null,
      successValue: env.JIESU_SMS_HTTP_SUCCESS_VALUE ?? '0',
      idPath: env.JIESU_SMS_HTTP_ID_PATH?.trim() || null,
      timeoutMs: int(env, 'JIESU_SMS_TIMEOUT_MS', 10_000, 100, 120_000),
      sender: env.JIESU_SMS_SENDER?.trim() || '12345',
    };
  }
  if (driver === 'smpp') {
    const url = required(env, 'JIESU_SMS_SMPP_URL', driver);
    if (!/^s?smpp:\/\//.test(url))
      throw new AppError('CONFIG.INVALID', `JIESU_SMS_SMPP_URL 须为 smpp://主机:端口，收到：${url}`);
    smpp = {
      url,
      systemId: required(env, 'JIESU_SMS_SMPP_SYSTEM_ID', driver),
      password: env.JIESU_SMS_SMPP_PASSWORD ?? '',
      systemType: env.JIESU_SMS_SMPP_SYSTEM_TYPE ?? '',
      sourceAddr: env.JIESU_SMS_SENDER?.trim() || '12345',
      timeoutMs: int(env, 'JIESU_SMS_TIMEOUT_MS', 10_000, 100, 120_000),
    };
  }
  return {
    driver,
    http,
    smpp,
    receiptSecret: env.JIESU_SMS_RECEIPT_SECRET || env.JIESU_SMS_HTTP_SECRET || null,
    maxAttempts: int(env, 'JIESU_SMS_MAX_ATTEMPTS', 6, 1, 50),
    staleSeconds: int(env, 'JIESU_SMS_STALE_SECONDS', 300, 10, 86_400),
  };
}
