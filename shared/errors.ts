/**
 * Stable error codes, each mapped to one HTTP status in one place (STYLE.md "Errors carry stable codes").
 * Every error answer has the shape {error: {code, message, details?}}; messages are Chinese first.
 */
export const ERROR_STATUS = {
  'REQUEST.INVALID': 400,
  'REQUEST.MALFORMED_JSON': 400,
  'REQUEST.TOO_LARGE': 413,
  'REQUEST.UNSUPPORTED_MEDIA_TYPE': 415,
  'REQUEST.RATE_LIMITED': 429,
  'AUTH.UNAUTHENTICATED': 401,
  'AUTH.INVALID_CREDENTIALS': 401,
  'AUTH.LOCKED': 423,
  'AUTH.FORBIDDEN': 403,
  NOT_FOUND: 404,
  'TICKET.NOT_FOUND': 404,
  'TICKET.INVALID_TRANSITION': 409,
  'TICKET.CONFLICT': 409,
  'TICKET.PLAN_TOO_LATE': 409,
  'UNIT.NOT_FOUND': 400,
  'CATEGORY.NOT_FOUND': 400,
  'CHANNEL.NOT_FOUND': 400,
  'DB.LOCKED': 500,
  'CONFIG.INVALID': 500,
  'CRYPTO.DECRYPT_FAILED': 500,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorBody {
  error: { code: ErrorCode | string; message: string; details?: unknown };
}

/** One failing field of a request. */
export interface FieldIssue {
  field: string;
  message: string;
}
