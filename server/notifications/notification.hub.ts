/**
 * Pushes "you have news" to the open pages of the people notified (the bell's Server-Sent Events stream).
 * A notification is written inside the transaction of the change that caused it, together with a `pg_notify`
 * naming its recipients; the database delivers that on commit only, so a page is never told of a change that
 * was rolled back, and on PostgreSQL every process sharing the database hears it.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import type { Tx } from '../tickets/ticket.repository.js';

export const NOTIFY_CHANNEL = 'jiesu_notifications';
/** The phone system's screen pops: `{"userId": agent, "callId": …}` — the call's data is fetched by the page. */
export const CALL_CHANNEL = 'jiesu_calls';
/** NOTIFY payloads must stay under 8000 bytes: recipients are announced in groups of this many ids. */
const IDS_PER_PAYLOAD = 150;

type Listener = () => void;
type CallListener = (callId: string) => void;

export class NotificationHub {
  private readonly byUser = new Map<string, Set<Listener>>();
  private readonly callsByUser = new Map<string, Set<CallListener>>();
  private stop: (() => Promise<void>) | null = null;

  /** Starts hearing the database's announcements. */
  async attach(database: Pick<Database, 'listen'>): Promise<void> {
    const stopNews = await database.listen(NOTIFY_CHANNEL, (payload) => this.deliver(payload));
    const stopCalls = await database.listen(CALL_CHANNEL, (payload) => this.deliverCall(payload));
    this.stop = async () => {
      await stopNews();
      await stopCalls();
    };
  }

  /** Calls `onCall(callId)` whenever the phone system announces a call for this agent; returns the unsubscribe. */
  subscribeCalls(userId: string, onCall: CallListener): () => void {
    let set = this.callsByUser.get(userId);
    if (!set) this.callsByUser.set(userId, (set = new Set()));
    set.add(onCall);
    return () => {
      set.delete(onCall);
      if (set.size === 0) this.callsByUser.delete(userId);
    };
  }

  /** How many open pages of this user hear screen pops (this process only). */
  callListeners(userId: string): number {
    return this.callsByUser.get(userId)?.size ?? 0;
  }

  private deliverCall(payload: string): void {
    let msg: unknown;
    try {
      msg = JSON.parse(payload);
    } catch {
      return;
    }
    const { userId, callId } = (msg ?? {}) as { userId?: unknown; callId?: unknown };
    if (typeof userId !== 'string' || typeof callId !== 'string') return;
    for (const fn of this.callsByUser.get(userId) ?? []) fn(callId);
  }

  async detach(): Promise<void> {
    await this.stop?.();
    this.stop = null;
  }

  /** Calls `onNews` whenever the user gets a notification; returns the unsubscribe function. */
  subscribe(userId: string, onNews: Listener): () => void {
    let set = this.byUser.get(userId);
    if (!set) this.byUser.set(userId, (set = new Set()));
    set.add(onNews);
    return () => {
      set.delete(onNews);
      if (set.size === 0) this.byUser.delete(userId);
    };
  }

  /** How many open streams listen (for tests and health). */
  get listeners(): number {
    let n = 0;
    for (const s of this.byUser.values()) n += s.size;
    return n;
  }

  private deliver(payload: string): void {
    let ids: unknown;
    try {
      ids = JSON.parse(payload);
    } catch {
      return;
    }
    if (!Array.isArray(ids)) return;
    for (const id of ids) {
      if (typeof id !== 'string') continue;
      for (const fn of this.byUser.get(id) ?? []) fn();
    }
  }
}

/**
 * Announces, on commit of `tx`, that these users have new notifications. `first`, the data-modifying statement
 * that wrote them, is sent together with the first announcement (`WITH written AS (<first>) SELECT pg_notify …`).
 */
export async function announce(tx: Tx, userIds: readonly string[], first?: SQL): Promise<void> {
  let pending = first;
  for (let i = 0; i < userIds.length; i += IDS_PER_PAYLOAD) {
    const ids = JSON.stringify(userIds.slice(i, i + IDS_PER_PAYLOAD));
    const notify = sql`SELECT pg_notify(${NOTIFY_CHANNEL}, ${ids})`;
    await tx.execute(pending ? sql`WITH written AS (${pending}) ${notify}` : notify);
    pending = undefined;
  }
  if (pending) await tx.execute(pending);
}

/** Announces, on commit of `tx`, a call for the agent's open pages (screen pop). */
export async function announceCall(tx: Tx, userId: string, callId: string): Promise<void> {
  await tx.execute(sql`SELECT pg_notify(${CALL_CHANNEL}, ${JSON.stringify({ userId, callId })})`);
}
