/**
 * Notifications: written to one table that is both the in-app inbox and the outbox from which SMS or e-mail
 * delivery can later be made. Each write also announces its recipients (notification.hub.ts), so their open
 * pages hear of it when the transaction commits.
 */
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { notifications, users } from '../db/schema.js';
import type { Tx } from '../tickets/ticket.repository.js';
import { announce } from './notification.hub.js';
import { renderNotice, renderSms, type Notice, type NoticeLang } from './notice-texts.js';

export interface NotificationInput {
  ticketId: string | null;
  kind: string;
  /** What happened and the facts it names: rendered in each reader's language (notice-texts.ts). */
  notice: Notice;
  at: Date;
  /** Whether this notification also goes out by SMS (the copy holds no content, no personal data — R9.1). */
  sms?: boolean;
  /** Who caused it: never told of their own act. */
  exceptUserId?: string | null;
}

/** Notifies every active user of the given units who holds one of the roles. */
export async function notifyUnits(
  tx: Tx,
  unitIds: string[],
  roles: string[],
  n: NotificationInput,
): Promise<number> {
  if (unitIds.length === 0) return 0;
  const recipients = await tx
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        inArray(users.unitId, unitIds),
        eq(users.active, true),
        sql`${users.roles} && ${sql.param(roles)}::text[]`,
      ),
    );
  return notifyUsers(
    tx,
    recipients.map((r) => r.id),
    n,
  );
}

export async function notifyRole(tx: Tx, role: string, n: NotificationInput): Promise<number> {
  const recipients = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.active, true), sql`${users.roles} @> ARRAY[${role}]::text[]`));
  return notifyUsers(
    tx,
    recipients.map((r) => r.id),
    n,
  );
}

async function notifyUsers(tx: Tx, all: string[], n: NotificationInput): Promise<number> {
  const userIds = [...new Set(all)].filter((id) => id !== n.exceptUserId);
  if (userIds.length === 0) return 0;
  // The SMS copy is queued in the language each recipient chose in the UI (zh until they choose).
  const langs = new Map<string, NoticeLang>();
  if (n.sms) {
    const rows = await tx
      .select({ id: users.id, lang: users.lang })
      .from(users)
      .where(inArray(users.id, userIds));
    for (const r of rows) langs.set(r.id, r.lang === 'en' ? 'en' : 'zh');
  }
  // Title and body are kept in Chinese too, the record as first written; readers get `params` rendered.
  const zh = renderNotice(n.notice, 'zh');
  const insert = tx.insert(notifications).values(
    userIds.map((userId) => ({
      userId,
      ticketId: n.ticketId,
      kind: n.kind,
      title: zh.title,
      body: zh.body,
      params: n.notice,
      smsBody: n.sms ? renderSms(n.notice, langs.get(userId) ?? 'zh') : null,
      createdAt: n.at,
    })),
  );
  // Written and announced in one statement.
  await announce(tx, userIds, insert.getSQL());
  return userIds.length;
}

/** How many unread notifications the user has (the bell's badge). */
export async function unreadCount(tx: Tx, userId: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

/** Records the language the user reads the UI in: their SMS copies are written in it. */
export async function setNoticeLanguage(tx: Tx, userId: string, lang: NoticeLang): Promise<void> {
  await tx.update(users).set({ lang }).where(eq(users.id, userId));
}

/** The user's notifications, each rendered in the reader's language. */
export async function listNotifications(
  tx: Tx,
  userId: string,
  unreadOnly: boolean,
  limit: number,
  lang: NoticeLang = 'zh',
) {
  const where = unreadOnly
    ? and(eq(notifications.userId, userId), isNull(notifications.readAt))
    : eq(notifications.userId, userId);
  const rows = await tx
    .select()
    .from(notifications)
    .where(where)
    .orderBy(desc(notifications.id))
    .limit(limit);
  return rows.map((r) => {
    const text = r.params ? renderNotice(r.params as Notice, lang) : { title: r.title, body: r.body };
    return {
      id: r.id,
      ticketId: r.ticketId,
      kind: r.kind,
      title: text.title,
      body: text.body,
      createdAt: r.createdAt.toISOString(),
      readAt: r.readAt?.toISOString() ?? null,
    };
  });
}

export async function markRead(tx: Tx, userId: string, id: number, at: Date): Promise<boolean> {
  const rows = await tx
    .update(notifications)
    .set({ readAt: at })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
    .returning({ id: notifications.id });
  return rows.length > 0;
}
