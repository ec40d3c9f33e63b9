import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AdjustableClock, FixedClock } from '../clock.js';
import type { TimerService } from '../timers/timer.service.js';
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { outboxMessages } from '../db/schema.js';

const clockView = z.object({ now: z.string() });
/** The longest single move: a demo or a test steps through a year at most at a time. */
export const TEST_CLOCK_MAX_MOVE_SECONDS = 366 * 86400;
const config = { capability: 'test-clock.use' } as const;

/**
 * Read and move the clock in tests and deadline demos, and read the SMS a ticket sent (there is no SMS gateway
 * in a demo) — only registered when JIESU_FAKE_TIME is set, which production refuses, and only for the
 * administrator (R9.1: the SMS bodies hold rating links).
 */
export const testClockRoutes =
  (clock: AdjustableClock | FixedClock, timers: TimerService, db: Db): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/v1/test-clock/sms',
      {
        config,
        schema: {
          tags: ['test'],
          summary: '读取某工单发出的短信正文（演示和测试用，无短信网关时查看评价链接）',
          querystring: z.object({ ticketId: z.uuid() }),
          response: { 200: z.array(z.object({ body: z.string(), createdAt: z.string() })) },
        },
      },
      async (req) => {
        const rows = await db
          .select({ body: outboxMessages.body, createdAt: outboxMessages.createdAt })
          .from(outboxMessages)
          .where(eq(outboxMessages.ticketId, req.query.ticketId))
          .orderBy(asc(outboxMessages.id));
        return rows.map((r) => ({ body: r.body, createdAt: r.createdAt.toISOString() }));
      },
    );
    app.get(
      '/api/v1/test-clock',
      { config, schema: { tags: ['test'], summary: '读取测试时钟', response: { 200: clockView } } },
      async () => ({
        now: clock.now().toISOString(),
      }),
    );
    app.post(
      '/api/v1/test-clock',
      {
        config,
        schema: {
          tags: ['test'],
          summary: '拨动测试时钟',
          body: z.object({
            advanceSeconds: z
              .number()
              .int()
              .min(0)
              .max(TEST_CLOCK_MAX_MOVE_SECONDS, { error: '测试时钟一次最多拨动 366 天' }),
          }),
          response: { 200: clockView },
        },
      },
      async (req) => {
        const now = clock.advance(req.body.advanceSeconds);
        // Fire what became due, so a test or demo sees the effect of moving the clock at once.
        await timers.sweep();
        return { now: now.toISOString() };
      },
    );
  };
