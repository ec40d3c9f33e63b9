/**
 * Turns a ticket row into the API view for one viewer: personal data decrypted, and masked unless the
 * viewer may see it (R9.1); deadlines with overdue and remaining time; the actions open to the viewer.
 */
import type { TicketRow } from '../db/schema.js';
import type { PersonalDataCipher } from '../security/crypto.js';
import { maskFreeText, maskPersonalData } from '../../domain/security/mask.js';
import { availableActions, type TicketState } from '../../domain/ticket/ticket.machine.js';
import type { TicketView } from '../../shared/schemas/tickets.js';
import type { Viewer } from '../auth/viewer.js';
import type { TicketAccess, TicketUnitLink } from './ticket.access.js';
import { trackingReference } from '../public/tracking.js';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function stateOf(row: TicketRow): TicketState {
  return {
    status: row.status,
    urgency: row.urgency,
    leadUnitId: row.leadUnitId,
    responsiblePerson: row.responsiblePerson,
    dispatchedAt: row.dispatchedAt,
    acceptedAt: row.acceptedAt,
    disposalReportedAt: row.disposalReportedAt,
    verifiedAt: row.verifiedAt,
    completedAt: row.completedAt,
    repliedAt: row.repliedAt,
    archivedAt: row.archivedAt,
    verifyDueAt: row.verifyDueAt,
    completeDueAt: row.completeDueAt,
    provisionalCalendar: row.provisionalCalendar,
    promisedAt: row.promisedAt,
    returnedFromStatus: row.returnedFromStatus,
    returnCount: row.returnCount,
    revisitAttempts: row.revisitAttempts,
    revisitOutcome: row.revisitOutcome,
  };
}

/**
 * A merged duplicate follows its parent (R2.2) and offers no action of its own but its complainant's revisit
 * (and the supervision that an unsatisfied one opens on it, R6.1) — the same rule as ticket.transition.ts.
 */
export const MERGED_OWN_ACTIONS: readonly string[] = ['revisit', 'supervise', 'close-supervision'];

/** Statuses in which the completion clock no longer runs. */
const CLOCK_STOPPED: readonly string[] = ['completed', 'replied', 'archived', 'answered'];

export function presentTicket(
  row: TicketRow,
  links: readonly TicketUnitLink[],
  viewer: Viewer,
  access: TicketAccess,
  cipher: PersonalDataCipher,
  now: Date,
  revisitMaxAttempts: number,
  internalDueAt: Date | null = null,
  group: { parentCode: string | null; complainantCount: number } = { parentCode: null, complainantCount: 1 },
): TicketView {
  const plain = {
    name: cipher.decrypt('complainant.name', row.complainantNameEnc),
    phone: cipher.decrypt('complainant.phone', row.complainantPhoneEnc),
    idNumber: row.complainantIdNumberEnc
      ? cipher.decrypt('complainant.idNumber', row.complainantIdNumberEnc)
      : null,
    address: row.complainantAddressEnc
      ? cipher.decrypt('complainant.address', row.complainantAddressEnc)
      : null,
  };
  const shown = access.unmasked ? plain : maskPersonalData(plain);
  // R9.1: what was typed into the free text is masked for the same viewers as the complainant fields.
  const free = (text: string) => (access.unmasked ? text : maskFreeText(text, [plain.name]));
  const due = row.completeDueAt;
  const stopped = CLOCK_STOPPED.includes(row.status);
  const endAt = stopped ? (row.completedAt ?? now) : now;
  const active = links.filter((l) => l.active);
  const state = stateOf(row);
  return {
    id: row.id,
    code: row.code,
    trackingReference: access.unmasked ? trackingReference(cipher, row) : null,
    status: state.status,
    urgency: state.urgency,
    requestType: row.requestType,
    categoryCode: row.categoryCode,
    channel: row.channel,
    channelRef: row.channelRef,
    receivedAt: row.receivedAt.toISOString(),
    title: free(row.title),
    content: free(row.content),
    complainant: {
      name: shown.name,
      phone: shown.phone,
      idNumber: shown.idNumber ?? null,
      address: shown.address ?? null,
      unmasked: access.unmasked,
    },
    location: { district: row.locationDistrict, address: row.locationAddress, lng: row.lng, lat: row.lat },
    leadUnitId: row.leadUnitId,
    responsiblePerson: row.responsiblePerson,
    copiedUnitIds: active.filter((l) => l.role === 'copy').map((l) => l.unitId),
    units: active.map((l) => ({ unitId: l.unitId, role: l.role })),
    deadlines: {
      verifyDueAt: iso(row.verifyDueAt),
      completeDueAt: iso(due),
      provisionalCalendar: row.provisionalCalendar,
      overdue: due !== null && endAt.getTime() > due.getTime(),
      remainingSeconds: due === null || stopped ? null : Math.floor((due.getTime() - now.getTime()) / 1000),
      internalDueAt: iso(internalDueAt),
    },
    dispatchedAt: iso(row.dispatchedAt),
    acceptedAt: iso(row.acceptedAt),
    disposalReportedAt: iso(row.disposalReportedAt),
    verifiedAt: iso(row.verifiedAt),
    completedAt: iso(row.completedAt),
    repliedAt: iso(row.repliedAt),
    archivedAt: iso(row.archivedAt),
    promisedAt: iso(row.promisedAt),
    returnCount: row.returnCount,
    revisitAttempts: row.revisitAttempts,
    revisitOutcome: state.revisitOutcome,
    policyVersion: row.policyVersion,
    rev: row.rev,
    parentTicketId: row.parentTicketId,
    parentCode: group.parentCode,
    complainantCount: group.complainantCount,
    allowedActions: availableActions(
      state,
      { roles: viewer.roles, handlesTicket: access.handles },
      {
        now,
        revisitMaxAttempts,
        clocks: () => ({ verifyDueAt: null, completeDueAt: now, provisionalCalendar: false }),
      },
    ).filter((a) => !row.parentTicketId || MERGED_OWN_ACTIONS.includes(a)),
    createdAt: row.registeredAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Ids and instants in event data are not text anyone typed. */
const ID_OR_INSTANT =
  /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:\d{2}))$/i;

/**
 * A ticket event's data for one viewer (R9.1): every text in it — notes, feedback, replies, reasons — with
 * phones, ID numbers and the complainant's name masked unless the viewer sees the complainant unmasked.
 */
export function presentEventData(
  data: Record<string, unknown>,
  unmasked: boolean,
  complainantName: string,
): Record<string, unknown> {
  if (unmasked) return data;
  const walk = (v: unknown): unknown =>
    typeof v === 'string'
      ? ID_OR_INSTANT.test(v)
        ? v
        : maskFreeText(v, [complainantName])
      : Array.isArray(v)
        ? v.map(walk)
        : v && typeof v === 'object'
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]))
          : v;
  return walk(data) as Record<string, unknown>;
}
