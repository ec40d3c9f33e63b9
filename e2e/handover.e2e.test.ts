/**
 * The daily loop's hand-overs in a real browser: the supervision office sends a ticket back with a new deadline
 * (R6.1) and the handler, with the ticket open, sees the notice pushed into the bell and the new deadline on the
 * page without reloading, then completes it; merged duplicates (R2.2) leave one item in the unit's inbox, show a
 * banner linking their parent, and the revisit queue calls each complainant once, from the group's one row (R4.6).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  ApiClient,
  button,
  login,
  openLoopScene,
  screenshot,
  type LoopScene,
  type SceneTicket,
} from './harness.js';

type Ticket = SceneTicket;

describe('hand-overs and merged duplicates', () => {
  const baseUrl = inject('baseUrl');
  let scene: LoopScene;
  let page: Page;
  let operator: ApiClient;
  let handler: ApiClient;
  let unit = '';
  const register = (title: string, urgency: 'urgent' | 'general', name: string, phone: string) =>
    scene.register(title, urgency, { name, phone });
  const act = (c: ApiClient, id: string, action: string, body: unknown) => scene.act(c, id, action, body);
  const beijing = (iso: string) =>
    new Date(new Date(iso).getTime() + 8 * 3600e3).toISOString().slice(0, 16).replace('T', ' ');

  beforeAll(async () => {
    scene = await openLoopScene(baseUrl);
    ({ page, operator, handler, unit } = scene);
  });

  afterAll(async () => {
    await scene?.close();
  });

  it('R6.1 the supervisor sends back with a new deadline: the handler sees the notice pushed and the new deadline, and completes', async () => {
    const revisitor = await ApiClient.login(baseUrl, 'revisitor');
    const supervisor = await ApiClient.login(baseUrl, 'supervisor');
    const t = await register('松江路路灯全部不亮', 'urgent', '李雷', '13812340001');
    await act(operator, t.id, 'dispatch', { unitId: unit, urgency: 'urgent' });
    await act(handler, t.id, 'accept', { responsiblePerson: '李四' });
    await act(handler, t.id, 'report-disposal', { text: '已到现场排查' });
    await act(handler, t.id, 'complete', { result: '已更换保险' });
    await act(handler, t.id, 'feedback', { toComplainant: '已修复', toOffice: '已办结' });
    await act(revisitor, t.id, 'revisit', { outcome: 'unsatisfied', note: '又灭了' });

    await login(page, baseUrl, 's220204-bjl.handler');
    await page.goto(`${baseUrl}/tickets/${t.id}`);
    await page.getByText(t.code).first().waitFor();
    const bell = page.getByTestId('notification-bell');
    const count = async () =>
      Number(/\((\d+)\)/.exec((await bell.getAttribute('aria-label')) ?? '')?.[1] ?? -1);
    await expect.poll(count).toBeGreaterThanOrEqual(0);
    const before = await count();

    // The supervisor sends it back while the handler's page stays open — no reload, no poll in between.
    const admin = await ApiClient.login(baseUrl, 'admin');
    const { now } = await admin.call<{ now: string }>('GET', '/api/v1/test-clock');
    const due = new Date(Date.parse(now) + 3 * 86_400_000).toISOString();
    const sent = await act(supervisor, t.id, 'supervise', { notice: '三日内彻底修复', dueAt: due });
    expect(sent.status).toBe('accepted');
    await expect.poll(count, { timeout: 10_000 }).toBeGreaterThan(before);
    // The page itself moved on: the new deadline and the next step are there.
    await page.getByText(beijing(due)).first().waitFor({ timeout: 10_000 });
    await page.locator('button[data-action="complete"]').waitFor();
    await bell.click();
    const notice = page
      .getByTestId('notification-list')
      .locator('.notification-item')
      .filter({ hasText: `督办：${t.code}` });
    await notice.waitFor();
    expect(await notice.innerText()).toContain('三日内彻底修复');
    expect(await notice.innerText()).not.toContain('李雷');
    await screenshot(page, 'loop-handover-supervise-pushed');
    await page.keyboard.press('Escape');

    await page.locator('button[data-action="complete"]').click();
    const modal = page.locator('.ant-modal');
    await modal.getByLabel('办理结果').fill('已更换线路，连续三晚正常');
    await button(modal, '提交').click();
    await modal.waitFor({ state: 'detached' });
    const done = await handler.call<Ticket>('GET', `/api/v1/tickets/${t.id}`);
    expect(done.status).toBe('completed');
  });

  it('R2.2 R4.6 merged duplicates: one inbox item, a banner to the parent, one revisit call per complainant', async () => {
    const parent = await register('光华路小区停暖', 'urgent', '张伟', '13812340011');
    const child = await register('光华路小区暖气不热', 'urgent', '王芳', '13812340012');
    await operator.call('POST', `/api/v1/tickets/${child.id}/merge`, { parentId: parent.id });
    await act(operator, parent.id, 'dispatch', { unitId: unit, urgency: 'urgent' });

    await login(page, baseUrl, 's220204-bjl.handler');
    await page.goto(`${baseUrl}/inbox?q=光华路小区`);
    await page.getByRole('row').filter({ hasText: parent.code }).waitFor();
    expect(await page.getByRole('row').filter({ hasText: child.code }).count()).toBe(0);
    await page.getByRole('row').filter({ hasText: parent.code }).getByText('本工单代表 2 位诉求人').waitFor();
    await screenshot(page, 'loop-merged-inbox');

    await page.goto(`${baseUrl}/tickets/${child.id}`);
    const banner = page.getByTestId('merged-banner');
    await banner.getByText(`本工单已并入主工单 ${parent.code}`).waitFor();
    await page.getByText('当前没有需要您处理的操作。').waitFor();
    expect(await page.locator('button[data-action]').count()).toBe(0);
    await screenshot(page, 'loop-merged-banner');
    await banner.getByRole('link', { name: `打开主工单 ${parent.code}` }).click();
    await page.getByTestId('stands-for').waitFor();

    await act(handler, parent.id, 'accept', { responsiblePerson: '李四' });
    await act(handler, parent.id, 'report-disposal', { text: '已到现场' });
    await act(handler, parent.id, 'complete', { result: '已恢复供暖' });
    await act(handler, parent.id, 'feedback', { toComplainant: '已恢复供暖', toOffice: '已办结' });

    await login(page, baseUrl, 'revisitor');
    await page.goto(`${baseUrl}/revisit`);
    const row = page.getByRole('row').filter({ hasText: parent.code });
    await row.waitFor();
    expect(await page.getByRole('row').filter({ hasText: '光华路小区暖气不热' }).count()).toBe(0);
    const members = row.getByTestId('revisit-member');
    await expect.poll(() => members.count()).toBe(2);
    expect(await members.nth(0).innerText()).toContain('张伟');
    expect(await members.nth(1).innerText()).toContain('王芳');
    await screenshot(page, 'loop-revisit-group');
    for (const code of [parent.code, child.code]) {
      const member = row.getByTestId('revisit-member').filter({ hasText: code });
      await button(member, '满意').click();
      await button(page.locator('.ant-popconfirm:visible'), '确认').click();
      await member.waitFor({ state: 'detached' });
    }
    await row.waitFor({ state: 'detached' });
    for (const id of [parent.id, child.id]) {
      const done = await operator.call<Ticket & { revisitOutcome: string }>('GET', `/api/v1/tickets/${id}`);
      expect([done.status, done.revisitOutcome]).toEqual(['archived', 'satisfied']);
    }
  });
});
