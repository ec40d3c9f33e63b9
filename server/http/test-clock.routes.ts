import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AdjustableClock, FixedClock } from '../clock.js';
import type { TimerService } from '../timers/timer.service.js';

const clockView = z.object({ now: z.string() });

/** Read and move the clock in tests and deadline demos — only registered when JIESU_FAKE_TIME is set. */
export const testClockRoutes =
  (clock: AdjustableClock | FixedClock, timers: TimerService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/v1/test-clock',
      { schema: { tags: ['test'], summary: '读取测试时钟', response: { 200: clockView } } },
      async () => ({
        now: clock.now().toISOString(),
      }),
    );
    app.post(
      '/api/v1/test-clock',
      {
        schema: {
          tags: ['test'],
          summary: '拨动测试时钟',
          body: z.object({
            advanceSeconds: z
              .number()
              .int()
              .min(0)
              .max(10 * 365 * 86400),
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
