import { z } from 'zod';
import { isoInstant } from './common.js';

const positive = (max: number) => z.number().positive().max(max);

/** One policy version's data (R11.1); see shared/policy.ts for the meaning of each value. */
export const policyData = z.object({
  urgentCompleteHours: positive(24 * 30),
  generalVerifyHours: positive(24 * 30),
  generalCompleteWorkingDays: z.number().int().min(1).max(60),
  urgentWarnBeforeHours: z.number().min(0).max(24),
  returnWindowUrgentHours: z
    .number()
    .min(0)
    .max(24 * 7),
  returnWindowGeneralWorkingDays: z.number().int().min(0).max(10),
  revisitSampleRate: z.number().min(0).max(1),
  revisitMaxAttempts: z.number().int().min(1).max(10),
  reopenWindowDays: z.number().int().min(0).max(365),
  scoreWeights: z
    .object({ feedback: z.number().min(0), satisfaction: z.number().min(0), onTime: z.number().min(0) })
    .refine((w) => Math.abs(w.feedback + w.satisfaction + w.onTime - 1) < 1e-9, {
      message: '三项权重之和应为 1',
    }),
  urgentWeight: z.number().min(1).max(10),
});

export const policyVersionView = z.object({
  version: z.number(),
  effectiveFrom: z.string(),
  data: policyData,
  note: z.string().nullable(),
  createdAt: z.string(),
});

export const createPolicyBody = z.object({
  /** Changes relative to the version in force; omitted values are kept. */
  changes: policyData.partial(),
  effectiveFrom: isoInstant.optional(),
  note: z.string().trim().min(1, { message: '请说明修订理由' }).max(500),
});

/** R10.1: a unit's stricter internal deadlines for its own staff, shown beside the city's. */
export const internalDeadlinesBody = z
  .object({
    urgentHours: z
      .number()
      .positive()
      .max(24 * 30)
      .nullable(),
    generalWorkingDays: z.number().int().min(1).max(60).nullable(),
  })
  .partial();
