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
  'AUTH.TOTP_REQUIRED': 401,
  'AUTH.INVALID_TOTP': 401,
  'AUTH.MFA_REQUIRED': 403,
  'AUTH.PASSWORD_CHANGE_REQUIRED': 403,
  'AUTH.WRONG_PASSWORD': 400,
  'ATTACHMENT.TYPE_NOT_ALLOWED': 415,
  'ATTACHMENT.TOO_LARGE': 413,
  'ATTACHMENT.LIMIT_REACHED': 409,
  'ATTACHMENT.NOT_HANDLING': 403,
  'AUTH.FORBIDDEN': 403,
  /** A cookie-authenticated write sent from another site's page (cross-site request forgery). */
  'AUTH.CROSS_SITE': 403,
  NOT_FOUND: 404,
  'TICKET.NOT_FOUND': 404,
  'TICKET.INVALID_TRANSITION': 409,
  'TICKET.CONFLICT': 409,
  /** The ticket changed since the revision the client sent in If-Match. */
  'TICKET.STALE': 409,
  /** An Idempotency-Key sent again for another action or by another user. */
  'TICKET.IDEMPOTENCY_REUSED': 409,
  'TICKET.PLAN_TOO_LATE': 409,
  'TICKET.RETURN_WINDOW_CLOSED': 409,
  'UNIT.NOT_FOUND': 400,
  'UNIT.NOT_SUBORDINATE': 400,
  'CATEGORY.NOT_FOUND': 400,
  'CHANNEL.NOT_FOUND': 400,
  'DB.LOCKED': 500,
  /** The embedded PostgreSQL cluster in DATA_DIR could not be created or started (ADR 0005). */
  'DB.EMBEDDED_START_FAILED': 500,
  'CONFIG.INVALID': 500,
  'CRYPTO.DECRYPT_FAILED': 500,
  INTERNAL: 500,
  // Directory (docs/directory.md).
  'UNIT.CODE_TAKEN': 409,
  'UNIT.INACTIVE': 409,
  'UNIT.SUPERIOR_CYCLE': 409,
  'UNIT.HOLDS_OPEN_TICKETS': 409,
  'UNIT.HAS_ACTIVE_SUBORDINATES': 409,
  'UNIT.HAS_ACTIVE_USERS': 409,
  'USER.NOT_FOUND': 400,
  'USER.USERNAME_TAKEN': 409,
  'USER.LAST_HANDLER': 409,
  'USER.LAST_ADMIN': 409,
  /** Separation of duties: admin or auditor combined with another role (GB/T 22239 8.1.4.2 d). */
  'USER.ROLES_CONFLICT': 400,
  /** A user changing their own roles. */
  'USER.OWN_ROLES': 403,
  'DIRECTORY.IMPORT_INVALID': 400,
  // 派单目录 (R4.2, R8.3).
  'RULE.NOT_FOUND': 404,
  'RULE.DUPLICATE': 409,
  // Assessment (docs/assessment.md).
  'ASSESSMENT.NOT_FOUND': 404,
  'ASSESSMENT.INVALID_STATE': 409,
  'ASSESSMENT.MONTH_NOT_ENDED': 409,
  'EXPORT.FONT_MISSING': 500,
  // Ticket-list export.
  'EXPORT.TOO_MANY_ROWS': 413,
  // Knowledge base and reply templates.
  'KNOWLEDGE.NOT_FOUND': 404,
  'KNOWLEDGE.INVALID_STATE': 409,
  /** The author (or the last editor) of an article cannot publish it: a second office user does. */
  'KNOWLEDGE.FOUR_EYES': 409,
  'KNOWLEDGE.NOT_PUBLISHED': 400,
  'TEMPLATE.NOT_FOUND': 404,
  // SMS: a receipt or reply whose signature does not hold; a template with unknown placeholders.
  'SMS.SIGNATURE_INVALID': 401,
  'SMS.TEMPLATE_INVALID': 400,
  'SMS.NOT_FOUND': 404,
  // Partners' API keys (Open311, the phone system).
  'APIKEY.MISSING': 401,
  'APIKEY.INVALID': 401,
  'APIKEY.SCOPE': 403,
  'APIKEY.NOT_FOUND': 404,
  // The phone system's screen pop.
  'CTI.CALL_NOT_FOUND': 404,
  'CTI.NO_TICKET': 409,
  // Partner connectors, webhooks and the outbox (docs/integrations-outbound.md).
  'PARTNER.NOT_FOUND': 404,
  /** The inbound push has no valid HMAC-SHA256 signature of `timestamp + "." + body` under the connector's secret. */
  'PARTNER.SIGNATURE_INVALID': 401,
  /** The push's timestamp is outside the replay window (5 minutes either way). */
  'PARTNER.TIMESTAMP_STALE': 401,
  /** The same signed push sent again: a partner retrying signs again with a new timestamp. */
  'PARTNER.REPLAYED': 409,
  'PARTNER.MAPPING_INVALID': 400,
  'INTEGRATION.NOT_FOUND': 404,
  'INTEGRATION.CODE_TAKEN': 409,
  'DELIVERY.NOT_FOUND': 404,
  /** Only a dead-lettered delivery can be replayed. */
  'DELIVERY.NOT_DEAD': 409,
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
