/** Accountability proposals (R6.2): drafted from a ticket's record, then issued. What /api/v1/accountability answers. */
import { z } from 'zod';

export const proposalView = z.object({
  id: z.string(),
  ticketId: z.string(),
  unitId: z.string().nullable(),
  status: z.enum(['draft', 'issued']),
  text: z.string(),
  evidence: z.array(z.object({ kind: z.string(), at: z.string(), text: z.string() })),
  draftedAt: z.string(),
  issuedAt: z.string().nullable(),
});
export type ProposalView = z.infer<typeof proposalView>;

export const proposalList = z.object({ items: z.array(proposalView), total: z.number().int() });
