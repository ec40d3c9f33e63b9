/**
 * Configuration from the environment — see the table in README.md.
 */
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { AppError } from './errors.js';
import { smsConfigFrom, type SmsConfig } from './sms/sms.config.js';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  /**
   * The engine in DATA_DIR when DATABASE_URL is not set (JIESU_EMBEDDED_ENGINE): `postgres` (the default, a
   * durable embedded PostgreSQL cluster, ADR 0005) or `pglite` (opt-in; no fsync, so refused in production).
   */
  embeddedEngine: 'postgres' | 'pglite';
  production: boolean;
  /** Demo mode loads demo users and demo tickets; never in production. */
  demo: boolean;
  demoPassword: string;
  fakeTime: Date | null;
  cipher: 'aes-256-gcm' | 'sm4';
  /** Behind TLS (a reverse proxy): send HSTS and mark cookies Secure. */
  tls: boolean;
  logLevel: string;
  /** Idle session timeout (30 minutes). */
  sessionIdleSeconds: number;
  /** Absolute session lifetime. */
  sessionAbsoluteSeconds: number;
  /** Where citizens reach the platform, for links sent to them. */
  publicUrl: string;
  /** Admins must have a confirmed TOTP second factor (always in production). */
  adminTotpRequired: boolean;
  /** Requests per minute and client address. */
  rateLimits: { loginPerMinute: number; publicSubmitPerMinute: number; publicTrackPerMinute: number };
  /** Attachments: where their encrypted files live, the size cap and how many a ticket may hold. */
  attachments: { dir: string; maxBytes: number; perTicket: number };
  /** Most rows one ticket-list export may hold; a larger filter is refused (413), never cut short. */
  exportRowsMax: number;
  /** The intake channel the registration form starts with (JIESU_DEFAULT_CHANNEL; the 12345 hotline). */
  defaultChannel: string;
  /**
   * Addresses or CIDR ranges of the reverse proxies whose X-Forwarded-For is believed (JIESU_TRUSTED_PROXIES,
   * comma-separated; default none). Anyone else's forwarded headers are ignored, so rate limits and the audit
   * log see the real peer.
   */
  trustedProxies: string[];
  /**
   * Which hand-over notifications are also queued for SMS to the staff (JIESU_NOTIFY_SMS): `off` (default),
   * `urgent` (urgent tickets and 督办 only) or `all`. The SMS text carries the ticket code, what happened and the
   * deadline — never the request's content or the complainant (R9.1).
   */
  notifySms: 'off' | 'urgent' | 'all';
  /** How SMS leave the platform (JIESU_SMS_*; server/sms/sms.config.ts). */
  sms: SmsConfig;
}

export const DEFAULT_DEMO_PASSWORD = 'Jiesu@2026';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const demo = !production && env.JIESU_DEMO !== '0';
  const fakeTimeRaw = env.JIESU_FAKE_TIME;
  let fakeTime: Date | null = null;
  if (fakeTimeRaw) {
    fakeTime = new Date(fakeTimeRaw);
    if (Number.isNaN(fakeTime.getTime())) {
      throw new AppError('CONFIG.INVALID', `JIESU_FAKE_TIME 不是合法的 ISO 时间：${fakeTimeRaw}`);
    }
    if (production)
      throw new AppError('CONFIG.INVALID', '生产环境（NODE_ENV=production）不允许设置 JIESU_FAKE_TIME。');
  }
  const cipher = env.JIESU_CIPHER ?? 'aes-256-gcm';
  if (cipher !== 'aes-256-gcm' && cipher !== 'sm4') {
    throw new AppError('CONFIG.INVALID', `JIESU_CIPHER 只能是 aes-256-gcm 或 sm4，收到：${cipher}`);
  }
  const embeddedEngine = env.JIESU_EMBEDDED_ENGINE || 'postgres';
  if (embeddedEngine !== 'postgres' && embeddedEngine !== 'pglite') {
    throw new AppError(
      'CONFIG.INVALID',
      `JIESU_EMBEDDED_ENGINE 只能是 postgres（默认）或 pglite，收到：${embeddedEngine}`,
    );
  }
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new AppError('CONFIG.INVALID', `PORT 不是合法端口：${env.PORT}`);
  }
  const dataDir = resolve(env.DATA_DIR ?? './data');
  const maxMiB = Number(env.JIESU_ATTACHMENT_MAX_MB ?? 10);
  if (!(maxMiB > 0 && maxMiB <= 100)) {
    throw new AppError(
      'CONFIG.INVALID',
      `JIESU_ATTACHMENT_MAX_MB 须在 0–100 之间，收到：${env.JIESU_ATTACHMENT_MAX_MB}`,
    );
  }
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir,
    databaseUrl: env.DATABASE_URL || null,
    embeddedEngine,
    production,
    demo,
    demoPassword: env.JIESU_DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD,
    fakeTime,
    cipher,
    tls: env.JIESU_TLS === '1',
    logLevel: env.LOG_LEVEL ?? (production ? 'info' : 'warn'),
    sessionIdleSeconds: 30 * 60,
    sessionAbsoluteSeconds: 12 * 60 * 60,
    adminTotpRequired: production || env.JIESU_ADMIN_TOTP === 'required',
    publicUrl: (env.JIESU_PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    rateLimits: { loginPerMinute: 20, publicSubmitPerMinute: 5, publicTrackPerMinute: 20 },
    attachments: {
      dir: resolve(env.JIESU_ATTACHMENT_DIR ?? resolve(dataDir, 'attachments')),
      maxBytes: Math.round(maxMiB * 1024 * 1024),
      perTicket: 20,
    },
    exportRowsMax: 50_000,
    defaultChannel: env.JIESU_DEFAULT_CHANNEL?.trim() || 'hotline_12345',
    trustedProxies: trustedProxiesFrom(env.JIESU_TRUSTED_PROXIES),
    notifySms: notifySmsFrom(env.JIESU_NOTIFY_SMS),
    sms: smsConfigFrom(env),
  };
}

function notifySmsFrom(raw: string | undefined): Config['notifySms'] {
  const v = raw?.trim() || 'off';
  if (v === 'off' || v === 'urgent' || v === 'all') return v;
  throw new AppError('CONFIG.INVALID', `JIESU_NOTIFY_SMS 只能是 off、urgent 或 all，收到：${raw}`);
}

/** `JIESU_TRUSTED_PROXIES`: IPv4/IPv6 addresses or CIDR ranges, comma-separated; anything else is refused at start. */
function trustedProxiesFrom(raw: string | undefined): string[] {
  const items = (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const item of items) {
    const [address, bits, ...rest] = item.split('/');
    const version = isIP(address ?? '');
    const bitsOk =
      bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (version === 6 ? 128 : 32));
    if (version === 0 || !bitsOk || rest.length > 0) {
      throw new AppError(
        'CONFIG.INVALID',
        `JIESU_TRUSTED_PROXIES 须为逗号分隔的 IP 地址或 CIDR 网段（如 10.0.0.1,192.168.0.0/16），收到：${item}`,
      );
    }
  }
  return items;
}
