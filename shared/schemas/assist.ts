/**
 * What the registration form is helped with: dispatch suggestions (POST /api/v1/suggestions) and possible
 * duplicates (POST /api/v1/tickets/duplicates).
 */
import { z } from 'zod';
import { URGENCIES } from '../enums.js';

export const suggestionsView = z.object({
  /** What the request is about, best first; `words` are the words that named it (empty for a guess). */
  categories: z.array(
    z.object({ code: z.string(), nameZh: z.string(), score: z.number(), words: z.array(z.string()) }),
  ),
  /** R3.1: the suggested urgency, the words that make it urgent, and why a word that looks urgent is not. */
  urgency: z.object({
    suggested: z.enum(URGENCIES),
    signals: z.array(z.object({ word: z.string(), reason: z.string() })),
    notes: z.array(z.string()),
  }),
  /** Top units with reasons; `confidence` is the share of such first suggestions operators took, or null. */
  units: z.array(
    z.object({
      unitId: z.string(),
      code: z.string(),
      nameZh: z.string(),
      score: z.number(),
      reasons: z.array(z.string()),
      confidence: z.number().nullable(),
    }),
  ),
  place: z.object({
    districtCode: z.string().nullable(),
    streetUnitId: z.string().nullable(),
    address: z.string(),
    matches: z.array(
      z.object({
        name: z.string(),
        kind: z.enum(['district', 'street', 'community', 'road', 'landmark']),
        field: z.enum(['title', 'content']),
        start: z.number(),
        end: z.number(),
        residence: z.boolean(),
      }),
    ),
    residenceDistrictCode: z.string().nullable(),
  }),
  routedCategory: z.string().nullable(),
});
export type SuggestionsView = z.infer<typeof suggestionsView>;

export const duplicateView = z.object({
  id: z.string(),
  code: z.string(),
  title: z.string(),
  status: z.string(),
  registeredAt: z.string(),
  reason: z.enum(['same-phone', 'similar-text']),
  score: z.number(),
});
export type DuplicateView = z.infer<typeof duplicateView>;
