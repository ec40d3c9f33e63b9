/** What GET /api/v1/notifications answers: the signed-in user's in-app notifications (deadline warnings, overdue, supervision). */
import { z } from 'zod';

export const notificationView = z.object({
  id: z.number(),
  ticketId: z.string().nullable(),
  /** 'deadline-warning' | 'overdue' | … (later work adds kinds). */
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type NotificationView = z.infer<typeof notificationView>;

/** PUT /api/v1/notifications/language: the UI language the user reads in; SMS notices are written in it. */
export const noticeLanguageBody = z.object({ lang: z.enum(['zh', 'en']) });
export type NoticeLanguageBody = z.infer<typeof noticeLanguageBody>;
