/** The public website's answers (R2.1): the proof-of-work challenge a submission must solve first. */
import { z } from 'zod';

/** GET /api/v1/public/challenge; sent back unchanged with the solution. */
export const powChallenge = z.object({
  id: z.string().regex(/^[0-9a-f]{32}$/),
  bits: z.number().int(),
  expiresAt: z.string(),
  signature: z.string().max(200),
});
export type PowChallenge = z.infer<typeof powChallenge>;

/** POST /api/v1/public/track: a request's public progress — stage and time only, the name masked. */
export const publicTrackView = z.object({
  code: z.string(),
  status: z.string(),
  statusText: z.string(),
  title: z.string(),
  /** Masked. */
  name: z.string(),
  registeredAt: z.string(),
  stages: z.array(z.object({ at: z.string(), text: z.string() })),
});
export type PublicTrackView = z.infer<typeof publicTrackView>;
