/**
 * Partner connectors and webhook subscriptions as data (the administrator's), and the office's view of what left
 * the platform: deliveries, their log, the dead letters and their replay, a test delivery (docs/integrations-outbound.md).
 * Secrets are stored encrypted and shown once — when generated or rotated — never listed.
 */
import { asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { partnerConnectors, webhookSubscriptions } from '../db/schema.js';
import type {
  ConnectorView,
  DeliveryView,
  SubscriptionView,
  connectorBody,
  deliveryQuery,
  subscriptionBody,
} from '../../shared/schemas/integrations.js';
import {
  attemptsOf,
  countByStatus,
  enqueueTest,
  findDelivery,
  listDeliveries,
  replayDead,
  type DeliveryListRow,
} from './outbox.repository.js';
import { newSecret } from './signature.js';

type ConnectorInput = z.output<typeof connectorBody>;
type SubscriptionInput = z.output<typeof subscriptionBody>;
type ConnectorRow = typeof partnerConnectors.$inferSelect;
type SubscriptionRow = typeof webhookSubscriptions.$inferSelect;

const SECRET_FIELD = 'integration.secret';
const missing = () => new AppError('INTEGRATION.NOT_FOUND', '对接平台或订阅不存在。');
const iso = (d: Date | null) => (d ? d.toISOString() : null);

function connectorView(r: ConnectorRow, secret?: string): ConnectorView {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    channel: r.channel,
    enabled: r.enabled,
    endpointUrl: r.endpointUrl,
    fieldMapping: { inbound: r.fieldMapping.inbound ?? {}, outbound: r.fieldMapping.outbound ?? {} },
    reportEvents: r.reportEvents,
    pollUrl: r.pollUrl,
    pollIntervalSeconds: r.pollIntervalSeconds,
    pollCursor: r.pollCursor,
    lastPolledAt: iso(r.lastPolledAt),
    inboundPath: `/api/v1/partners/${r.code}/requests`,
    ...(secret ? { secret } : {}),
    updatedAt: r.updatedAt.toISOString(),
  };
}

function subscriptionView(r: SubscriptionRow, secret?: string): SubscriptionView {
  return {
    id: r.id,
    name: r.name,
    url: r.url,
    enabled: r.enabled,
    eventTypes: r.eventTypes,
    categoryCodes: r.categoryCodes,
    districtCodes: r.districtCodes,
    unitIds: r.unitIds,
    ...(secret ? { secret } : {}),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export async function listConnectors(ctx: AppContext): Promise<ConnectorView[]> {
  const rows = await ctx.db.select().from(partnerConnectors).orderBy(asc(partnerConnectors.code));
  return rows.map((r) => connectorView(r));
}

/** Creates (no id) or changes a connector; a secret given is set, none on create generates one (shown once). */
export async function saveConnector(
  ctx: AppContext,
  input: ConnectorInput,
  id?: string,
): Promise<ConnectorView> {
  if (!(await ctx.reference.hasChannel(input.channel)))
    throw new AppError('CHANNEL.NOT_FOUND', `受理渠道不存在：${input.channel}`, {
      fields: [{ field: 'channel', message: '受理渠道不存在' }],
    });
  const now = ctx.clock.now();
  const generated = !id && !input.secret ? newSecret() : undefined;
  const secret = input.secret ?? generated;
  const values = {
    code: input.code,
    name: input.name,
    channel: input.channel,
    enabled: input.enabled,
    endpointUrl: input.endpointUrl,
    fieldMapping: {
      inbound: input.fieldMapping.inbound as Record<string, string>,
      outbound: input.fieldMapping.outbound as Record<string, string>,
    },
    reportEvents: [...input.reportEvents],
    pollUrl: input.pollUrl,
    pollIntervalSeconds: input.pollIntervalSeconds,
    updatedAt: now,
    ...(secret ? { secretEnc: ctx.cipher.encrypt(SECRET_FIELD, secret) } : {}),
  };
  const [taken] = await ctx.db
    .select({ id: partnerConnectors.id })
    .from(partnerConnectors)
    .where(eq(partnerConnectors.code, input.code));
  if (taken && taken.id !== id)
    throw new AppError('INTEGRATION.CODE_TAKEN', `编码已被其他对接平台使用：${input.code}`, {
      fields: [{ field: 'code', message: '编码已被使用' }],
    });
  let row: ConnectorRow | undefined;
  if (id) {
    [row] = await ctx.db
      .update(partnerConnectors)
      .set(values)
      .where(eq(partnerConnectors.id, id))
      .returning();
  } else {
    [row] = await ctx.db
      .insert(partnerConnectors)
      .values({ ...values, secretEnc: values.secretEnc!, createdAt: now })
      .returning();
  }
  if (!row) throw missing();
  return connectorView(row, generated);
}

/** A new random secret, shown once; the partner must sign with it from now on. */
export async function rotateConnectorSecret(ctx: AppContext, id: string): Promise<ConnectorView> {
  const secret = newSecret();
  const [row] = await ctx.db
    .update(partnerConnectors)
    .set({ secretEnc: ctx.cipher.encrypt(SECRET_FIELD, secret), updatedAt: ctx.clock.now() })
    .where(eq(partnerConnectors.id, id))
    .returning();
  if (!row) throw missing();
  return connectorView(row, secret);
}

export async function listSubscriptions(ctx: AppContext): Promise<SubscriptionView[]> {
  const rows = await ctx.db.select().from(webhookSubscriptions).orderBy(asc(webhookSubscriptions.createdAt));
  return rows.map((r) => subscriptionView(r));
}

export async function saveSubscription(
  ctx: AppContext,
  input: SubscriptionInput,
  id?: string,
): Promise<SubscriptionView> {
  const now = ctx.clock.now();
  const generated = !id && !input.secret ? newSecret() : undefined;
  const secret = input.secret ?? generated;
  const values = {
    name: input.name,
    url: input.url,
    enabled: input.enabled,
    eventTypes: [...input.eventTypes],
    categoryCodes: input.categoryCodes,
    districtCodes: input.districtCodes,
    unitIds: input.unitIds,
    updatedAt: now,
    ...(secret ? { secretEnc: ctx.cipher.encrypt(SECRET_FIELD, secret) } : {}),
  };
  let row: SubscriptionRow | undefined;
  if (id) {
    [row] = await ctx.db
      .update(webhookSubscriptions)
      .set(values)
      .where(eq(webhookSubscriptions.id, id))
      .returning();
  } else {
    [row] = await ctx.db
      .insert(webhookSubscriptions)
      .values({ ...values, secretEnc: values.secretEnc!, createdAt: now })
      .returning();
  }
  if (!row) throw missing();
  return subscriptionView(row, generated);
}

/** The "send test delivery" button: a `ping` through the outbox like any delivery, with its log. */
export async function sendTestDelivery(
  ctx: AppContext,
  kind: 'connector' | 'webhook',
  id: string,
): Promise<DeliveryView> {
  const table = kind === 'connector' ? partnerConnectors : webhookSubscriptions;
  const [exists] = await ctx.db.select({ id: table.id }).from(table).where(eq(table.id, id));
  if (!exists) throw missing();
  const now = ctx.clock.now();
  const deliveryId = await ctx.db.transaction((tx) =>
    enqueueTest(tx, kind, id, { event: 'ping', at: now.toISOString(), test: true }, now),
  );
  const row = await findDelivery(ctx.db, deliveryId);
  return deliveryView(row!);
}

export function deliveryView(r: DeliveryListRow): DeliveryView {
  const code = r.payload.ticketCode ?? (r.payload.ticket as { code?: unknown } | undefined)?.code;
  return {
    id: r.id,
    targetKind: r.targetKind,
    targetId: r.targetId,
    targetName: r.targetName,
    ticketId: r.ticketId,
    ticketCode: typeof code === 'string' ? code : null,
    eventType: r.eventType,
    status: r.status,
    attempts: r.attempts,
    nextAt: r.nextAt.toISOString(),
    createdAt: r.createdAt.toISOString(),
    deliveredAt: iso(r.deliveredAt),
    lastHttpStatus: r.lastHttpStatus,
    lastError: r.lastError,
  };
}

export async function deliveries(ctx: AppContext, q: z.output<typeof deliveryQuery>) {
  const { rows, total } = await listDeliveries(
    ctx.db,
    { status: q.status, targetId: q.targetId, ticketId: q.ticketId },
    { limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
  );
  return { items: rows.map(deliveryView), total, counts: await countByStatus(ctx.db) };
}

export async function delivery(ctx: AppContext, id: string) {
  const row = await findDelivery(ctx.db, id);
  if (!row) throw new AppError('DELIVERY.NOT_FOUND', '投递记录不存在。');
  const log = await attemptsOf(ctx.db, id);
  return {
    ...deliveryView(row),
    log: log.map((a) => ({
      attempt: a.attempt,
      at: new Date(a.at).toISOString(),
      outcome: a.outcome,
      httpStatus: a.http_status,
      durationMs: a.duration_ms,
      error: a.error,
    })),
  };
}

/** A dead letter sent again: the same delivery, so the same Idempotency-Key. */
export async function replay(ctx: AppContext, id: string): Promise<DeliveryView> {
  const row = await findDelivery(ctx.db, id);
  if (!row) throw new AppError('DELIVERY.NOT_FOUND', '投递记录不存在。');
  if (!(await replayDead(ctx.db, id, ctx.clock.now())))
    throw new AppError('DELIVERY.NOT_DEAD', '只有进入死信的投递可以重发。');
  return deliveryView((await findDelivery(ctx.db, id))!);
}
