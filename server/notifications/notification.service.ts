/**
 * Notifications: written to one table that is both the in-app inbox and the outbox from which SMS or e-mail
 * delivery can later be made (issue 4 §6).
 */
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { notifications, users } from '../db/schema.js';
import type { Tx } from '../tickets/ticket.repository.js';

export interface NotificationInput {
  ticketId: string | null;
  kind: string;
  title: string;
  body: string;
  at: Date;
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

async function notifyUsers(tx: Tx, userIds: string[], n: NotificationInput): Promise<number> {
  if (userIds.length === 0) return 0;
  await tx.insert(notifications).values(
    userIds.map((userId) => ({
      userId,
      ticketId: n.ticketId,
      kind: n.kind,
      title: n.title,
      body: n.body,
      createdAt: n.at,
    })),
  );
  return userIds.length;
}

export async function listNotifications(tx: Tx, userId: string, unreadOnly: boolean, limit: number) {
  const where = unreadOnly
    ? and(eq(notifications.userId, userId), isNull(notifications.readAt))
    : eq(notifications.userId, userId);
  const rows = await tx
    .select()
    .from(notifications)
    .where(where)
    .orderBy(desc(notifications.id))
    .limit(limit);
  return rows.map((r) => ({
    id: r.id,
    ticketId: r.ticketId,
    kind: r.kind,
    title: r.title,
    body: r.body,
    createdAt: r.createdAt.toISOString(),
    readAt: r.readAt?.toISOString() ?? null,
  }));
}

export async function markRead(tx: Tx, userId: string, id: number, at: Date): Promise<boolean> {
  const rows = await tx
    .update(notifications)
    .set({ readAt: at })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
    .returning({ id: notifications.id });
  return rows.length > 0;
}
