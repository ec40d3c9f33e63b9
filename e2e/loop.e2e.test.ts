/**
 * The daily loop where one rule hands over to another, in a real browser: the handler's inbox offers the
 * ticket's next step (退单 only as a confirmed detour) and fits a 1366 px screen, its filters survive Back;
 * the supervisor's 督办 deadline is a day meaning its 24:00, with old and new deadline shown before saving
 * (R6.1); the citizen sees the unit's reply on the tracking page (R4.5), in English too; the administrator
 * imports the holiday-cn JSON as published and sees the year's loaded days; the register form starts on the
 * 12345 hotline and asks before merging (R2.2); long timeline texts fold; the bell's notices and the forms'
 * validation follow the UI language.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ApiClient, button, label, login, openLoopScene, screenshot, type LoopScene } from './harness.js';

const PHONE = '0432-62345678';

describe('the daily loop, where the rules meet', () => {
  const baseUrl = inject('baseUrl');
  let scene: LoopScene;
  let page: Page;
  let operator: ApiClient;
  let handler: ApiClient;
  let unit = '';
  const register = (title: string, urgency: 'urgent' | 'general') =>
    scene.register(title, urgency, { name: '韩梅梅', phone: PHONE });
  const act = (c: ApiClient, id: string, action: string, body: unknown) => scene.act(c, id, action, body);

  beforeAll(async () => {
    scene = await openLoopScene(baseUrl);
    ({ page, operator, handler, unit } = scene);
  });

  afterAll(async () => {
    await scene?.close();
  });

  it("R4.3 the inbox row's primary button is the next step; 退单 asks first; no sideways scroll at 1366 px", async () => {
    const t = await register('致和街井盖松动', 'urgent');
    await act(operator, t.id, 'dispatch', { unitId: unit, urgency: 'urgent' });
    await act(handler, t.id, 'accept', { responsiblePerson: '李四' });
    await login(page, baseUrl, 's220204-bjl.handler');
    await page.goto(`${baseUrl}/inbox`);
    const row = page.getByRole('row').filter({ hasText: t.code });
    await row.waitFor();
    const primary = row.locator('button.ant-btn-primary');
    await expect.poll(() => primary.innerText()).toMatch(label('处置情况直报'));
    await button(row, '退单').click();
    await page.getByText(`确定要退回 ${t.code}？`).waitFor();
    await screenshot(page, 'loop-inbox-1366');
    await button(page, '取消').click();
    const overflow = await page
      .locator('.ant-table-content')
      .first()
      .evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    // Filters live in the URL: open a ticket, go Back, the filter is still applied.
    await page.locator('.ant-select').filter({ hasText: '全部紧急程度' }).click();
    await page.getByTitle('紧急', { exact: true }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('urgency')).toBe('urgent');
    await row.getByRole('link', { name: t.code }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/tickets/${t.id}`);
    await page.goBack();
    await expect.poll(() => new URL(page.url()).searchParams.get('urgency')).toBe('urgent');
    await expect
      .poll(() =>
        page.locator('.ant-select').evaluateAll((els) => els.map((e) => (e as HTMLElement).innerText.trim())),
      )
      .toContain('紧急');
    await row.waitFor();
    // On a phone the inbox is cards; the next step is still the primary button.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${baseUrl}/inbox`);
    await page.getByText(t.code).first().waitFor();
    await screenshot(page, 'loop-inbox-390');
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('R6.1 督办: a missing deadline is named in Chinese; a day alone means its 24:00; old and new are shown', async () => {
    const revisitor = await ApiClient.login(baseUrl, 'revisitor');
    const t = await register('临江门供暖不热', 'urgent');
    await act(operator, t.id, 'dispatch', { unitId: unit, urgency: 'urgent' });
    await act(handler, t.id, 'accept', { responsiblePerson: '李四' });
    await act(handler, t.id, 'report-disposal', { text: '已到现场' });
    await act(handler, t.id, 'complete', { result: '已排气' });
    await act(handler, t.id, 'feedback', { toComplainant: '已排气，请试试。', toOffice: '已办结' });
    await act(revisitor, t.id, 'revisit', { outcome: 'unsatisfied', note: '还是不热' });
    const status = await operator.call<{ today: string }>('GET', '/api/v1/calendar/status');
    const day = new Date(`${status.today}T00:00:00Z`);
    day.setUTCDate(day.getUTCDate() + 3);
    const picked = day.toISOString().slice(0, 10);

    await login(page, baseUrl, 'supervisor');
    await page.goto(`${baseUrl}/tickets/${t.id}?action=supervise`);
    const modal = page.locator('.ant-modal');
    await modal.waitFor();
    await button(modal, '提交').click();
    await modal.getByText('请选择督办时限').waitFor();
    expect(await modal.innerText()).not.toMatch(/ISO|8601/);
    await modal.getByLabel('督办意见').fill('三日内解决供暖问题');
    await modal.getByTestId('deadline-day').click();
    await page.keyboard.type(picked);
    await page.keyboard.press('Enter');
    await modal.getByText(`改为 ${picked} 24:00`).waitFor();
    await expect.poll(() => modal.getByText('请选择督办时限').count()).toBe(0);
    await screenshot(page, 'loop-supervise-deadline');
    await button(modal, '提交').click();
    await modal.waitFor({ state: 'detached' });
    const after = await handler.call<{ status: string; deadlines: { completeDueAt: string } }>(
      'GET',
      `/api/v1/tickets/${t.id}`,
    );
    expect(after.status).toBe('accepted');
    const next = new Date(`${picked}T00:00:00+08:00`);
    next.setUTCDate(next.getUTCDate() + 1);
    expect(after.deadlines.completeDueAt).toBe(next.toISOString());
  });

  it("R4.5 R9.1 the tracking page shows the unit's reply, numbers masked, and reads in English", async () => {
    const t = await register('幸福小区下水井堵塞', 'general');
    await act(operator, t.id, 'dispatch', { unitId: unit, urgency: 'general' });
    await act(handler, t.id, 'accept', { responsiblePerson: '李四' });
    await act(handler, t.id, 'verify', { text: '已核实' });
    await act(handler, t.id, 'complete', { result: '已疏通' });
    await act(handler, t.id, 'feedback', {
      toComplainant: '下水井已疏通，如再堵请拨打物业 13912345678。',
      toOffice: '已办结',
    });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${baseUrl}/public/track`);
    // The office reads the tracking reference to the caller; the bare code is not enough (R9.1).
    await page.getByLabel('查询编号').fill(t.trackingReference);
    await page.getByLabel('手机号码').fill(PHONE);
    await button(page, '查询').click();
    const reply = page.getByTestId('track-reply');
    await reply.getByText('下水井已疏通，如再堵请拨打物业 *******5678。').waitFor();
    expect(await page.getByTestId('track-result').innerText()).not.toContain('13912345678');
    // At 390 px the title and the code stay whole: each on one line, no word broken.
    for (const el of [
      page.getByTestId('public-title'),
      page.getByTestId('track-result').getByText(t.trackingReference),
    ]) {
      const lines = await el.evaluate((n) => {
        const range = document.createRange();
        range.selectNodeContents(n);
        return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
      });
      expect(lines).toBe(1);
    }
    await screenshot(page, 'loop-public-reply-390', { fullPage: true });
    await button(page, 'English').click();
    await page.getByTestId('track-result').getByText('Reply from the handling unit').waitFor();
    await page.getByTestId('track-result').getByText('Sent to the handling unit').waitFor();
    await button(page, '中文').click();
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('the admin imports the holiday-cn JSON as published and sees the loaded days of the year', async () => {
    const feed = {
      $schema: 'https://raw.githubusercontent.com/NateScarlet/holiday-cn/master/schema.json',
      year: 2030,
      papers: [],
      days: [
        { name: '元旦', date: '2030-01-01', isOffDay: true },
        { name: '国庆节', date: '2030-10-01', isOffDay: true },
        { name: '国庆节', date: '2030-10-02', isOffDay: true },
        { name: '国庆节', date: '2030-10-12', isOffDay: false },
      ],
    };
    await login(page, baseUrl, 'admin');
    await page.goto(`${baseUrl}/admin/calendar`);
    await page.getByLabel('年份').first().fill('2030');
    await page.getByText('JSON', { exact: true }).click();
    await page.getByLabel('内容').fill(JSON.stringify(feed, null, 2));
    await button(page, '导入').click();
    await page.getByText('已导入 2030 年：4 个例外日').waitFor();
    const view = page.getByTestId('calendar-year-view');
    await view.getByLabel('年份').fill('2030');
    await view.getByText('3 个节假日，1 个调休上班日').waitFor();
    expect(await view.locator('[data-date="2030-10-01"]').getAttribute('data-kind')).toBe('holiday');
    expect(await view.locator('[data-date="2030-10-12"]').getAttribute('data-kind')).toBe('workday');
    await view.scrollIntoViewIfNeeded();
    await screenshot(page, 'loop-calendar-year');
    // No developer words (file names, commands) on the admin's screens.
    for (const path of ['/admin/policies', '/admin/audit', '/admin/calendar']) {
      await page.goto(`${baseUrl}${path}`);
      await page.locator('.ant-card').first().waitFor();
      await page.waitForTimeout(500);
      expect(await page.locator('body').innerText(), path).not.toMatch(/REQUIREMENTS|\.md\b|npm |npx /);
    }
  });

  it('R9.1 the auditor finds a ticket by its code and opens its audit record, with no personal data', async () => {
    const t = await register('船营区菜市场噪音扰民', 'general');
    await act(operator, t.id, 'dispatch', { unitId: unit, urgency: 'general' });
    await operator.call('GET', `/api/v1/tickets/${t.id}`);
    await login(page, baseUrl, 'auditor');
    await page.goto(`${baseUrl}/admin/audit`);
    await page.getByLabel('工单', { exact: true }).fill(t.code);
    await button(page, '查询').click();
    const link = page.getByRole('link', { name: t.code }).first();
    await link.waitFor();
    await page.getByText('查看个人信息明文').first().waitFor();
    await screenshot(page, 'loop-audit-log');
    await link.click();
    const record = page.getByTestId('audit-ticket-record');
    await record.getByText(`工单审计记录 ${t.code}`).waitFor();
    await record.getByText('诉求登记').waitFor();
    const text = await record.innerText();
    expect(text).not.toContain('韩梅梅');
    expect(text).not.toContain('62345678');
    await screenshot(page, 'loop-audit-record');
  });
  it('R2.2 the register form starts on the 12345 hotline, says (可选) once, and asks before merging into a duplicate', async () => {
    const parent = await register('北华路小区电梯停运', 'general');
    await login(page, baseUrl, 'operator');
    await page.goto(`${baseUrl}/register`);
    await page.getByRole('heading', { name: '诉求登记' }).waitFor();
    // The default channel (JIESU_DEFAULT_CHANNEL) is the 12345 hotline.
    const channel = page.locator('.ant-form-item').filter({ hasText: '受理渠道' });
    await channel.getByText('12345便民服务热线').waitFor();
    const dispatchLabel = await page
      .locator('.ant-form-item-label')
      .filter({ hasText: '登记后直接转办给' })
      .innerText();
    expect(dispatchLabel.match(/可选/g)).toHaveLength(1);

    await page.getByLabel('诉求人姓名').fill('韩梅梅');
    await page.getByLabel('联系电话').fill(PHONE);
    await page.getByLabel('联系电话').blur();
    await page.getByLabel('诉求内容').fill('北华路小区 3 号楼电梯还是停着，老人上下楼困难，再次反映。');
    await page.getByLabel('所属区域').click();
    await page.keyboard.type('船营');
    await page.keyboard.press('Enter');
    const hint = page.getByTestId('duplicates');
    await hint.getByText(parent.code).first().waitFor();
    const mergeButton = hint
      .locator('.ant-list-item')
      .filter({ hasText: parent.code })
      .getByTestId('merge-into');
    await mergeButton.click();
    // Merging asks first, naming the ticket it goes into.
    const confirm = page.locator('.ant-popconfirm:visible');
    await confirm.getByText(`确认把这条诉求并入 ${parent.code}？`).waitFor();
    await screenshot(page, 'loop-merge-confirm');
    await button(confirm, '取消').click();
    await confirm.waitFor({ state: 'hidden' });
    expect(new URL(page.url()).pathname).toBe('/register');
    await mergeButton.click();
    await button(page.locator('.ant-popconfirm:visible'), '确认').click();
    await page.getByTestId('merged-banner').getByText(`本工单已并入主工单 ${parent.code}`).waitFor();
  });

  it('a long text in the timeline folds to three lines and unfolds on request', async () => {
    const t = await register('江湾路积水', 'general');
    await act(operator, t.id, 'dispatch', { unitId: unit, urgency: 'general' });
    await act(handler, t.id, 'accept', { responsiblePerson: '李四' });
    const long = '已组织排水。'.repeat(40);
    await act(handler, t.id, 'verify', { text: long });
    await login(page, baseUrl, 's220204-bjl.handler');
    await page.goto(`${baseUrl}/tickets/${t.id}`);
    const folded = page.getByTestId('timeline-folded').first();
    await folded.waitFor();
    const height = () => folded.evaluate((el) => el.getBoundingClientRect().height);
    const shut = await height();
    await folded.getByText('展开').click();
    await folded.getByText('收起').waitFor();
    expect(await height()).toBeGreaterThan(shut);
    await folded.scrollIntoViewIfNeeded();
    await screenshot(page, 'loop-timeline-fold');
  });

  it('R4.2 the bell and the forms follow the UI language: a hand-over notice and a validation message in English', async () => {
    const t = await register('北山公园路灯不亮', 'general');
    await act(operator, t.id, 'dispatch', { unitId: unit, urgency: 'general' });
    await login(page, baseUrl, 's220204-bjl.handler');
    const bell = page.getByTestId('notification-bell');
    const notices = page.getByTestId('notification-list').locator('.notification-item');
    await bell.click();
    await notices.filter({ hasText: `新工单：${t.code}` }).waitFor();
    await page.keyboard.press('Escape');

    await button(page, 'English').click();
    await bell.click();
    const en = notices.filter({ hasText: `New ticket: ${t.code}` });
    await en.waitFor();
    expect(await en.innerText()).toContain('has been passed to your unit (general)');
    expect(await en.innerText()).not.toContain('新工单');
    await screenshot(page, 'loop-bell-en');
    await page.keyboard.press('Escape');

    // Client-side validation speaks the UI language too: the citizens' form, in English.
    await page.goto(`${baseUrl}/public`);
    await page.getByLabel('Mobile phone').fill('12345');
    await page.getByLabel('Your request').fill('水');
    await button(page, 'Submit').click();
    await page.getByText('Enter a number we can call back').first().waitFor();
    await page.getByText('Describe the request in at least 10 characters').first().waitFor();
    await screenshot(page, 'loop-public-validation-en');
    // Back to Chinese for whoever uses this browser next.
    // The messages on screen follow the switch at once.
    await button(page, '中文').click();
    await page.getByText('请填写能回拨的电话').first().waitFor();
    await page.getByText('诉求内容至少 10 个字').first().waitFor();
  });
});
