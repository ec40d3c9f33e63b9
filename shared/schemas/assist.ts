/**
 * What the registration form is helped with: dispatch suggestions (POST /api/v1/suggestions) and possible
 * duplicates (POST /api/v1/tickets/duplicates).
 */
import { z } from 'zod';
import { URGENCIES } from '../enums.js';

export const suggestionsView = z.object({
  categories: z.array(z.object({ code: z.string(), nameZh: z.string(), score: z.number() })),
  urgency: z.object({
    suggested: z.enum(URGENCIES),
    signals: z.array(z.object({ word: z.string(), reason: z.string() })),
  }),
  units: z.array(
    z.object({ unitId: z.string(), nameZh: z.string(), score: z.number(), reasons: z.array(z.string()) }),
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
