/**
 * The form fields of each ticket action, following its body schema in shared/schemas/tickets.ts
 * (`actionBodies`). The schema validates; this file only says how each field is entered.
 */
import type { ActionName } from '../api';
import type { MessageKey } from '../i18n';
import { LIMITS } from '../../../shared/limits.js';

export type FieldKind =
  'input' | 'textarea' | 'unit' | 'urgency' | 'category' | 'datetime' | 'outcome' | 'reviewAccept';

export interface FieldSpec {
  name: string;
  label: MessageKey;
  kind: FieldKind;
  max?: number;
  optional?: boolean;
  /** Shown only when this returns true for the current form values. */
  when?: (values: Record<string, unknown>) => boolean;
}

const textarea = (name: string, label: MessageKey, max: number = LIMITS.textMax): FieldSpec => ({
  name,
  label,
  kind: 'textarea',
  max,
});

export const ACTION_FIELDS: Record<ActionName, FieldSpec[]> = {
  dispatch: [
    { name: 'unitId', label: 'field.unitId', kind: 'unit' },
    { name: 'urgency', label: 'field.urgency', kind: 'urgency' },
    { name: 'categoryCode', label: 'field.categoryCode', kind: 'category', optional: true },
  ],
  accept: [
    { name: 'responsiblePerson', label: 'field.responsiblePerson', kind: 'input', max: LIMITS.nameMax },
  ],
  return: [textarea('reason', 'field.reason', LIMITS.reasonMax)],
  'review-return': [
    { name: 'accept', label: 'field.reviewAccept', kind: 'reviewAccept' },
    { name: 'unitId', label: 'field.unitId', kind: 'unit', when: (v) => v.accept === true },
    textarea('reason', 'field.reviewReason', LIMITS.reasonMax),
  ],
  'report-disposal': [textarea('text', 'field.disposalText')],
  verify: [textarea('text', 'field.verifyText')],
  complete: [textarea('result', 'field.result')],
  plan: [textarea('plan', 'field.plan'), { name: 'promisedAt', label: 'field.promisedAt', kind: 'datetime' }],
  feedback: [textarea('toComplainant', 'field.toComplainant'), textarea('toOffice', 'field.toOffice')],
  revisit: [
    { name: 'outcome', label: 'field.outcome', kind: 'outcome' },
    { ...textarea('note', 'field.note'), optional: true },
  ],
  supervise: [textarea('notice', 'field.notice'), { name: 'dueAt', label: 'field.dueAt', kind: 'datetime' }],
  'close-supervision': [textarea('decision', 'field.decision')],
};

/** Actions that end well for the ticket are primary; sending it back is not. */
export const SECONDARY_ACTIONS: readonly string[] = ['return', 'plan'];
