/**
 * The public tracking reference and its guard (R2.1, R9.1; GB/T 22239 8.1.4.4; ASVS V11.1): ticket codes are
 * sequential, so the reference a citizen tracks by is the code plus a 6-character check (30 bits) keyed by
 * the server's hash key — not derivable from the code, stable for the ticket, nothing stored. Failed
 * attempts are counted per code as well as per address: after 5 within 15 minutes that code answers 429
 * until the window ends, whoever asks and whatever the phone, so rotating addresses buys nothing.
 */
import { timingSafeEqual } from 'node:crypto';
import type { PersonalDataCipher } from '../security/crypto.js';

/** No look-alikes (0/O, 1/I): 32 symbols, 5 bits each. */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const CHECK_LENGTH = 6;
export const TRACK_FAILURES_PER_CODE = 5;
export const TRACK_WINDOW_MS = 15 * 60_000;

/** The check characters of one ticket: HMAC of its id under the hash key, in ALPHABET. */
export function trackingCheck(cipher: Pick<PersonalDataCipher, 'textHash'>, ticketId: string): string {
  const hex = cipher.textHash('public.tracking', ticketId.toLowerCase());
  let out = '';
  for (let i = 0; i < CHECK_LENGTH; i++) out += ALPHABET[parseInt(hex.slice(i * 2, i * 2 + 2), 16) % 32];
  return out;
}

/** What a citizen is given and types back: '<code>-<check>'. */
export const trackingReference = (
  cipher: Pick<PersonalDataCipher, 'textHash'>,
  ticket: { id: string; code: string },
) => `${ticket.code}-${trackingCheck(cipher, ticket.id)}`;

/** Splits a typed reference into the ticket code and the check (any case, spaces ignored). */
export function parseReference(reference: string): { code: string; check: string } {
  const s = reference.normalize('NFKC').replace(/\s/g, '').toUpperCase();
  const dash = s.lastIndexOf('-');
  return dash < 0 ? { code: s, check: '' } : { code: s.slice(0, dash), check: s.slice(dash + 1) };
}

export const checkMatches = (given: string, expected: string): boolean =>
  given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));

/** Failed tracking attempts per ticket code, in a sliding window (one process; see docs/security.md). */
export class TrackingGuard {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit = TRACK_FAILURES_PER_CODE,
    private readonly windowMs = TRACK_WINDOW_MS,
  ) {}

  /** Seconds until the code may be tried again, or 0. */
  retryAfter(code: string, now: Date): number {
    const recent = this.recent(code, now);
    if (recent.length < this.limit) return 0;
    return Math.ceil(((recent[0] as number) + this.windowMs - now.getTime()) / 1000);
  }

  fail(code: string, now: Date): void {
    const recent = this.recent(code, now);
    recent.push(now.getTime());
    this.failures.set(code, recent);
    if (this.failures.size > 100_000) this.prune(now);
  }

  private recent(code: string, now: Date): number[] {
    const since = now.getTime() - this.windowMs;
    return (this.failures.get(code) ?? []).filter((t) => t > since);
  }

  private prune(now: Date): void {
    for (const [code] of this.failures) if (this.recent(code, now).length === 0) this.failures.delete(code);
  }
}
