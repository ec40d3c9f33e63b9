/**
 * The form fields of each ticket action, following its body schema in shared/schemas/tickets.ts
 * (`actionBodies`). The schema validates; this file only says how each field is entered.
 */
import type { ActionName, TicketView } from '../api';
import type { MessageKey } from '../i18n';
import { LIMITS } from '../../../shared/limits.js';

export type FieldKind =
  | 'input'
  | 'textarea'
  | 'unit'
  | 'subunit'
  | 'units'
  | 'urgency'
  | 'category'
  | 'datetime'
  /** A day, and optionally a time: a day alone means 24:00 of it (R6.1). */
  | 'deadline'
  | 'outcome'
  | 'reviewAccept'
  | 'reached'
  | 'method'
  /** Published knowledge articles, searched as the user types. */
  | 'articles';

export interface FieldSpec {
  name: string;
  label: MessageKey;
  kind: FieldKind;
  max?: number;
  optional?: boolean;
  /** Shown only when this returns true for the current form values and the ticket. */
  when?: (values: Record<string, unknown>, ticket: TicketView) => boolean;
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
  feedback: [
    textarea('toComplainant', 'field.toComplainant'),
    textarea('toOffice', 'field.toOffice'),
    { name: 'method', label: 'field.method', kind: 'method', optional: true },
    { name: 'contactedAt', label: 'field.contactedAt', kind: 'datetime', optional: true },
    // R4.5: completed after the deadline, the complainant is owed an explanation.
    { ...textarea('explanation', 'field.lateExplanation'), optional: true, when: (_, t) => completedLate(t) },
  ],
  revisit: [
    { name: 'outcome', label: 'field.outcome', kind: 'outcome' },
    { ...textarea('note', 'field.note'), optional: true },
  ],
  supervise: [textarea('notice', 'field.notice'), { name: 'dueAt', label: 'field.dueAt', kind: 'deadline' }],
  'close-supervision': [textarea('decision', 'field.decision')],
  'track-contact': [
    { name: 'reached', label: 'field.reached', kind: 'reached' },
    { ...textarea('note', 'field.note'), optional: true },
  ],
  'explain-delay': [
    textarea('explanation', 'field.explanation'),
    { name: 'committedAt', label: 'field.committedAt', kind: 'datetime' },
  ],
  reopen: [textarea('reason', 'field.reopenReason', LIMITS.reasonMax)],
  'sub-dispatch': [
    { name: 'unitId', label: 'field.subUnitId', kind: 'subunit' },
    { ...textarea('note', 'field.dispatchNote'), optional: true },
  ],
  'request-assistance': [textarea('reason', 'field.assistReason', LIMITS.reasonMax)],
  'add-assist': [
    { name: 'unitIds', label: 'field.unitIds', kind: 'units' },
    { ...textarea('note', 'field.dispatchNote'), optional: true },
  ],
  answer: [
    { name: 'articleIds', label: 'field.articleIds', kind: 'articles' },
    textarea('answer', 'field.answer'),
  ],
};

/** Which reply templates an action's dialog offers, and the field a chosen template fills. */
export const TEMPLATE_FOR: Partial<
  Record<ActionName, { kind: 'feedback' | 'revisit' | 'supervise' | 'delay'; field: string }>
> = {
  feedback: { kind: 'feedback', field: 'toComplainant' },
  revisit: { kind: 'revisit', field: 'note' },
  supervise: { kind: 'supervise', field: 'notice' },
  'explain-delay': { kind: 'delay', field: 'explanation' },
};

/** Actions that end well for the ticket are primary; sending it back is not. */
export const SECONDARY_ACTIONS: readonly string[] = [
  'return',
  'plan',
  'sub-dispatch',
  'request-assistance',
  'add-assist',
  'explain-delay',
];

/** Completed (or still open) after the completion deadline. */
export function completedLate(t: TicketView): boolean {
  const due = t.deadlines.completeDueAt ? Date.parse(t.deadlines.completeDueAt) : null;
  if (due === null) return false;
  if (t.completedAt) return Date.parse(t.completedAt) > due;
  return t.deadlines.overdue;
}
