/** The public website's answers (R2.1): the proof-of-work challenge a submission must solve first. */
import { z } from 'zod';
import { LIMITS } from '../limits.js';
import { CONTENT_HINT_ZH, CONTENT_MIN_PUBLIC } from '../phone.js';
import { text } from './common.js';

/** A citizen's own words (R2.1): long enough to act on, with a message saying what is needed. */
export const publicContent = text(LIMITS.contentMax, '诉求内容').min(CONTENT_MIN_PUBLIC, {
  message: CONTENT_HINT_ZH,
});

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
  /** `stage` names the milestone (the timeline action) so a page can say it in its own language. */
  stages: z.array(z.object({ at: z.string(), stage: z.string(), text: z.string() })),
  /** The unit's reply to the complainant (R4.5), once fed back; numbers and ID numbers in it masked (R9.1). */
  reply: z.object({ at: z.string(), text: z.string() }).nullable(),
});
export type PublicTrackView = z.infer<typeof publicTrackView>;
