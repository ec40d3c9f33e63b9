/**
 * Requests handed down by an upstream platform of R2.1 (国务院互联网+督查, 人民网领导留言板, 省长热线96118 …):
 * a signed push (`POST /api/v1/partners/{connector}/requests`) or, for a partner that only offers a list, a poller
 * with a persisted cursor. Both map the partner's fields onto a registration on the connector's channel and
 * register it through the one registration path (ticket.service.ts `registerFromChannel`) — one ticket per
 * partner reference (R2.2): the same reference again answers the ticket registered first.
 */
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { partnerConnectors, partnerInboundSeen } from '../db/schema.js';
import { createTicketBody } from '../../shared/schemas/tickets.js';
import { INBOUND_FIELDS } from '../../shared/schemas/integrations.js';
import { registerFromChannel } from '../tickets/ticket.service.js';
import { safeError } from '../http/request-log.js';
import { getPath, setPath } from './report.js';
import {
  fresh,
  REPLAY_WINDOW_SECONDS,
  sign,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  verify,
} from './signature.js';
import { runEvery } from '../periodic.js';

type ConnectorRow = typeof partnerConnectors.$inferSelect;

export interface PushResult {
  ticketId: string;
  code: string;
  created: boolean;
}

const badSignature = () =>
  new AppError(
    'PARTNER.SIGNATURE_INVALID',
    '签名缺失或不正确：请在 X-Jiesu-Timestamp 中给出 Unix 秒，在 X-Jiesu-Signature 中给出 sha256=HMAC-SHA256(密钥, 时间戳 + "." + 请求体)。',
  );

async function enabledConnector(ctx: AppContext, code: string): Promise<ConnectorRow> {
  const [row] = await ctx.db.select().from(partnerConnectors).where(eq(partnerConnectors.code, code));
  if (!row || !row.enabled) throw new AppError('PARTNER.NOT_FOUND', `对接平台不存在或已停用：${code}`);
  return row;
}

/**
 * A push: the connector enabled, the timestamp within the replay window, the signature right, this signed request
 * not seen before — in that order, each refusal with its own code — then mapped and registered.
 */
export async function receivePush(
  ctx: AppContext,
  code: string,
  headers: Record<string, string | string[] | undefined>,
  rawBody: string,
  body: unknown,
): Promise<PushResult> {
  const connector = await enabledConnector(ctx, code);
  const timestamp = header(headers, TIMESTAMP_HEADER);
  const signature = header(headers, SIGNATURE_HEADER);
  if (!timestamp || !signature) throw badSignature();
  const now = ctx.clock.now();
  if (!fresh(timestamp, now))
    throw new AppError(
      'PARTNER.TIMESTAMP_STALE',
      `时间戳超出 ${REPLAY_WINDOW_SECONDS / 60} 分钟有效期，请用当前时间重新签名。`,
    );
  const secret = ctx.cipher.decrypt('integration.secret', connector.secretEnc);
  if (!verify(secret, timestamp, rawBody, signature)) throw badSignature();
  // The same signed request twice (a replay) is refused; the window bounds what must be remembered.
  const cutoff = new Date(now.getTime() - 2 * REPLAY_WINDOW_SECONDS * 1000);
  await ctx.db.delete(partnerInboundSeen).where(lt(partnerInboundSeen.seenAt, cutoff));
  const seen = await ctx.db
    .insert(partnerInboundSeen)
    .values({ connectorId: connector.id, signature: signature.trim().toLowerCase(), seenAt: now })
    .onConflictDoNothing()
    .returning({ s: partnerInboundSeen.signature });
  if (seen.length === 0)
    throw new AppError('PARTNER.REPLAYED', '该签名请求已收到过；重试时请用新的时间戳重新签名。');
  return registerMapped(ctx, connector, body);
}

/** The partner's request as a registration on the connector's channel (its inbound mapping; else our names). */
export async function registerMapped(
  ctx: AppContext,
  connector: ConnectorRow,
  body: unknown,
): Promise<PushResult> {
  const input: Record<string, unknown> = { channel: connector.channel };
  for (const field of INBOUND_FIELDS) {
    const value = getPath(body, connector.fieldMapping.inbound?.[field] ?? field);
    if (value !== undefined && value !== null)
      setPath(input, field, typeof value === 'number' ? String(value) : value);
  }
  const parsed = createTicketBody.safeParse(input);
  if (!parsed.success || !parsed.data.channelRef) {
    const fields = parsed.success
      ? [{ field: 'channelRef', message: '缺少对方平台的诉求编号' }]
      : parsed.error.issues.map((i) => ({
          field:
            (connector.fieldMapping.inbound as Record<string, string>)[i.path.join('.')] ?? i.path.join('.'),
          message: i.message,
        }));
    throw new AppError(
      'PARTNER.MAPPING_INVALID',
      `对方平台的诉求无法登记：${fields[0]?.field ?? ''} ${fields[0]?.message ?? ''}`.trim(),
      { fields },
    );
  }
  const { row, created } = await registerFromChannel(ctx, null, parsed.data);
  return { ticketId: row.id, code: row.code, created };
}

function header(h: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Polls the partners that only offer a list: `GET pollUrl?cursor=…` (signed like a push, over the empty body)
 * answering `{ items: [...], nextCursor }`. Each page's requests are registered, then the cursor is saved; a
 * page registered twice (a crash before the cursor was saved) is the same tickets (R2.2). A connector is taken by
 * one process per interval (compare-and-set on `last_polled_at`), so several servers never poll it together.
 */
export class PartnerPoller {
  private handle: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly ctx: AppContext,
    private readonly options: { timeoutMs: number; maxPages: number } = { timeoutMs: 10_000, maxPages: 20 },
  ) {}

  /** Polls every connector that is due; returns how many requests were registered anew. */
  runOnce(): Promise<number> {
    this.running ??= this.pollDue().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pollDue(): Promise<number> {
    const now = this.ctx.clock.now();
    const candidates = await this.ctx.db
      .select()
      .from(partnerConnectors)
      .where(and(eq(partnerConnectors.enabled, true), sql`${partnerConnectors.pollUrl} IS NOT NULL`));
    let created = 0;
    for (const c of candidates) {
      const due = new Date(now.getTime() - c.pollIntervalSeconds * 1000);
      const [taken] = await this.ctx.db
        .update(partnerConnectors)
        .set({ lastPolledAt: now })
        .where(
          and(
            eq(partnerConnectors.id, c.id),
            or(isNull(partnerConnectors.lastPolledAt), lt(partnerConnectors.lastPolledAt, due)),
          ),
        )
        .returning();
      if (!taken) continue;
      try {
        created += await this.poll(taken);
      } catch (err) {
        console.error(`对接平台 ${c.code} 拉取失败：`, JSON.stringify(safeError(err)));
      }
    }
    return created;
  }

  private async poll(c: ConnectorRow): Promise<number> {
    const secret = this.ctx.cipher.decrypt('integration.secret', c.secretEnc);
    let cursor = c.pollCursor;
    let created = 0;
    for (let page = 0; page < this.options.maxPages; page++) {
      const url = new URL(c.pollUrl!);
      if (cursor) url.searchParams.set('cursor', cursor);
      const timestamp = String(Math.floor(this.ctx.clock.now().getTime() / 1000));
      const res = await fetch(url, {
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs),
        headers: {
          accept: 'application/json',
          [TIMESTAMP_HEADER]: timestamp,
          [SIGNATURE_HEADER]: sign(secret, timestamp, ''),
        },
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const answer = (await res.json()) as { items?: unknown; nextCursor?: unknown };
      const items = Array.isArray(answer.items) ? answer.items : [];
      for (const item of items) {
        try {
          if ((await registerMapped(this.ctx, c, item)).created) created++;
        } catch (err) {
          // One unmappable request does not hold the others back; its error names fields, never values.
          console.error(`对接平台 ${c.code} 的一条诉求无法登记：`, JSON.stringify(safeError(err)));
        }
      }
      const next = typeof answer.nextCursor === 'string' && answer.nextCursor ? answer.nextCursor : cursor;
      if (next !== cursor) {
        await this.ctx.db
          .update(partnerConnectors)
          .set({ pollCursor: next })
          .where(eq(partnerConnectors.id, c.id));
      }
      if (items.length === 0 || next === cursor) return created;
      cursor = next;
    }
    return created;
  }

  start(intervalMs: number): void {
    this.handle = runEvery(intervalMs, () => this.runOnce(), '对接平台拉取失败：');
  }

  async stop(): Promise<void> {
    if (this.handle) clearInterval(this.handle);
    this.handle = null;
    await this.running?.catch(() => undefined);
  }
}
