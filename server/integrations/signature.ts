/**
 * The signature of every partner and webhook request, both directions (docs/integrations-outbound.md):
 * `X-Jiesu-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>` with `X-Jiesu-Timestamp` in Unix
 * seconds. A receiver refuses a timestamp more than REPLAY_WINDOW_SECONDS away from its clock.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'x-jiesu-timestamp';
export const SIGNATURE_HEADER = 'x-jiesu-signature';
export const REPLAY_WINDOW_SECONDS = 300;

export function sign(secret: string, timestamp: string, body: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

/** Constant-time check of a signature (with or without its `sha256=` prefix). */
export function verify(secret: string, timestamp: string, body: string, signature: string): boolean {
  const expected = Buffer.from(sign(secret, timestamp, body).slice('sha256='.length), 'hex');
  const hex = signature.trim().replace(/^sha256=/i, '');
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) return false;
  return timingSafeEqual(expected, Buffer.from(hex, 'hex'));
}

/** Whether a Unix-seconds timestamp is within the replay window of `now`. */
export function fresh(timestamp: string, now: Date): boolean {
  if (!/^\d{9,11}$/.test(timestamp)) return false;
  return Math.abs(Number(timestamp) - Math.floor(now.getTime() / 1000)) <= REPLAY_WINDOW_SECONDS;
}

/** A new signing secret: 32 random bytes, base64url. */
export const newSecret = (): string => randomBytes(32).toString('base64url');
