/**
 * Coordination matters (R5.1): a proposal addressed to the secretary-general or a vice-mayor, and the lead /
 * assisting units decided. What POST /api/v1/tickets/:id/coordination and GET /api/v1/coordination answer.
 */
import { z } from 'zod';

export const ADDRESSED_TO = ['secretary_general', 'vice_mayor'] as const;
export type AddressedTo = (typeof ADDRESSED_TO)[number];
export const COORDINATION_STATUSES = ['open', 'decided'] as const;
export type CoordinationStatus = (typeof COORDINATION_STATUSES)[number];

export const coordinationCaseView = z.object({
  id: z.string(),
  ticketId: z.string(),
  addressedTo: z.enum(ADDRESSED_TO),
  proposal: z.string(),
  suggestedLeadUnitId: z.string().nullable(),
  suggestedAssistUnitIds: z.array(z.string()),
  status: z.enum(COORDINATION_STATUSES),
  automatic: z.boolean(),
  draftedAt: z.string(),
  decidedAt: z.string().nullable(),
  decision: z
    .object({ leadUnitId: z.string(), assistUnitIds: z.array(z.string()), note: z.string() })
    .nullable(),
});

/** A row of the coordination list: the case with its ticket's code and title. */
export const coordinationView = coordinationCaseView.extend({
  ticketCode: z.string(),
  ticketTitle: z.string(),
});
export type CoordinationView = z.infer<typeof coordinationView>;

export const coordinationList = z.object({ items: z.array(coordinationView), total: z.number().int() });
