/**
 * Handling where the connection is bad (R4.3.1: the unit reports from the site): drafts of the action forms and
 * the queue of actions sent while offline. Both live in this browser's localStorage, per user, and are removed at
 * logout (R9.1: no personal data left on the phone after the session ends).
 *
 * Exactly once: every attempt of an action gets its Idempotency-Key before it is first sent; a queued action is
 * sent again with the same key, and the server applies a key once (a repeat is answered with the ticket as it
 * is). An action refused when it finally arrives (409: the ticket changed meanwhile, or 4xx) leaves the queue and
 * is listed for the user; a network failure leaves it queued.
 */
import { api, ApiError, type ActionBody, type ActionName, type TicketView } from './api';
import { ticketsChanged } from './query';

export interface Queued {
  key: string;
  userId: string;
  ticketId: string;
  code: string;
  action: ActionName;
  body: unknown;
  rev: number;
  queuedAt: string;
}

export interface Refused {
  key: string;
  userId: string;
  ticketId: string;
  code: string;
  action: ActionName;
  code409: boolean;
  reason: string;
  at: string;
}

export interface OutboxState {
  waiting: Queued[];
  refused: Refused[];
  sending: boolean;
}

import { DRAFT, OUTBOX, REFUSED } from './pwa';

function read<T>(key: string): T[] {
  try {
    const raw = localStorage.getItem(key);
    const v: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(v) ? (v as T[]) : [];
  } catch {
    return [];
  }
}

function write(key: string, items: unknown[]): void {
  try {
    if (items.length) localStorage.setItem(key, JSON.stringify(items));
    else localStorage.removeItem(key);
  } catch {
    // Storage full or blocked: the queue then lives as long as the page.
  }
}

/** A fresh Idempotency-Key (crypto.randomUUID needs a secure context; getRandomValues does not). */
export function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

// ---- the store the banner renders (useSyncExternalStore) ----
let userId: string | null = null;
let sending = false;
let snapshot: OutboxState = { waiting: [], refused: [], sending: false };
const listeners = new Set<() => void>();

function publish(): void {
  snapshot = {
    waiting: read<Queued>(OUTBOX).filter((q) => q.userId === userId),
    refused: read<Refused>(REFUSED).filter((r) => r.userId === userId),
    sending,
  };
  for (const l of listeners) l();
}

export const outbox = {
  subscribe(l: () => void): () => void {
    listeners.add(l);
    return () => listeners.delete(l);
  },
  snapshot: (): OutboxState => snapshot,
  /** Whose queue is shown and sent (the signed-in user's). */
  setUser(id: string | null): void {
    userId = id;
    publish();
  },
  dismiss(key: string): void {
    write(
      REFUSED,
      read<Refused>(REFUSED).filter((r) => r.key !== key),
    );
    publish();
  },
};

const isNetwork = (e: unknown) => e instanceof ApiError && (e.code === 'NETWORK' || e.code === 'TIMEOUT');

/**
 * Sends an action with a new Idempotency-Key. Without a connection it is queued (`{queued: true}`); any other
 * failure is thrown as before (the form shows it on its fields).
 */
export async function sendAction<A extends ActionName>(
  ticket: TicketView,
  action: A,
  body: ActionBody<A>,
  who: string,
): Promise<{ queued: false; ticket: TicketView } | { queued: true }> {
  const item: Queued = {
    key: newKey(),
    userId: who,
    ticketId: ticket.id,
    code: ticket.code,
    action,
    body,
    rev: ticket.rev,
    queuedAt: new Date().toISOString(),
  };
  if (typeof navigator !== 'undefined' && navigator.onLine === false) {
    enqueue(item);
    return { queued: true };
  }
  try {
    return { queued: false, ticket: await api.act(ticket.id, action, body, ticket.rev, item.key) };
  } catch (e) {
    // The answer was lost: the action may or may not have landed. Its key makes the resend safe.
    if (isNetwork(e)) {
      enqueue(item);
      return { queued: true };
    }
    throw e;
  }
}

function enqueue(item: Queued): void {
  write(OUTBOX, [...read<Queued>(OUTBOX), item]);
  publish();
}

export interface Delivery {
  item: Queued;
  outcome: 'delivered' | 'refused';
  reason?: string;
}

let flushing: Promise<Delivery[]> | null = null;

/** Sends the signed-in user's queue in order, once at a time; stops at the first network failure. */
export function flush(): Promise<Delivery[]> {
  flushing ??= run().finally(() => {
    flushing = null;
  });
  return flushing;
}

async function run(): Promise<Delivery[]> {
  const done: Delivery[] = [];
  const mine = read<Queued>(OUTBOX).filter((q) => q.userId === userId);
  if (!mine.length) return done;
  sending = true;
  publish();
  try {
    for (const item of mine) {
      try {
        await api.act(item.ticketId, item.action, item.body as never, item.rev, item.key);
        done.push({ item, outcome: 'delivered' });
      } catch (e) {
        if (isNetwork(e) || (e instanceof ApiError && e.status === 401)) break;
        const reason = e instanceof Error ? e.message : String(e);
        write(REFUSED, [
          ...read<Refused>(REFUSED),
          {
            key: item.key,
            userId: item.userId,
            ticketId: item.ticketId,
            code: item.code,
            action: item.action,
            code409: e instanceof ApiError && e.status === 409,
            reason,
            at: new Date().toISOString(),
          } satisfies Refused,
        ]);
        done.push({ item, outcome: 'refused', reason });
      }
      write(
        OUTBOX,
        read<Queued>(OUTBOX).filter((q) => q.key !== item.key),
      );
      publish();
    }
  } finally {
    sending = false;
    publish();
    if (done.length) void ticketsChanged();
  }
  return done;
}

// ---- drafts of the action forms ----
const draftKey = (who: string, ticketId: string, action: string) => `${DRAFT}${who}.${ticketId}.${action}`;

/** The form's text and choice values (not pickers' date objects), as last typed. */
export function loadDraft(who: string, ticketId: string, action: string): Record<string, unknown> | null {
  try {
    const raw = localStorage.getItem(draftKey(who, ticketId, action));
    const v: unknown = raw ? JSON.parse(raw) : null;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function saveDraft(
  who: string,
  ticketId: string,
  action: string,
  values: Record<string, unknown>,
): void {
  const kept = Object.fromEntries(
    Object.entries(values).filter(
      ([, v]) =>
        (typeof v === 'string' && v !== '') ||
        typeof v === 'boolean' ||
        typeof v === 'number' ||
        (Array.isArray(v) && v.every((x) => typeof x === 'string')),
    ),
  );
  try {
    if (Object.keys(kept).length) localStorage.setItem(draftKey(who, ticketId, action), JSON.stringify(kept));
    else localStorage.removeItem(draftKey(who, ticketId, action));
  } catch {
    // Storage full or blocked: no draft.
  }
}

export function dropDraft(who: string, ticketId: string, action: string): void {
  try {
    localStorage.removeItem(draftKey(who, ticketId, action));
  } catch {
    // nothing kept
  }
}
