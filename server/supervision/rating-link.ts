/**
 * The complainant's personal rating link (R4.6.3): sent with the feedback, an unguessable token that rates that
 * ticket once, instead of a call. Only the token's SHA-256 is stored. Written in the feedback's transaction.
 */
import { createHash, randomBytes } from 'node:crypto';
import { ratingTokens, type TicketRow } from '../db/schema.js';
import { queueSms } from '../sms/sms.queue.js';
import type { Tx } from '../tickets/ticket.repository.js';

const LINK_DAYS = 15;
export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Creates the link and queues the SMS that carries it. */
export async function issueRatingLink(tx: Tx, publicUrl: string, ticket: TicketRow, at: Date): Promise<void> {
  const token = randomBytes(24).toString('base64url');
  await tx.insert(ratingTokens).values({
    tokenHash: tokenHash(token),
    ticketId: ticket.id,
    createdAt: at,
    expiresAt: new Date(at.getTime() + LINK_DAYS * 86_400_000),
  });
  const link = `${publicUrl}/public/rate#${token}`;
  await queueSms(tx, {
    kind: 'complainant.rating-link',
    toEnc: ticket.complainantPhoneEnc,
    vars: { code: ticket.code, link },
    ticketId: ticket.id,
    at,
  });
}
