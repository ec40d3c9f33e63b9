import type { Role } from '../../shared/enums.js';

/** The authenticated user of a request. */
export interface Viewer {
  userId: string;
  username: string;
  displayName: string;
  roles: readonly Role[];
  unitId: string | null;
  sessionId: string;
  /** An admin without a confirmed second factor: may only enrol TOTP until done. */
  mfaRequired: boolean;
  /** A password an admin set or reset: the user may only change it until done. */
  passwordChangeRequired: boolean;
}

const OFFICE_ROLES: readonly Role[] = ['office_operator', 'office_revisitor'];

export const hasRole = (v: Viewer, ...roles: Role[]): boolean => v.roles.some((r) => roles.includes(r));
/** 市长电话室 staff. */
export const isOffice = (v: Viewer): boolean => v.roles.some((r) => OFFICE_ROLES.includes(r));
/** Office, supervision office and city leaders follow every ticket (R8.1). */
export const seesAllTickets = (v: Viewer): boolean => isOffice(v) || hasRole(v, 'supervisor', 'leader');
/** A user of a handling unit. */
export const isUnitUser = (v: Viewer): boolean =>
  hasRole(v, 'unit_handler', 'unit_leader') && v.unitId !== null;
