/**
 * Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2) over our tickets:
 * - services = the leaves of the category tree (R3), grouped by their first-level node; a service's definition
 *   lists the attributes its registration asks for (district, request type; an urgent kind says so, R3.1);
 * - POST requests registers a ticket on the key's channel (R2.1) through the one registration service, the channel
 *   reference derived from the submission so the same submission delivered twice is one ticket (R2.2); what it
 *   carries about the person is sealed like any complainant's data (R9.1);
 * - GET requests / requests/{id} / tokens/{token}: the key's channel's tickets, status open/closed from our states,
 *   status_notes from the reply to the complainant (R4.5), agency_responsible from the lead unit — never a name,
 *   phone or the complainant's address: free text is masked (R9.1).
 */
import { createHash } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { categories, districts } from '../db/schema.js';
import type { TicketRow } from '../db/schema.js';
import type { AppContext } from '../context.js';
import { registerFromChannel } from '../tickets/ticket.service.js';
import * as repo from '../tickets/ticket.repository.js';
import { maskFreeText } from '../../domain/security/mask.js';
import { REQUEST_TYPE_ZH, REQUEST_TYPES, type RequestType, type TicketStatus } from '../../shared/enums.js';
import type { ApiKeyPrincipal } from '../auth/api-keys.service.js';
import { STATUS_ZH } from '../../domain/ticket/ticket.machine.js';
import { createTicketBody } from '../../shared/schemas/tickets.js';
import { localizeMessage } from '../../shared/messages-en.js';

/** The jurisdiction this endpoint serves (吉林市, its administrative division code). */
export const JURISDICTION_ID = '220200';

/** Our states that Open311 calls closed: the complainant has had the answer (R4.5) or the ticket is archived. */
export const CLOSED_STATES: readonly TicketStatus[] = ['replied', 'archived', 'answered'];
const openStates = (): TicketStatus[] =>
  (Object.keys(STATUS_ZH) as TicketStatus[]).filter((s) => !CLOSED_STATES.includes(s));

/** An Open311 error: the HTTP status is its code. */
export class Open311Error extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
  ) {
    super(description);
  }
}

export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string | null;
  metadata: boolean;
  type: 'realtime';
  keywords: string | null;
  group: string | null;
}

type CategoryRow = typeof categories.$inferSelect;

async function categoryTree(ctx: AppContext) {
  const rows = await ctx.db
    .select()
    .from(categories)
    .where(eq(categories.active, true))
    .orderBy(asc(categories.code));
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const parents = new Set(rows.map((r) => r.parentCode).filter((c): c is string => c !== null));
  const path = (r: CategoryRow): CategoryRow[] => {
    const out = [r];
    let p = r.parentCode ? byCode.get(r.parentCode) : undefined;
    while (p) {
      out.unshift(p);
      p = p.parentCode ? byCode.get(p.parentCode) : undefined;
    }
    return out;
  };
  return { rows, byCode, leaves: rows.filter((r) => !parents.has(r.code)), path };
}

function toService(r: CategoryRow, path: CategoryRow[]): Open311Service {
  return {
    service_code: r.code,
    service_name: r.nameZh,
    description: path.map((p) => p.nameZh).join(' / ') + (r.defaultUrgency === 'urgent' ? '（紧急类）' : ''),
    metadata: true,
    type: 'realtime',
    keywords: path.length > 1 ? (path[path.length - 2]?.nameZh ?? null) : null,
    group: path[0]?.nameZh ?? null,
  };
}

export async function listServices(ctx: AppContext): Promise<Open311Service[]> {
  const tree = await categoryTree(ctx);
  return tree.leaves.map((r) => toService(r, tree.path(r)));
}

export async function serviceDefinition(ctx: AppContext, code: string) {
  const tree = await categoryTree(ctx);
  const r = tree.byCode.get(code);
  if (!r || tree.rows.some((x) => x.parentCode === code))
    throw new Open311Error(404, `service_code not found: ${code}`);
  const ds = await ctx.db.select().from(districts).orderBy(asc(districts.code));
  const attributes: Record<string, unknown>[] = [];
  if (r.defaultUrgency === 'urgent')
    attributes.push({
      variable: false,
      code: 'urgent_notice',
      datatype: 'text',
      required: false,
      datatype_description: null,
      order: attributes.length + 1,
      description: '紧急类诉求（R3.1）：承办单位须第一时间到现场处置，24 小时内办结（R4.4.1）。',
    });
  attributes.push(
    {
      variable: true,
      code: 'district',
      datatype: 'singlevaluelist',
      required: false,
      datatype_description: '所在县（市）区',
      order: attributes.length + 1,
      description: '问题发生地所在的县（市）区',
      values: ds.map((d) => ({ key: d.code, name: d.nameZh })),
    },
    {
      variable: true,
      code: 'request_type',
      datatype: 'singlevaluelist',
      required: false,
      datatype_description: '诉求类型（GB/T 33358-2016）',
      order: attributes.length + 2,
      description: '不填时按内容自动判断',
      values: REQUEST_TYPES.map((t) => ({ key: t, name: REQUEST_TYPE_ZH[t] })),
    },
  );
  return { service_code: r.code, attributes };
}

/** What an Open311 POST carries, already read from the form or JSON body. */
export interface Open311Submission {
  jurisdiction_id?: string | undefined;
  service_code: string;
  lat?: number | undefined;
  long?: number | undefined;
  address_string?: string | undefined;
  address_id?: string | undefined;
  first_name?: string | undefined;
  last_name?: string | undefined;
  phone?: string | undefined;
  email?: string | undefined;
  device_id?: string | undefined;
  account_id?: string | undefined;
  description?: string | undefined;
  media_url?: string | undefined;
  attributes: Record<string, string>;
}

export function checkJurisdiction(id: string | undefined): void {
  if (id !== undefined && id !== JURISDICTION_ID)
    throw new Open311Error(404, `jurisdiction_id not found: ${id}`);
}

/** The channel reference of a submission: the same submission through the same key twice is one ticket (R2.2). */
function submissionRef(key: ApiKeyPrincipal, s: Open311Submission): string {
  const canonical = JSON.stringify([
    key.id,
    s.service_code,
    s.lat ?? null,
    s.long ?? null,
    s.address_string ?? null,
    s.address_id ?? null,
    s.first_name ?? null,
    s.last_name ?? null,
    s.phone ?? null,
    s.device_id ?? null,
    s.account_id ?? null,
    s.description ?? null,
    Object.entries(s.attributes).sort(([a], [b]) => a.localeCompare(b)),
  ]);
  return `open311-${createHash('sha256').update(canonical).digest('hex').slice(0, 40)}`;
}

export async function submitRequest(ctx: AppContext, key: ApiKeyPrincipal, s: Open311Submission) {
  checkJurisdiction(s.jurisdiction_id);
  const tree = await categoryTree(ctx);
  if (!tree.byCode.has(s.service_code))
    throw new Open311Error(404, `service_code not found: ${s.service_code}`);
  if (s.lat === undefined && s.long === undefined && !s.address_string && !s.address_id)
    throw new Open311Error(400, 'a location is required: lat and long, address_string or address_id');
  if ((s.lat === undefined) !== (s.long === undefined))
    throw new Open311Error(400, 'lat and long must be given together');
  if (!s.description) throw new Open311Error(400, 'description is required');
  if (!s.phone) throw new Open311Error(400, 'phone is required: the office calls the person back (R4.6)');
  const requestType = s.attributes.request_type;
  if (requestType !== undefined && !(REQUEST_TYPES as readonly string[]).includes(requestType))
    throw new Open311Error(400, `attribute[request_type] is not one of ${REQUEST_TYPES.join(', ')}`);
  const name = `${s.last_name ?? ''}${s.first_name ?? ''}`.trim() || '未留姓名';
  const address = s.address_string ?? (s.address_id ? `地址编号 ${s.address_id}` : undefined);
  // The registration contract every channel meets (shared/schemas/tickets.ts): a callable phone, lengths.
  const checked = createTicketBody.safeParse({
    channel: key.channel,
    channelRef: submissionRef(key, s),
    content: s.description,
    categoryCode: s.service_code,
    complainant: { name, phone: s.phone },
    location: {
      ...(s.attributes.district ? { district: s.attributes.district } : {}),
      ...(address ? { address } : {}),
      ...(s.lat !== undefined && s.long !== undefined ? { lat: s.lat, lng: s.long } : {}),
    },
    ...(requestType ? { requestType: requestType as RequestType } : {}),
  });
  if (!checked.success) {
    const fields: Record<string, string> = {
      content: 'description',
      'complainant.phone': 'phone',
      'complainant.name': 'last_name/first_name',
    };
    throw new Open311Error(
      400,
      checked.error.issues
        .map((i) => `${fields[i.path.join('.')] ?? i.path.join('.')}: ${localizeMessage(i.message, 'en')}`)
        .join('; '),
    );
  }
  const { row, created } = await registerFromChannel(ctx, null, checked.data, {
    via: 'open311',
    apiKeyId: key.id,
  });
  return {
    created,
    answer: [
      {
        service_request_id: row.code,
        token: row.id,
        service_notice: `已受理，受理编号 ${row.code}；市长电话室将按《吉林市民生诉求接诉即办管理办法》转办并限时办结。`,
      },
    ],
  };
}

export interface RequestQuery {
  service_request_id?: string | undefined;
  service_code?: string | undefined;
  status?: string | undefined;
  start_date?: Date | undefined;
  end_date?: Date | undefined;
}

const DEFAULT_SPAN_MS = 90 * 86_400_000;
const MAX_ROWS = 1000;

/** The key's channel's requests: by ids (the other filters are then ignored, as the specification says), or filtered. */
export async function findRequests(ctx: AppContext, key: ApiKeyPrincipal, q: RequestQuery) {
  const codes = q.service_request_id
    ?.split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  let rows;
  if (codes && codes.length) {
    rows = await repo.channelTickets(ctx.db, { channel: key.channel, codes, limit: MAX_ROWS });
  } else {
    const statuses = q.status
      ?.split(',')
      .map((s) => s.trim())
      .flatMap((s) => (s === 'closed' ? [...CLOSED_STATES] : s === 'open' ? openStates() : []));
    const to = q.end_date ?? ctx.clock.now();
    const from = q.start_date ?? new Date(to.getTime() - DEFAULT_SPAN_MS);
    rows = await repo.channelTickets(ctx.db, {
      channel: key.channel,
      ...(q.service_code ? { categoryCode: q.service_code } : {}),
      ...(statuses ? { statuses } : {}),
      from,
      to,
      limit: MAX_ROWS,
    });
  }
  return Promise.all(rows.map((r) => presentRequest(ctx, r.ticket, r.leadUnitName)));
}

export async function findRequest(ctx: AppContext, key: ApiKeyPrincipal, code: string) {
  const [r] = await repo.channelTickets(ctx.db, { channel: key.channel, codes: [code], limit: 1 });
  if (!r) throw new Open311Error(404, `service_request_id not found: ${code}`);
  return [await presentRequest(ctx, r.ticket, r.leadUnitName)];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function findToken(ctx: AppContext, key: ApiKeyPrincipal, token: string) {
  const row = UUID.test(token) ? await repo.findTicket(ctx.db, token.toLowerCase()) : undefined;
  if (!row || row.channel !== key.channel) throw new Open311Error(404, `token not found: ${token}`);
  return [{ service_request_id: row.code, token: row.id }];
}

/** One ticket as an Open311 request: nothing about the person (R9.1). */
async function presentRequest(ctx: AppContext, t: TicketRow, leadUnitName: string | null) {
  const name = ctx.cipher.decrypt('complainant.name', t.complainantNameEnc);
  const mask = (s: string) => maskFreeText(s, [name]);
  const events = await repo.eventsOf(ctx.db, t.id);
  const reply = events
    .filter(
      (e) =>
        (e.action === 'feedback' && typeof e.data.toComplainant === 'string') ||
        (e.action === 'answer' && typeof e.data.answer === 'string'),
    )
    .at(-1);
  const replyText = reply
    ? ((reply.action === 'answer' ? reply.data.answer : reply.data.toComplainant) as string)
    : null;
  const category = t.categoryCode
    ? (await ctx.db.select().from(categories).where(eq(categories.code, t.categoryCode)))[0]
    : undefined;
  const closed = CLOSED_STATES.includes(t.status);
  return {
    service_request_id: t.code,
    status: closed ? ('closed' as const) : ('open' as const),
    status_notes: replyText ? mask(replyText) : STATUS_ZH[t.status],
    service_name: category?.nameZh ?? null,
    service_code: t.categoryCode ?? '',
    description: mask(t.content).slice(0, 4000),
    agency_responsible: leadUnitName,
    service_notice: null,
    requested_datetime: t.registeredAt.toISOString(),
    updated_datetime: t.updatedAt.toISOString(),
    expected_datetime: t.promisedAt?.toISOString() ?? t.completeDueAt?.toISOString() ?? null,
    address: t.locationAddress,
    address_id: null,
    zipcode: null,
    lat: t.lat,
    long: t.lng,
    media_url: null,
  };
}
