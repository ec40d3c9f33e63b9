/**
 * Policy: durations, rates and weights that the regulation leaves to the administration (R11.1).
 * Every ticket is pinned to the policy version in force when it was registered.
 */
export interface PolicyData {
  /** R4.4.1 urgent: completed at the latest N hours after dispatch (wall clock). */
  urgentCompleteHours: number;
  /** R4.3.2 general: verified within N hours of dispatch (wall clock). */
  generalVerifyHours: number;
  /** R4.4.2 general: completed by 24:00 of the N-th working day after the day of dispatch. */
  generalCompleteWorkingDays: number;
  /** Warning lead time before an urgent deadline, in hours. */
  urgentWarnBeforeHours: number;
  /** Return window (退单时限) for urgent tickets, hours after dispatch. */
  returnWindowUrgentHours: number;
  /** Return window for general tickets, working days after the day of dispatch. */
  returnWindowGeneralWorkingDays: number;
  /** R4.6.2 revisit sample rate for general tickets (0..1). */
  revisitSampleRate: number;
  /** R4.6.3 attempts before a complainant counts as unreachable (未联系上). */
  revisitMaxAttempts: number;
  /** Reopen window after archiving, in days. */
  reopenWindowDays: number;
  /** R7.1 composite score weights. */
  scoreWeights: { feedback: number; satisfaction: number; onTime: number };
  /** R7.1 weight of an urgent ticket in each rate. */
  urgentWeight: number;
}

export const DEFAULT_POLICY: PolicyData = {
  urgentCompleteHours: 24,
  generalVerifyHours: 24,
  generalCompleteWorkingDays: 5,
  urgentWarnBeforeHours: 2,
  returnWindowUrgentHours: 1,
  returnWindowGeneralWorkingDays: 1,
  revisitSampleRate: 0.3,
  revisitMaxAttempts: 3,
  reopenWindowDays: 15,
  scoreWeights: { feedback: 0.3, satisfaction: 0.4, onTime: 0.3 },
  urgentWeight: 2,
};
