/**
 * The outbox's worker, in the server process: claims due deliveries (outbox.repository.ts `claimDue`: in order per
 * ticket and target, FOR UPDATE SKIP LOCKED, a lease), sends each signed with its fixed Idempotency-Key, records
 * the attempt, and on failure sets the next try with exponential backoff — dead-lettered after `maxAttempts`.
 * Delivery is at least once: a partner that answered but whose answer was lost (a timeout, our crash) gets the
 * same key again and answers it as a repeat. The log holds outcome, HTTP status, duration and an error class —
 * never the payload or the partner's answer (R9.1).
 */
import type { AppContext } from '../context.js';
import { eq } from 'drizzle-orm';
import { partnerConnectors, webhookSubscriptions } from '../db/schema.js';
import { claimDue, recordAttempt, type AttemptResult, type DeliveryRow } from './outbox.repository.js';
import { mapOutbound } from './report.js';
import { sign, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './signature.js';
import { runEvery } from '../periodic.js';

export interface OutboxOptions {
  /** Attempts before a delivery is dead-lettered. */
  maxAttempts: number;
  /** How long one HTTP attempt may take. */
  timeoutMs: number;
  /** The first retry's delay; each further one doubles, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  batchSize: number;
  /** A claim's lease: a row still `sending` after it is due again (its process died). */
  leaseMs: number;
}

export const OUTBOX_DEFAULTS: OutboxOptions = {
  maxAttempts: 10,
  timeoutMs: 10_000,
  baseDelayMs: 30_000,
  maxDelayMs: 3_600_000,
  batchSize: 50,
  leaseMs: 120_000,
};

/** The delay before attempt `attempts + 1`: base × 2^(attempts − 1), capped. */
export function backoffMs(attempts: number, o: Pick<OutboxOptions, 'baseDelayMs' | 'maxDelayMs'>): number {
  return Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** Math.max(0, attempts - 1));
}

interface Target {
  url: string;
  secret: string;
  outbound: Record<string, string> | null;
}

export class OutboxWorker {
  readonly options: OutboxOptions;
  private handle: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly ctx: AppContext,
    options: Partial<OutboxOptions> = {},
  ) {
    this.options = { ...OUTBOX_DEFAULTS, ...options };
  }

  /** Sends everything due now, batch after batch (a ticket's next delivery is due once its earlier one is done). */
  drain(): Promise<number> {
    this.running ??= (async () => {
      let total = 0;
      for (;;) {
        const n = await this.runOnce();
        total += n;
        if (n === 0) return total;
      }
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Claims one batch (committed before anything is sent) and sends it; returns how many were claimed. */
  async runOnce(): Promise<number> {
    const now = this.ctx.clock.now();
    const leaseEnd = new Date(now.getTime() + this.options.leaseMs);
    const claimed = await this.ctx.db.transaction((tx) =>
      claimDue(tx, now, leaseEnd, this.options.batchSize),
    );
    // Each target is read (and its secret decrypted) once per batch.
    const targets = new Map<string, Promise<Target | null>>();
    const targetOf = (d: DeliveryRow) => {
      let t = targets.get(d.targetId);
      if (!t) targets.set(d.targetId, (t = this.target(d)));
      return t;
    };
    await Promise.all(claimed.map(async (d) => this.deliver(d, await targetOf(d))));
    return claimed.length;
  }

  private async deliver(d: DeliveryRow, target: Target | null): Promise<void> {
    const started = performance.now();
    let result: Omit<AttemptResult, 'outcome' | 'nextAt'> & { ok: boolean };
    if (!target) {
      result = { ok: false, httpStatus: null, durationMs: 0, error: '投递目标已删除或停用' };
    } else {
      result = await this.send(d, target, started);
    }
    const now = this.ctx.clock.now();
    const dead = !result.ok && (d.attempts >= this.options.maxAttempts || !target);
    const attempt: AttemptResult = {
      outcome: result.ok ? 'delivered' : dead ? 'dead' : 'failed',
      httpStatus: result.httpStatus,
      durationMs: result.durationMs,
      error: result.error,
      ...(result.ok || dead ? {} : { nextAt: new Date(now.getTime() + backoffMs(d.attempts, this.options)) }),
    };
    await this.ctx.db.transaction((tx) => recordAttempt(tx, d, attempt, now));
  }

  private async send(
    d: DeliveryRow,
    target: Target,
    started: number,
  ): Promise<{ ok: boolean; httpStatus: number | null; durationMs: number; error: string | null }> {
    const payload = target.outbound ? mapOutbound(d.payload, target.outbound) : { id: d.id, ...d.payload };
    const body = JSON.stringify(payload);
    const timestamp = String(Math.floor(this.ctx.clock.now().getTime() / 1000));
    const elapsed = () => Math.round(performance.now() - started);
    try {
      const res = await fetch(target.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs),
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'Jiesu-Outbox/1',
          'idempotency-key': d.id,
          'x-jiesu-delivery': d.id,
          'x-jiesu-event': d.eventType,
          'x-jiesu-attempt': String(d.attempts),
          [TIMESTAMP_HEADER]: timestamp,
          [SIGNATURE_HEADER]: sign(target.secret, timestamp, body),
        },
        body,
      });
      // The answer's body is read and dropped: it is the partner's, and may hold anything.
      await res.arrayBuffer().catch(() => undefined);
      const ok = res.status >= 200 && res.status < 300;
      return { ok, httpStatus: res.status, durationMs: elapsed(), error: ok ? null : `HTTP ${res.status}` };
    } catch (err) {
      return {
        ok: false,
        httpStatus: null,
        durationMs: elapsed(),
        error: errorClass(err, this.options.timeoutMs),
      };
    }
  }

  private async target(d: DeliveryRow): Promise<Target | null> {
    const c = this.ctx.cipher;
    if (d.targetKind === 'connector') {
      const [row] = await this.ctx.db
        .select()
        .from(partnerConnectors)
        .where(eq(partnerConnectors.id, d.targetId));
      if (!row || !row.enabled || !row.endpointUrl) return null;
      return {
        url: row.endpointUrl,
        secret: c.decrypt('integration.secret', row.secretEnc),
        outbound: row.fieldMapping.outbound ?? {},
      };
    }
    const [row] = await this.ctx.db
      .select()
      .from(webhookSubscriptions)
      .where(eq(webhookSubscriptions.id, d.targetId));
    if (!row || !row.enabled) return null;
    return { url: row.url, secret: c.decrypt('integration.secret', row.secretEnc), outbound: null };
  }

  start(intervalMs: number): void {
    this.handle = runEvery(intervalMs, () => this.drain(), '对外投递失败：');
  }

  async stop(): Promise<void> {
    if (this.handle) clearInterval(this.handle);
    this.handle = null;
    await this.running?.catch(() => undefined);
  }
}

/** What went wrong, without anything the peer said: a timeout, or the network error's code. */
function errorClass(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; cause?: { code?: string }; code?: string };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `超时（${timeoutMs} ms）`;
  const code = e?.cause?.code ?? e?.code;
  return code ? `网络错误 ${code}` : '网络错误';
}
