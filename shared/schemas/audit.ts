/** The audit log's answers (GET /api/v1/audit, /audit/retention, /audit/verify): entries, retention and the hash-chain check. */
import { z } from 'zod';

export const auditView = z.object({
  id: z.number(),
  at: z.string(),
  actorUserId: z.string().nullable(),
  actorUsername: z.string().nullable(),
  actorRole: z.string().nullable(),
  actorUnitId: z.string().nullable(),
  action: z.string(),
  ticketId: z.string().nullable(),
  /** The ticket's code (what people call it), when the entry concerns a ticket. */
  ticketCode: z.string().nullable(),
  target: z.string().nullable(),
  ip: z.string().nullable(),
  outcome: z.string(),
  details: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof auditView>;

export const auditList = z.object({ items: z.array(auditView), total: z.number() });

export const auditRetention = z.object({
  records: z.number(),
  oldestAt: z.string().nullable(),
  anchors: z.array(
    z.object({
      id: z.number(),
      throughId: z.number(),
      lastHash: z.string(),
      records: z.number(),
      fileSha256: z.string(),
      archivedAt: z.string(),
    }),
  ),
});
export type AuditRetention = z.infer<typeof auditRetention>;

export const auditVerifyResult = z.object({
  ok: z.boolean(),
  checked: z.number(),
  /** The first broken record, or null. */
  brokenAt: z.number().nullable(),
  /** How many records do not fit the chain; `broken` lists the first 100 of them. */
  brokenCount: z.number(),
  broken: z.array(
    z.object({
      id: z.number(),
      /** content: the row was changed after it was written; link: a record before it was removed,
       * inserted or reordered. */
      differs: z.array(z.enum(['content', 'link'])),
      storedHash: z.string(),
      expectedHash: z.string(),
      storedPrevHash: z.string(),
      expectedPrevHash: z.string(),
    }),
  ),
});
export type AuditVerifyResult = z.infer<typeof auditVerifyResult>;

/**
 * GET /api/v1/audit/tickets/:id/record: what an auditor may see of a ticket (R9.1) — its code, state and
 * timeline (who did what, when, from which state to which), without personal data or any free text.
 */
export const auditTicketRecord = z.object({
  id: z.string(),
  code: z.string(),
  status: z.string(),
  urgency: z.string(),
  channel: z.string(),
  categoryCode: z.string().nullable(),
  registeredAt: z.string(),
  events: z.array(
    z.object({
      at: z.string(),
      action: z.string(),
      fromStatus: z.string().nullable(),
      toStatus: z.string().nullable(),
      actorRole: z.string().nullable(),
      actorUnitId: z.string().nullable(),
    }),
  ),
});
export type AuditTicketRecord = z.infer<typeof auditTicketRecord>;
