/**
 * The screens of the supervision office and city leaders, in a real browser: the supervisor lands on the cases
 * page (age and level, filters), drafts an accountability proposal from a case, edits, issues and downloads
 * it; a leader sees the heat view of requests by district and last month's ranking with drill-down.
 *
 * This file runs its own server with the test clock in October 2026, so that October can be worked, ended
 * and published without moving the shared server's clock for the other browser tests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import {
  advanceClock,
  ApiClient,
  button,
  closeBrowser,
  launchBrowser,
  login,
  screenshot,
  startServer,
  type RunningServer,
} from './harness.js';

const DAY = 86_400;

describe('supervision office and leaders', () => {
  let server: RunningServer;
  let baseUrl = '';
  let context: BrowserContext;
  let page: Page;
  let unsatisfiedCode = '';

  beforeAll(async () => {
    server = await startServer({ fakeTime: '2026-10-12T09:00:00+08:00' });
    baseUrl = server.url;
    const as = (username: string) => ApiClient.login(baseUrl, username);
    const operator = await as('operator');
    const revisitor = await as('revisitor');
    const supervisor = await as('supervisor');
    const units = await operator.call<{ id: string; code: string }[]>('GET', '/api/v1/units');
    const unit = (code: string) => units.find((u) => u.code === code)?.id as string;
    const handlers = new Map<string, ApiClient>();
    const handlerOf = async (code: string) => {
      const h = handlers.get(code) ?? (await as(`${code.toLowerCase()}.handler`));
      handlers.set(code, h);
      return h;
    };

    /** Registers and dispatches; then the unit works it as far as `until`. */
    const ticket = async (o: {
      title: string;
      district: string;
      category: string;
      unitCode: string;
      urgency: 'urgent' | 'general';
      until: 'accepted' | 'revisited';
      outcome?: 'satisfied' | 'unsatisfied';
    }) => {
      const t = await operator.call<{ id: string; code: string }>('POST', '/api/v1/tickets', {
        channel: 'hotline_12345',
        title: o.title,
        content: `${o.title}，请尽快处理。`,
        complainant: { name: '刘志强', phone: '13944001122' },
        location: { district: o.district },
        categoryCode: o.category,
        urgency: o.urgency,
      });
      const act = (c: ApiClient, action: string, body: unknown) =>
        c.call<{ status: string }>('POST', `/api/v1/tickets/${t.id}/${action}`, body);
      await act(operator, 'dispatch', { unitId: unit(o.unitCode), urgency: o.urgency });
      const h = await handlerOf(o.unitCode);
      await act(h, 'accept', { responsiblePerson: '王建军' });
      if (o.until === 'accepted') return t;
      await act(h, o.urgency === 'urgent' ? 'report-disposal' : 'verify', { text: '已到现场处置' });
      await act(h, 'complete', { result: '已办结' });
      const after = await act(h, 'feedback', { toComplainant: '已告知', toOffice: '已办结' });
      // General tickets are revisited on a sample (R4.6.2); the others are archived.
      if (after.status === 'replied')
        await act(revisitor, 'revisit', { outcome: o.outcome ?? 'satisfied', note: '' });
      return t;
    };

    const unsatisfied = await ticket({
      title: '致和街路灯不亮',
      district: '220204',
      category: 'C01',
      unitCode: 'S220204-BJL',
      urgency: 'urgent',
      until: 'revisited',
      outcome: 'unsatisfied',
    });
    unsatisfiedCode = unsatisfied.code;
    await supervisor.call('POST', `/api/v1/tickets/${unsatisfied.id}/supervise`, {
      notice: '限两日内修复路灯',
      dueAt: '2026-10-14T18:00:00+08:00',
    });
    const plan: [string, string, string, 'urgent' | 'general'][] = [
      ['S220204-BJL', '220204', 'C01', 'general'],
      ['S220204-ZH', '220204', 'C02', 'general'],
      ['S220204-ZH', '220204', 'C01', 'urgent'],
      ['S220202-YA', '220202', 'C01', 'urgent'],
      ['S220203-XJL', '220203', 'C02', 'urgent'],
    ];
    const done = [];
    for (const [i, [unitCode, district, category, urgency]] of plan.entries())
      done.push(
        await ticket({
          title: `小区问题 ${i + 1}`,
          district,
          category,
          unitCode,
          urgency,
          until: 'revisited',
        }),
      );
    // Opened by hand, and one left open until it runs overdue.
    await supervisor.call('POST', `/api/v1/tickets/${done[0]?.id}/supervision`, { reason: '媒体关注' });
    await ticket({
      title: '延安街道垃圾清运不及时',
      district: '220202',
      category: 'C01',
      unitCode: 'S220202-YA',
      urgency: 'general',
      until: 'accepted',
    });

    // A month later October has ended: the office computes, reviews and publishes it (R7.2).
    await advanceClock(baseUrl, 30 * DAY);
    const office = await as('operator');
    for (const step of ['compute', 'review', 'publish'])
      await office.call('POST', `/api/v1/assessment/monthly/2026-10/${step}`, {});

    context = await launchBrowser();
    page = context.pages()[0] ?? (await context.newPage());
  });

  afterAll(async () => {
    await closeBrowser(context);
    await server?.stop();
  });

  it('a supervisor lands on the cases by age and level, and filters by level', async () => {
    await login(page, baseUrl, 'supervisor');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/supervision');
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await rows.first().waitFor();
    // The unsatisfied case, a case opened by hand and the overdue one — oldest first.
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(3);
    await expect.poll(() => rows.first().textContent()).toContain(unsatisfiedCode);
    await expect.poll(() => rows.first().textContent()).toContain('回访不满意');
    await expect.poll(() => rows.first().textContent()).toContain('30 天');
    await page.getByText('超期未办结').first().waitFor();
    await page.getByText('主动立案').first().waitFor();
    await screenshot(page, 'supervision-cases');

    await page.getByLabel('督办级别').click();
    await page.getByTitle('督办 1 次').click();
    await expect.poll(() => rows.count()).toBe(1);
    await expect.poll(() => rows.first().textContent()).toContain(unsatisfiedCode);
  });

  it('drafts an accountability proposal from the case, edits, issues and downloads it', async () => {
    const row = page.locator('.ant-table-tbody tr.ant-table-row', { hasText: unsatisfiedCode });
    await button(row, '起草追责建议').click();
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/accountability\/[0-9a-f-]{36}$/);
    await page.getByText('工单记录中的依据').waitFor();
    await page.getByText('督办通知', { exact: true }).waitFor();
    const text = page.getByLabel('建议文本');
    await expect.poll(() => text.inputValue()).toContain(unsatisfiedCode);
    await text.fill(`${await text.inputValue()}\n建议责令书面检查。`);
    await button(page, '保存草稿').click();
    await page.getByText('草稿已保存').waitFor();
    await screenshot(page, 'accountability', { fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), button(page, '下载 Word').click()]);
    expect(download.suggestedFilename()).toMatch(/\.docx$/);

    await button(page, '签发').click();
    await button(page.locator('.ant-popover'), '确认').click();
    await page.getByText('建议已签发').waitFor();
    await expect.poll(() => page.getByLabel('建议文本').getAttribute('readonly')).not.toBeNull();
    await page.getByRole('menuitem', { name: /追责建议/ }).click();
    await expect
      .poll(() => page.locator('.ant-table-tbody tr.ant-table-row').first().textContent())
      .toContain('已签发');
  });

  it('a leader sees the heat view by district and last month’s ranking, and drills down to tickets', async () => {
    await login(page, baseUrl, 'leader');
    await page.getByRole('menuitem', { name: /考核排名/ }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/ranking');
    await page.getByText('各区诉求热力图').waitFor();
    await page.getByTestId('district-heat').locator('canvas').first().waitFor();
    // Seven tickets were registered in October, within the last eight weeks.
    await expect
      .poll(() =>
        page
          .locator('.ant-statistic', { hasText: '诉求量' })
          .locator('.ant-statistic-content-value')
          .textContent(),
      )
      .toBe('7');

    await page.getByText('第 1 版 · 已发布').waitFor();
    const streets = page.locator('div', { has: page.getByRole('heading', { name: '街道（乡镇）' }) }).last();
    const bjl = streets.locator('tr.ant-table-row', { hasText: '北京路街道' });
    await bjl.waitFor();
    await screenshot(page, 'leader-ranking', { fullPage: true });

    await bjl.locator('a[data-figure="received"]').click();
    const dialog = page.getByRole('dialog', { name: /北京路街道 · 受理量/ });
    await dialog.waitFor();
    await expect.poll(() => dialog.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(2);
    await expect.poll(() => dialog.textContent()).toContain(unsatisfiedCode);
  });
});
