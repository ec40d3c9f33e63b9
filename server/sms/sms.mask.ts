import { normalisePhone } from '../security/crypto.js';

/** Numbers as the office sees them, and the cipher fields the outbox's numbers are sealed under (R9.1). */
export const PHONE_FIELD = 'complainant.phone';
export const UNIT_PHONE_FIELD = 'unit.sms_phone';

/** 138****5678: enough to tell numbers apart, not enough to call. */
export function maskPhone(phone: string): string {
  const d = normalisePhone(phone).replace(/\D/g, '');
  if (d.length < 7) return '****';
  return `${d.slice(0, 3)}****${d.slice(-4)}`;
}
