/**
 * The one drizzle schema for PGlite and PostgreSQL (ARCHITECTURE.md "Data").
 * Tickets hold current state; ticket_events is the append-only timeline from which state can be re-derived.
 * Personal data lives only in the *_enc columns (ciphertext, see server/security/crypto.ts) — R9.1.
 */
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  doublePrecision,
  pgSequence,
  serial,
  customType,
} from 'drizzle-orm/pg-core';
import type { PolicyData } from '../../shared/policy.js';
import type {
  PeerGroup,
  RequestType,
  RevisitOutcome,
  Role,
  TicketStatus,
  TicketUnitRole,
  UnitType,
  Urgency,
} from '../../shared/enums.js';
import type { TicketEventType } from '../../shared/events.js';
import type { SupervisionReason } from '../../shared/schemas/supervision.js';
import type { AddressedTo, CoordinationStatus } from '../../shared/schemas/coordination.js';
import type { RevisionStatus } from '../../shared/schemas/assessment.js';
import type { TimerKind } from '../../domain/ticket/ticket.timers.js';
import type { CalendarDayKind } from '../../domain/calendar/working-calendar.js';

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** 受理渠道 (R2.1). */
export const channels = pgTable('channels', {
  code: text('code').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  sort: integer('sort').notNull().default(0),
  active: boolean('active').notNull().default(true),
});

export const districts = pgTable('districts', {
  code: text('code').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
});

/** 事项分类 — a tree, each node with a default urgency (R3). */
export const categories = pgTable(
  'categories',
  {
    code: text('code').primaryKey(),
    parentCode: text('parent_code'),
    nameZh: text('name_zh').notNull(),
    level: integer('level').notNull(),
    defaultUrgency: text('default_urgency').$type<Urgency>().notNull(),
    active: boolean('active').notNull().default(true),
  },
  (t) => [index('categories_parent_idx').on(t.parentCode)],
);

/** 承办单位 and the offices: a tree by superior unit, with a peer group for ranking (R7.2, R8.2). */
export const units = pgTable(
  'units',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull().unique(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    type: text('type').$type<UnitType>().notNull(),
    superiorId: uuid('superior_id'),
    peerGroup: text('peer_group').$type<PeerGroup>(),
    mainLeader: text('main_leader').notNull().default(''),
    responsibleLeader: text('responsible_leader').notNull().default(''),
    territory: text('territory')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** R10.1: stricter internal deadlines for the unit's own staff, shown beside the city's. */
    internalDeadlines: jsonb('internal_deadlines')
      .$type<{ urgentHours?: number | null; generalWorkingDays?: number | null }>()
      .notNull()
      .default({}),
    active: boolean('active').notNull().default(true),
    /** The unit's duty number for SMS notices (督办, deadlines, hand-overs), encrypted; none: in-app only. */
    smsPhoneEnc: text('sms_phone_enc'),
  },
  (t) => [index('units_superior_idx').on(t.superiorId)],
);

/** 派单目录: (category, territory) → handling unit. */
export const responsibilityRules = pgTable('responsibility_rules', {
  id: uuid('id').primaryKey().defaultRandom(),
  categoryCode: text('category_code').notNull(),
  districtCode: text('district_code'),
  unitId: uuid('unit_id').notNull(),
  priority: integer('priority').notNull().default(0),
  note: text('note'),
});

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username').notNull().unique(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    roles: text('roles').array().$type<Role[]>().notNull(),
    unitId: uuid('unit_id').references(() => units.id),
    active: boolean('active').notNull().default(true),
    isDemo: boolean('is_demo').notNull().default(false),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: tstz('locked_until'),
    totpSecret: text('totp_secret'),
    /** Set when an admin created or reset the password: the user must choose their own before anything else. */
    passwordMustChange: boolean('password_must_change').notNull().default(false),
    passwordChangedAt: tstz('password_changed_at'),
    /** The UI language the user chose ('zh' | 'en'; null: never chosen, Chinese): their SMS notices use it. */
    lang: text('lang').$type<'zh' | 'en'>(),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [index('users_unit_idx').on(t.unitId)],
);

/** Server-side sessions: the token's SHA-256 is stored, never the token. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: tstz('created_at').notNull(),
    lastSeenAt: tstz('last_seen_at').notNull(),
    expiresAt: tstz('expires_at').notNull(),
    revokedAt: tstz('revoked_at'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** Versioned policy (R11.1); tickets are pinned to the version in force at registration. */
export const policyVersions = pgTable('policy_versions', {
  version: integer('version').primaryKey(),
  effectiveFrom: tstz('effective_from').notNull(),
  data: jsonb('data').$type<PolicyData>().notNull(),
  note: text('note'),
  createdBy: uuid('created_by'),
  createdAt: tstz('created_at').notNull(),
});

/** Working-day calendar as data: only exceptions to Mon–Fri are stored. */
export const calendarDays = pgTable('calendar_days', {
  date: date('date', { mode: 'string' }).primaryKey(),
  kind: text('kind').$type<CalendarDayKind>().notNull(),
  name: text('name').notNull(),
  source: text('source').notNull(),
});

/** Which years the calendar table covers authoritatively. */
export const calendarYears = pgTable('calendar_years', {
  year: integer('year').primaryKey(),
  source: text('source').notNull(),
  loadedAt: tstz('loaded_at').notNull(),
});

/** A PostgreSQL text-search vector (the knowledge base's segmented words, ADR 0009). */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** 工单 — the ticket's current state. */
export const tickets = pgTable(
  'tickets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull().unique(),
    status: text('status').$type<TicketStatus>().notNull(),
    urgency: text('urgency').$type<Urgency>().notNull(),
    categoryCode: text('category_code'),
    /** 诉求类型 (GB/T 33358-2016). Rows registered before it existed are 'other'. */
    requestType: text('request_type').$type<RequestType>().notNull().default('other'),
    channel: text('channel').notNull(),
    channelRef: text('channel_ref'),
    receivedAt: tstz('received_at').notNull(),
    registeredAt: tstz('registered_at').notNull(),
    title: text('title').notNull(),
    content: text('content').notNull(),
    // Personal data, encrypted (R9.1). phone_hash is a keyed hash for look-ups without decrypting.
    complainantNameEnc: text('complainant_name_enc').notNull(),
    complainantPhoneEnc: text('complainant_phone_enc').notNull(),
    complainantPhoneHash: text('complainant_phone_hash').notNull(),
    complainantIdNumberEnc: text('complainant_id_number_enc'),
    complainantAddressEnc: text('complainant_address_enc'),
    locationDistrict: text('location_district'),
    locationAddress: text('location_address'),
    lng: doublePrecision('lng'),
    lat: doublePrecision('lat'),
    policyVersion: integer('policy_version').notNull(),
    /** 首办责任单位 (R4.3) — the unit currently answerable for the ticket. */
    leadUnitId: uuid('lead_unit_id').references(() => units.id),
    /** 首办责任人 — named when the unit accepts (R4.2.3, R4.3). */
    responsiblePerson: text('responsible_person'),
    dispatchedAt: tstz('dispatched_at'),
    acceptedAt: tstz('accepted_at'),
    disposalReportedAt: tstz('disposal_reported_at'),
    verifiedAt: tstz('verified_at'),
    completedAt: tstz('completed_at'),
    repliedAt: tstz('replied_at'),
    archivedAt: tstz('archived_at'),
    verifyDueAt: tstz('verify_due_at'),
    completeDueAt: tstz('complete_due_at'),
    provisionalCalendar: boolean('provisional_calendar').notNull().default(false),
    promisedAt: tstz('promised_at'),
    /** When the completion deadline passed with the ticket still open (超期). */
    overdueAt: tstz('overdue_at'),
    returnedFromStatus: text('returned_from_status').$type<TicketStatus>(),
    returnCount: integer('return_count').notNull().default(0),
    revisitAttempts: integer('revisit_attempts').notNull().default(0),
    revisitOutcome: text('revisit_outcome').$type<RevisitOutcome>(),
    parentTicketId: uuid('parent_ticket_id'),
    /** The phone system's id of the call this request was registered from (screen pop), when it was. */
    callId: text('call_id'),
    createdBy: uuid('created_by'),
    updatedAt: tstz('updated_at').notNull(),
    /** Optimistic concurrency: every change increments it. */
    rev: integer('rev').notNull().default(0),
    /**
     * Ticket search (ADR 0010): the jieba-segmented words of the title (weight A), the content (B) and the
     * replies and notes of its events (C) as explicit lexemes — never personal data (digit runs that could be a
     * phone or an ID number are left out). Kept by the ticket repository on every save; NULL until indexed
     * (`npm run search:reindex` fills rows registered before the column existed).
     */
    searchVector: tsvector('search_vector'),
    /**
     * The duplicate check's similarity keys (R2.2, ADR 0010; `domain/dispatch/similarity-keys.ts`): MinHash band
     * keys of the title's and content's words, scoped to the district and the 7-day period of registration.
     * Written at registration; NULL until indexed for rows registered before the column existed.
     */
    similarityKeys: integer('similarity_keys').array(),
  },
  (t) => [
    uniqueIndex('tickets_channel_ref_uq').on(t.channel, t.channelRef),
    index('tickets_call_id_idx').on(t.callId),
    index('tickets_status_idx').on(t.status),
    index('tickets_lead_unit_idx').on(t.leadUnitId, t.status),
    index('tickets_phone_hash_idx').on(t.complainantPhoneHash, t.registeredAt),
    index('tickets_registered_idx').on(t.registeredAt),
    index('tickets_complete_due_idx').on(t.completeDueAt),
    index('tickets_request_type_idx').on(t.requestType, t.registeredAt),
    // Every ticket shown counts its merged duplicates (R2.2): without it, each view scanned every ticket.
    index('tickets_parent_idx')
      .on(t.parentTicketId)
      .where(sql`${t.parentTicketId} IS NOT NULL`),
    // Lists (ADR 0010): every filter the list offers, each with the time order the page is read in.
    index('tickets_search_idx').using('gin', t.searchVector),
    // Duplicate hints (ADR 0010): similar text in the district this week is a look-up of a few keys.
    index('tickets_similarity_idx').using('gin', t.similarityKeys),
    index('tickets_status_registered_idx').on(t.status, t.registeredAt),
    index('tickets_status_due_idx').on(t.status, t.completeDueAt),
    index('tickets_urgency_registered_idx').on(t.urgency, t.registeredAt),
    index('tickets_category_registered_idx').on(t.categoryCode, t.registeredAt),
    index('tickets_district_registered_idx').on(t.locationDistrict, t.registeredAt),
    index('tickets_open_due_idx')
      .on(t.completeDueAt)
      .where(sql`status NOT IN ('completed','replied','archived')`),
  ],
);

/** Units attached to a ticket: lead, assisting, copied superior, sub-dispatched (R4.2, R4.3). Drives visibility. */
export const ticketUnits = pgTable(
  'ticket_units',
  {
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    role: text('role').$type<TicketUnitRole>().notNull(),
    attachedAt: tstz('attached_at').notNull(),
    active: boolean('active').notNull().default(true),
  },
  (t) => [
    primaryKey({ columns: [t.ticketId, t.unitId, t.role] }),
    index('ticket_units_unit_idx').on(t.unitId),
    // A unit's inbox and the visibility scope: the active links of a unit, read without the table, by ticket.
    index('ticket_units_active_idx')
      .on(t.unitId, t.ticketId, t.role)
      .where(sql`active`),
  ],
);

/** The timeline: one row per change, written in the same transaction as the change. */
export const ticketEvents = pgTable(
  'ticket_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id),
    at: tstz('at').notNull(),
    actorUserId: uuid('actor_user_id'),
    actorRole: text('actor_role'),
    actorUnitId: uuid('actor_unit_id'),
    action: text('action').$type<TicketEventType>().notNull(),
    fromStatus: text('from_status').$type<TicketStatus>(),
    toStatus: text('to_status').$type<TicketStatus>(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    /** The client's Idempotency-Key of the action that wrote this event: a repeat is answered, not applied. */
    idempotencyKey: text('idempotency_key'),
  },
  (t) => [
    index('ticket_events_ticket_idx').on(t.ticketId, t.id),
    index('ticket_events_at_idx').on(t.at),
    uniqueIndex('ticket_events_idempotency_uq')
      .on(t.ticketId, t.idempotencyKey)
      .where(sql`idempotency_key IS NOT NULL`),
  ],
);

/** Running number in ticket codes (J20261127-000042). */
export const ticketCodeSeq = pgSequence('ticket_code_seq', { startWith: 1 });

export type TicketRow = typeof tickets.$inferSelect;
export type UnitRow = typeof units.$inferSelect;
export type UserRow = typeof users.$inferSelect;
export type TicketEventRow = typeof ticketEvents.$inferSelect;

/**
 * Durable timers: one row per pending warning or deadline. A sweep takes due rows with
 * FOR UPDATE SKIP LOCKED, so each fires exactly once across processes; the partial index keeps the cost of a
 * sweep independent of how many timers are pending.
 */
export const ticketTimers = pgTable(
  'ticket_timers',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id),
    kind: text('kind').$type<TimerKind>().notNull(),
    dueAt: tstz('due_at').notNull(),
    firedAt: tstz('fired_at'),
  },
  (t) => [
    uniqueIndex('ticket_timers_uq').on(t.ticketId, t.kind, t.dueAt),
    index('ticket_timers_pending_idx')
      .on(t.dueAt)
      .where(sql`fired_at IS NULL`),
  ],
);

/** In-app inbox and outbox for later SMS/e-mail delivery. */
export const notifications = pgTable(
  'notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    ticketId: uuid('ticket_id'),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    /** What happened and the facts it names (notice-texts.ts): rendered in the reader's language when read. */
    params: jsonb('params'),
    createdAt: tstz('created_at').notNull(),
    readAt: tstz('read_at'),
    /**
     * The SMS copy, when JIESU_NOTIFY_SMS sends this kind by SMS too: the ticket code, what happened and the
     * deadline, never the request's content (R9.1). A delivery adapter sends rows with it and no delivered_at.
     */
    smsBody: text('sms_body'),
    /**
     * Set when the SMS copy was handed to the SMS outbox (server/sms/sms.worker.ts: one SMS per unit with an SMS
     * number, or none when the unit has no number) — each notification is handed over once.
     */
    deliveredAt: tstz('delivered_at'),
  },
  (t) => [
    index('notifications_user_idx').on(t.userId, t.id),
    index('notifications_sms_pending_idx')
      .on(t.id)
      .where(sql`sms_body IS NOT NULL AND delivered_at IS NULL`),
  ],
);

/** 督办 — a supervision case (R6.1), opened by an overdue deadline, an unsatisfied rating or by hand. */
export const supervisionCases = pgTable(
  'supervision_cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id),
    reason: text('reason').$type<SupervisionReason>().notNull(),
    openedAt: tstz('opened_at').notNull(),
    openedBy: uuid('opened_by'),
    closedAt: tstz('closed_at'),
    decision: text('decision'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index('supervision_cases_ticket_idx').on(t.ticketId),
    index('supervision_cases_open_idx').on(t.openedAt),
  ],
);

/**
 * 审计日志 — append-only, tamper-evident: each record's hash covers its content and the previous record's hash
 *. Never holds personal data itself.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: tstz('at').notNull(),
    actorUserId: uuid('actor_user_id'),
    actorUsername: text('actor_username'),
    actorRole: text('actor_role'),
    actorUnitId: uuid('actor_unit_id'),
    action: text('action').notNull(),
    ticketId: uuid('ticket_id'),
    target: text('target'),
    ip: text('ip'),
    outcome: text('outcome').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_log_at_idx').on(t.at),
    index('audit_log_ticket_idx').on(t.ticketId),
    index('audit_log_actor_idx').on(t.actorUserId),
  ],
);

/**
 * Where the audit chain continues after older records were archived out of the database:
 * the last archived record's id and hash, and the archive file's SHA-256. Verification starts from the newest.
 */
export const auditAnchors = pgTable('audit_anchors', {
  id: serial('id').primaryKey(),
  throughId: bigint('through_id', { mode: 'number' }).notNull(),
  lastHash: text('last_hash').notNull(),
  records: integer('records').notNull(),
  fileSha256: text('file_sha256').notNull(),
  archivedAt: tstz('archived_at').notNull(),
});

/**
 * Files attached to a ticket: checked by content against an allow-list, stored encrypted under a
 * generated name (storage_key) outside the database; the name the uploader gave is personal data and encrypted.
 */
export const attachments = pgTable(
  'attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id),
    storageKey: text('storage_key').notNull().unique(),
    mediaType: text('media_type').notNull(),
    extension: text('extension').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    originalNameEnc: text('original_name_enc').notNull(),
    uploadedBy: uuid('uploaded_by')
      .notNull()
      .references(() => users.id),
    uploadedByUnitId: uuid('uploaded_by_unit_id').references(() => units.id),
    createdAt: tstz('created_at').notNull(),
  },
  (t) => [index('attachments_ticket_idx').on(t.ticketId)],
);

/** 协调落实 (R5.1): a proposal to the secretary-general or the vice-mayor in charge, and the leader's decision. */
export const coordinationCases = pgTable(
  'coordination_cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id),
    addressedTo: text('addressed_to').$type<AddressedTo>().notNull(),
    proposal: text('proposal').notNull(),
    suggestedLeadUnitId: uuid('suggested_lead_unit_id'),
    suggestedAssistUnitIds: uuid('suggested_assist_unit_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    status: text('status').$type<CoordinationStatus>().notNull(),
    /** Opened automatically after a ticket bounced twice, or drafted by hand. */
    automatic: boolean('automatic').notNull().default(false),
    draftedBy: uuid('drafted_by'),
    draftedAt: tstz('drafted_at').notNull(),
    decidedBy: uuid('decided_by'),
    decidedAt: tstz('decided_at'),
    decision: jsonb('decision').$type<{ leadUnitId: string; assistUnitIds: string[]; note: string }>(),
  },
  (t) => [
    index('coordination_cases_ticket_idx').on(t.ticketId),
    index('coordination_cases_status_idx').on(t.status),
  ],
);

/** Suggestion models learned from past tickets, retrained on a schedule and on demand. */
export const classifierModels = pgTable('classifier_models', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  kind: text('kind').$type<'category' | 'unit'>().notNull(),
  trainedAt: tstz('trained_at').notNull(),
  examples: integer('examples').notNull(),
  model: jsonb('model').$type<unknown>().notNull(),
});

/**
 * 派单建议 as given and what the office chose (R4.2): one row each time suggestions are stored for a ticket —
 * on arrival of a public request, when a dispatch dialog asks, at dispatch — and, once the ticket is
 * dispatched, the unit chosen and its place among the suggestions. Feeds the leaders' "suggestion accepted"
 * figure and the calibrated confidence.
 */
export const dispatchSuggestions = pgTable(
  'dispatch_suggestions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id),
    at: tstz('at').notNull(),
    /** 'arrival' | 'dialog' | 'dispatch' */
    source: text('source').notNull(),
    /** The category the first suggestion was routed on (the confidence is kept per category). */
    categoryCode: text('category_code'),
    urgency: text('urgency').$type<Urgency>().notNull(),
    districtCode: text('district_code'),
    unitIds: uuid('unit_ids').array().notNull(),
    view: jsonb('view').$type<Record<string, unknown>>().notNull(),
    chosenUnitId: uuid('chosen_unit_id'),
    /** 1–3: the chosen unit's place among the suggestions; 0: not among them. */
    chosenRank: integer('chosen_rank'),
    decidedAt: tstz('decided_at'),
    decidedBy: uuid('decided_by'),
  },
  (t) => [
    index('dispatch_suggestions_ticket_idx').on(t.ticketId, t.id),
    index('dispatch_suggestions_decided_idx').on(t.decidedAt),
  ],
);

// Imported here rather than at the top so that this section stays self-contained.
import { bigint } from 'drizzle-orm/pg-core';

/**
 * 考核 (R7.1): counters per (Asia/Shanghai month, unit, urgency), kept incrementally by the rollup
 * job from ticket_events (server/assessment/rollup.job.ts), so that a month's ranking reads a few hundred rows
 * instead of the event log. Definitions: docs/assessment.md.
 */
export const assessmentRollups = pgTable(
  'assessment_rollups',
  {
    /** 'YYYY-MM' in Asia/Shanghai. */
    month: text('month').notNull(),
    unitId: uuid('unit_id').notNull(),
    urgency: text('urgency').$type<Urgency>().notNull(),
    received: integer('received').notNull().default(0),
    feedbackDue: integer('feedback_due').notNull().default(0),
    feedbackOnTime: integer('feedback_on_time').notNull().default(0),
    completed: integer('completed').notNull().default(0),
    completedOnTime: integer('completed_on_time').notNull().default(0),
    revisitsReached: integer('revisits_reached').notNull().default(0),
    revisitsSatisfied: integer('revisits_satisfied').notNull().default(0),
    revisitsUnreachable: integer('revisits_unreachable').notNull().default(0),
    returns: integer('returns').notNull().default(0),
    supervisions: integer('supervisions').notNull().default(0),
    overdue: integer('overdue').notNull().default(0),
    reopenings: integer('reopenings').notNull().default(0),
    /** Kept by a trigger on supervision_cases, in the same transaction as the case (migration 0007). */
    supervisionCases: integer('supervision_cases').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.month, t.unitId, t.urgency] })],
);

/** How far a job has read an append-only log: the last processed ticket_events id. */
export const assessmentCursors = pgTable('assessment_cursors', {
  name: text('name').primaryKey(),
  lastEventId: bigint('last_event_id', { mode: 'number' }).notNull().default(0),
  updatedAt: tstz('updated_at').notNull(),
});

/**
 * 月度考核 revisions (R7.2): computed → reviewed → published. A published revision is frozen (a trigger refuses
 * UPDATE and DELETE); a later correction is revision N+1, so published numbers never change silently.
 */
export const assessmentRevisions = pgTable(
  'assessment_revisions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    month: text('month').notNull(),
    revision: integer('revision').notNull(),
    status: text('status').$type<RevisionStatus>().notNull(),
    policyVersion: integer('policy_version').notNull(),
    /** The figures cover ticket_events up to this id (and supervision cases opened up to computedAt). */
    lastEventId: bigint('last_event_id', { mode: 'number' }).notNull(),
    computedAt: tstz('computed_at').notNull(),
    computedBy: uuid('computed_by'),
    reviewedAt: tstz('reviewed_at'),
    reviewedBy: uuid('reviewed_by'),
    publishedAt: tstz('published_at'),
    publishedBy: uuid('published_by'),
    note: text('note'),
    /** The frozen figures and ranks (domain/assessment MonthFigures). */
    snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [uniqueIndex('assessment_revisions_month_uq').on(t.month, t.revision)],
);

/** 追究责任建议 (R6.2): drafted from the timeline's evidence, edited and issued by the supervision office. */
export const accountabilityProposals = pgTable(
  'accountability_proposals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id),
    unitId: uuid('unit_id'),
    status: text('status').$type<'draft' | 'issued'>().notNull(),
    text: text('text').notNull(),
    evidence: jsonb('evidence').$type<{ kind: string; at: string; text: string }[]>().notNull(),
    draftedBy: uuid('drafted_by'),
    draftedAt: tstz('drafted_at').notNull(),
    issuedBy: uuid('issued_by'),
    issuedAt: tstz('issued_at'),
    updatedAt: tstz('updated_at').notNull(),
  },
  (t) => [index('accountability_ticket_idx').on(t.ticketId)],
);

/**
 * The SMS outbox (server/sms/): messages to complainants and to units' SMS numbers. The number is encrypted and
 * the text stays here; a sender (JIESU_SMS_DRIVER) sends each row at most once — `status` moves
 * pending → sending → sent (→ delivered / undeliverable by receipt), or to failed after the last retry, or to
 * unknown when a send was started and its answer lost (never resent by itself), or to opted_out (R9.1).
 */
export const outboxMessages = pgTable(
  'outbox_messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    channel: text('channel').notNull(),
    /** Which template made it: complainant.reply, complainant.rating-link, unit.notice, unit.supervise … */
    kind: text('kind').notNull().default('message'),
    toEnc: text('to_enc').notNull(),
    body: text('body').notNull(),
    ticketId: uuid('ticket_id'),
    createdAt: tstz('created_at').notNull(),
    status: text('status').$type<SmsStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** Not before this time (the retry backoff); null: at once. */
    nextAttemptAt: tstz('next_attempt_at'),
    /** When a worker took the row to send it (status sending). */
    claimedAt: tstz('claimed_at'),
    /** Which sender handled it (http, smpp) and the id the gateway or SMSC gave it. */
    provider: text('provider'),
    providerMessageId: text('provider_message_id'),
    /** The last failure, without the number or the text. */
    lastError: text('last_error'),
    sentAt: tstz('sent_at'),
    /** The delivery receipt: the SMSC's or gateway's final state (DELIVRD, UNDELIV …) and when it came. */
    receiptStatus: text('receipt_status'),
    receiptAt: tstz('receipt_at'),
  },
  (t) => [
    index('outbox_pending_idx')
      .on(t.id)
      .where(sql`status IN ('pending', 'sending')`),
    index('outbox_provider_id_idx').on(t.provider, t.providerMessageId),
  ],
);

export type SmsStatus =
  'pending' | 'sending' | 'sent' | 'delivered' | 'undeliverable' | 'failed' | 'unknown' | 'opted_out';

/** Numbers that get no SMS (退订 replies and the administrator's list): only a keyed hash and a masked form. */
export const smsOptOuts = pgTable('sms_opt_outs', {
  phoneHash: text('phone_hash').primaryKey(),
  masked: text('masked').notNull(),
  /** reply (the number answered TD/退订) or admin. */
  source: text('source').notNull(),
  createdAt: tstz('created_at').notNull(),
  createdBy: uuid('created_by'),
});

/** The administrator's own wording of an SMS kind; absent: the built-in text (server/sms/sms.templates.ts). */
export const smsTemplates = pgTable('sms_templates', {
  kind: text('kind').primaryKey(),
  body: text('body').notNull(),
  updatedAt: tstz('updated_at').notNull(),
  updatedBy: uuid('updated_by'),
});

/** The complainant's personal rating link: only the token's hash is kept; it works once. */
export const ratingTokens = pgTable('rating_tokens', {
  tokenHash: text('token_hash').primaryKey(),
  ticketId: uuid('ticket_id')
    .notNull()
    .references(() => tickets.id),
  createdAt: tstz('created_at').notNull(),
  expiresAt: tstz('expires_at').notNull(),
  usedAt: tstz('used_at'),
});

/**
 * 知识库: one row per article with its current version; every version is kept in
 * knowledge_versions. `search` holds the jieba-segmented words of title (weight A) and body (weight B), and the
 * synonym groups they belong to, under the 'simple' configuration — the same on PGlite and PostgreSQL (ADR 0009).
 */
export const knowledgeArticles = pgTable(
  'knowledge_articles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    categoryCodes: text('category_codes')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    districtCodes: text('district_codes')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    effectiveFrom: tstz('effective_from'),
    effectiveTo: tstz('effective_to'),
    sourceDocument: text('source_document'),
    owningUnitId: uuid('owning_unit_id'),
    /** Shown to citizens as FAQ on the public page once published. */
    public: boolean('public').notNull().default(false),
    /** 'draft' | 'review' | 'published' | 'retired' */
    status: text('status').notNull(),
    version: integer('version').notNull().default(1),
    authorId: uuid('author_id'),
    publishedBy: uuid('published_by'),
    publishedAt: tstz('published_at'),
    /** When the owner must look at it again (flagged in the list after this instant). */
    reviewDueAt: tstz('review_due_at'),
    /** The completed ticket whose reply this article was proposed from. */
    fromTicketId: uuid('from_ticket_id'),
    createdAt: tstz('created_at').notNull(),
    updatedAt: tstz('updated_at').notNull(),
    search: tsvector('search').notNull(),
  },
  (t) => [
    // Articles are written rarely and searched on every call: no pending list of new entries (GIN fastupdate)
    // for every search to read — PGlite has no background vacuum to merge it (ADR 0009).
    index('knowledge_search_idx').using('gin', t.search).with({ fastupdate: 'off' }),
    index('knowledge_status_idx').on(t.status),
    index('knowledge_categories_idx').using('gin', t.categoryCodes),
  ],
);

/** Every version of an article: who, when, what (the action and the fields that changed), and the full text. */
export const knowledgeVersions = pgTable(
  'knowledge_versions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    articleId: uuid('article_id')
      .notNull()
      .references(() => knowledgeArticles.id),
    version: integer('version').notNull(),
    action: text('action').notNull(),
    at: tstz('at').notNull(),
    userId: uuid('user_id'),
    changedFields: text('changed_fields')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index('knowledge_versions_article_idx').on(t.articleId, t.id)],
);

/**
 * 文本模板: global (unit_id null) or one unit's; variables in {{诉求人称呼}} form. The use count
 * shows which are stale.
 */
export const replyTemplates = pgTable(
  'reply_templates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    unitId: uuid('unit_id'),
    /** 'feedback' | 'revisit' | 'supervise' | 'delay' */
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    active: boolean('active').notNull().default(true),
    useCount: integer('use_count').notNull().default(0),
    lastUsedAt: tstz('last_used_at'),
    createdBy: uuid('created_by'),
    updatedAt: tstz('updated_at').notNull(),
  },
  (t) => [index('reply_templates_kind_idx').on(t.kind, t.unitId)],
);

/**
 * Partners' API keys (Open311 clients, the phone system): scoped to one intake channel (R2.1) and to operations.
 * Only the SHA-256 of the key is kept (the key is 32 random bytes, so no slow hash is needed); the key itself
 * is shown once at issue or rotation. A rotated or revoked key stops working at once.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    /** The first characters of the key, shown to tell keys apart (not enough to use it). */
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull(),
    channel: text('channel')
      .notNull()
      .references(() => channels.code),
    operations: text('operations').array().notNull(),
    ratePerMinute: integer('rate_per_minute').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: tstz('created_at').notNull(),
    rotatedAt: tstz('rotated_at'),
    revokedAt: tstz('revoked_at'),
    lastUsedAt: tstz('last_used_at'),
  },
  (t) => [uniqueIndex('api_keys_hash_uq').on(t.keyHash)],
);

/**
 * Calls the phone system announced (screen pop): the caller's number sealed like any complainant's (R9.1),
 * with its keyed hash for the look-up of earlier requests, and the agent whose page showed it.
 */
export const ctiCalls = pgTable(
  'cti_calls',
  {
    callId: text('call_id').primaryKey(),
    callerPhoneEnc: text('caller_phone_enc').notNull(),
    callerPhoneHash: text('caller_phone_hash').notNull(),
    agentUserId: uuid('agent_user_id')
      .notNull()
      .references(() => users.id),
    apiKeyId: uuid('api_key_id').references(() => apiKeys.id),
    at: tstz('at').notNull(),
  },
  (t) => [index('cti_calls_agent_idx').on(t.agentUserId, t.at)],
);

/**
 * 对接平台 (R2.1): one connector per upstream channel that hands requests down and expects results back —
 * inbound signed push and/or a polled list, outbound report-back (回传) through the outbox (docs/integrations-outbound.md).
 * The shared secret is kept encrypted like personal data (it signs both directions).
 */
export const partnerConnectors = pgTable('partner_connectors', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** The path segment of the inbound URL: /api/v1/partners/{code}/requests. */
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  /** The R2.1 channel code its requests are registered on. */
  channel: text('channel')
    .notNull()
    .references(() => channels.code),
  enabled: boolean('enabled').notNull().default(true),
  /** Where report-backs are POSTed; null: this partner takes none. */
  endpointUrl: text('endpoint_url'),
  secretEnc: text('secret_enc').notNull(),
  /** { inbound: {ourField: partnerPath}, outbound: {ourField: partnerPath} }. */
  fieldMapping: jsonb('field_mapping')
    .$type<{ inbound: Record<string, string>; outbound: Record<string, string> }>()
    .notNull()
    .default({ inbound: {}, outbound: {} }),
  /** Which report-backs the partner takes: accepted, completed, replied, revisit. */
  reportEvents: text('report_events')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  /** Poll-only partners: the list URL, the interval and the persisted cursor. */
  pollUrl: text('poll_url'),
  pollIntervalSeconds: integer('poll_interval_seconds').notNull().default(300),
  pollCursor: text('poll_cursor'),
  lastPolledAt: tstz('last_polled_at'),
  createdAt: tstz('created_at').notNull(),
  updatedAt: tstz('updated_at').notNull(),
});

/** Signatures of inbound pushes already accepted, kept for the replay window: the same signed request twice is refused. */
export const partnerInboundSeen = pgTable(
  'partner_inbound_seen',
  {
    connectorId: uuid('connector_id')
      .notNull()
      .references(() => partnerConnectors.id),
    signature: text('signature').notNull(),
    seenAt: tstz('seen_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.connectorId, t.signature] }),
    index('partner_inbound_seen_at_idx').on(t.seenAt),
  ],
);

/** Webhook subscriptions for any subscriber (the city's data platform, a dashboard). */
export const webhookSubscriptions = pgTable('webhook_subscriptions', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  url: text('url').notNull(),
  secretEnc: text('secret_enc').notNull(),
  enabled: boolean('enabled').notNull().default(true),
  /** Ticket event types (shared/events.ts); empty: none. */
  eventTypes: text('event_types')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  /** Filters, each empty = any: category codes (a code matches its subtree), district codes, lead units. */
  categoryCodes: text('category_codes')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  districtCodes: text('district_codes')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  unitIds: uuid('unit_ids')
    .array()
    .notNull()
    .default(sql`'{}'::uuid[]`),
  createdAt: tstz('created_at').notNull(),
  updatedAt: tstz('updated_at').notNull(),
});

export type OutboxTargetKind = 'connector' | 'webhook';
export type OutboxStatus = 'pending' | 'sending' | 'delivered' | 'dead';

/**
 * The durable outbox of outbound HTTP deliveries: one row per (target, event), written in the transaction of the
 * ticket event that causes it. `id` is the Idempotency-Key, the same on every attempt; `seq` orders a ticket's
 * deliveries to one target (a row waits while an earlier one for the same ticket and target is pending or
 * sending). A worker claims due rows with FOR UPDATE SKIP LOCKED; a claim is a lease (`next_at`), so a row
 * claimed by a process that died is due again when the lease ends.
 */
export const outboxDeliveries = pgTable(
  'outbox_deliveries',
  {
    id: uuid('id').primaryKey(),
    seq: bigserial('seq', { mode: 'number' }).notNull().unique(),
    targetKind: text('target_kind').$type<OutboxTargetKind>().notNull(),
    targetId: uuid('target_id').notNull(),
    ticketId: uuid('ticket_id'),
    eventType: text('event_type').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status').$type<OutboxStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAt: tstz('next_at').notNull(),
    createdAt: tstz('created_at').notNull(),
    deliveredAt: tstz('delivered_at'),
    lastHttpStatus: integer('last_http_status'),
    lastError: text('last_error'),
  },
  (t) => [
    // The claim reads undelivered rows in seq order: delivered and dead rows never slow it down.
    index('outbox_deliveries_open_idx')
      .on(t.seq)
      .where(sql`status IN ('pending', 'sending')`),
    index('outbox_deliveries_order_idx').on(t.targetId, t.ticketId, t.seq),
    index('outbox_deliveries_status_idx').on(t.status, t.seq),
  ],
);

/** The delivery log: one row per attempt — outcome, HTTP status, duration, error; never the payload. */
export const outboxAttempts = pgTable(
  'outbox_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => outboxDeliveries.id),
    attempt: integer('attempt').notNull(),
    at: tstz('at').notNull(),
    outcome: text('outcome').$type<'delivered' | 'failed' | 'dead'>().notNull(),
    httpStatus: integer('http_status'),
    durationMs: integer('duration_ms').notNull(),
    error: text('error'),
  },
  (t) => [index('outbox_attempts_delivery_idx').on(t.deliveryId, t.id)],
);
