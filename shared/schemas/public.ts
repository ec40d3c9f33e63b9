/** The public website's contracts (R2.1): the proof-of-work challenge a submission must solve first, the submission, the tracking and the rating link. */
import { z } from 'zod';
import { LIMITS } from '../limits.js';
import { REQUEST_TYPES } from '../enums.js';
import { CONTENT_HINT_ZH, CONTENT_MIN_PUBLIC } from '../phone.js';
import { text } from './common.js';
import { complainantInput } from './tickets.js';

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
  /** The tracking reference: the code and its check characters. */
  reference: z.string(),
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

/** POST /api/v1/public/requests: a citizen's request with the solved challenge. */
export const publicSubmitBody = z.object({
  challenge: powChallenge,
  solution: z.string().max(20),
  title: z.string().trim().max(LIMITS.titleMax).optional(),
  content: publicContent,
  /** 诉求类型 the citizen chose; omitted, it is suggested from the text. */
  requestType: z.enum(REQUEST_TYPES, { message: '诉求类型不正确' }).optional(),
  complainant: complainantInput,
  location: z
    .object({
      district: z.string().trim().max(50).optional(),
      address: z.string().trim().max(LIMITS.addressMax).optional(),
    })
    .optional(),
});
export type PublicSubmitBody = z.input<typeof publicSubmitBody>;

/** The answer to a submission: the code to track it by. */
export const publicSubmitted = z.object({
  code: z.string(),
  /** What the citizen tracks by: '<code>-<check>', not guessable from the sequential code. */
  reference: z.string(),
  message: z.string(),
});
export type PublicSubmitted = z.infer<typeof publicSubmitted>;

/** POST /api/v1/public/rating/info: the token of a personal rating link, read by the page from `#<token>`. */
export const ratingInfoBody = z.object({ token: z.string().min(20).max(100) });
export type RatingInfoBody = z.infer<typeof ratingInfoBody>;

/** POST /api/v1/public/rating/info: the request a personal rating link is for. */
export const ratingInfoView = z.object({
  code: z.string(),
  title: z.string(),
  status: z.string(),
  canRate: z.boolean(),
});
export type RatingInfoView = z.infer<typeof ratingInfoView>;

/** POST /api/v1/public/rating: the complainant's rating through the personal link (once). */
export const publicRateBody = z.object({
  token: z.string().min(20).max(100),
  outcome: z.enum(['satisfied', 'basically_satisfied', 'unsatisfied']),
  note: z.string().trim().max(LIMITS.textMax).default(''),
});
export type PublicRateBody = z.input<typeof publicRateBody>;
