/**
 * The phone system's screen pop (来电弹屏): the call it announces, and what the agent's page shows of it.
 */
import { z } from 'zod';
import { TICKET_STATUSES } from '../enums.js';
import { phone } from './tickets.js';

export const callId = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.:-]{1,100}$/, { message: '来电编号格式不正确' });

export const ctiCallBody = z.object({
  callerNumber: phone,
  callId,
  /** The agent's username (a 市长电话室 operator). */
  agent: z.string().trim().min(1).max(50),
});

export const ctiCallAccepted = z.object({
  callId: z.string(),
  /** How many of the agent's pages were listening in this server process when it was announced. */
  openPages: z.number().int(),
});

export const ctiEarlierRequest = z.object({
  id: z.string(),
  code: z.string(),
  title: z.string(),
  status: z.enum(TICKET_STATUSES),
  categoryCode: z.string().nullable(),
  registeredAt: z.string(),
});

export const ctiCallView = z.object({
  callId: z.string(),
  /** The agent is handling the call: the number is shown (R9.1), and the view is audited. */
  callerNumber: z.string(),
  at: z.string(),
  /** The caller's requests of the last 90 days, newest first. */
  earlier: z.array(ctiEarlierRequest),
  /** Tickets already registered from this call. */
  registered: z.array(z.object({ id: z.string(), code: z.string() })),
});
export type CtiCallView = z.infer<typeof ctiCallView>;

export const ctiTranscriptBody = z.object({
  transcript: z.string().trim().min(1).max(100_000),
});
