/**
 * Clicked through in a real browser against the real server (test clock at FAKE_TIME):
 * an operator registers and dispatches an urgent ticket; the unit's handler signs for it, reports the
 * disposal, completes it and gives feedback; revisit staff rate it; the ticket shows archived with its
 * whole timeline; a handler of another unit cannot open it. Leaders' overview and the admin screens are
 * visited on the way, and every main screen is saved to docs/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import {
  advanceClock,
  ApiClient,
  button,
  closeBrowser,
  label,
  launchBrowser,
  login,
  screenshot,
} from './harness.js';

const TITLE = '北京路 88 号小区停水三天';
const HOURS = 3600;

describe('a ticket from the phone call to the archive', () => {
  const baseUrl = inject('baseUrl');
  let context: BrowserContext;
  let page: Page;
  let ticketId = '';
  let code = '';

  beforeAll(async () => {
    // Other tickets in the unit's inbox, placed in time so the countdowns show every colour: one overdue,
    // one due within two hours (with its warning), one general with days to go.
    // (Sessions age with the test clock: log in afresh after moving it.)
    const operator = () => ApiClient.login(baseUrl, 'operator');
    const units = await (await operator()).call<{ id: string; code: string }[]>('GET', '/api/v1/units');
    const bjl = units.find((u) => u.code === 'S220204-BJL')?.id as string;
    const registerAndDispatch = async (title: string, urgency: 'urgent' | 'general') => {
      const api = await operator();
      const t = await api.call<{ id: string }>('POST', '/api/v1/tickets', {
        channel: 'hotline_12345',
        title,
        content: `${title}，请尽快处理。`,
        complainant: { name: '刘志强', phone: '13944001122' },
        location: { district: '220204' },
        urgency,
      });
      await api.call('POST', `/api/v1/tickets/${t.id}/dispatch`, { unitId: bjl, urgency });
    };
    await registerAndDispatch('致和街路口井盖缺失', 'urgent');
    await advanceClock(baseUrl, 25 * HOURS);
    await registerAndDispatch('临江门广场供暖管道漏水', 'urgent');
    await advanceClock(baseUrl, 22.5 * HOURS);
    await registerAndDispatch('小区楼道堆放杂物', 'general');

    context = await launchBrowser();
    page = context.pages()[0] ?? (await context.newPage());
  });

  afterAll(async () => {
    await closeBrowser(context);
  });

  const statusTag = (status: string) => page.locator('.ant-tag', { hasText: label(status) }).first();

  /** Opens the action's form on the ticket page, fills it, submits, and waits for the form to close. */
  async function act(action: string, title: string, fill: (dialog: Locator) => Promise<void>) {
    await page.locator(`button[data-action="${action}"]`).click();
    const dialog = page.getByRole('dialog', { name: `${title} · ${code}` });
    await dialog.waitFor();
    await fill(dialog);
    await button(dialog, '提交').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText(`「${title}」已提交`).first().waitFor();
  }

  it('shows the login page in Chinese', async () => {
    await page.goto(`${baseUrl}/login`);
    await page.getByRole('heading', { name: '接诉即办' }).waitFor();
    await page.getByText('吉林市民生诉求接诉即办平台').waitFor();
    await screenshot(page, '01-login');
  });

  it('an operator registers an urgent ticket', async () => {
    await login(page, baseUrl, 'operator');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/register');
    await page.getByRole('heading', { name: '诉求登记' }).waitFor();

    await page.getByLabel('受理渠道', { exact: true }).click();
    await page.keyboard.type('12345');
    await page.keyboard.press('Enter');
    await page.getByLabel('诉求人姓名').fill('张建国');
    await page.getByLabel('联系电话').fill('13904321234');
    await page.getByLabel('标题（不填则取内容开头）').fill(TITLE);
    await page
      .getByLabel('诉求内容')
      .fill(
        '船营区北京路 88 号小区从周六起停水，已经三天，老人孩子用水困难，物业说是主管道破裂但一直没人来修。',
      );
    await page.getByLabel('发生地点').fill('船营区北京路 88 号');
    await page.getByText('紧急', { exact: true }).click();
    expect(await page.getByRole('radio', { name: '紧急' }).isChecked()).toBe(true);
    await screenshot(page, '02-register', { fullPage: true });

    await button(page, '登记').click();
    await page.getByText(/已登记，工单编号/).waitFor();
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/tickets\/[0-9a-f-]{36}$/);
    ticketId = new URL(page.url()).pathname.split('/')[2] as string;
    code = (await page.getByRole('heading', { level: 4 }).first().innerText()).trim();
    expect(code).toMatch(/^[A-Z0-9]{8,}$/);
    await page.getByText(TITLE).first().waitFor();
    await statusTag('已登记').waitFor();
  });

  it('… and dispatches it to the street office, seeing the deadline before it goes', async () => {
    await act('dispatch', '转办', async (dialog) => {
      await dialog.getByLabel('承办单位').click();
      await page.keyboard.type('北京路街道');
      await page.keyboard.press('Enter');
      // Urgent: 24 hours from now.
      await dialog.getByText(/按现行时限，如现在转办，应于 .+ 前办结/).waitFor();
    });
    await statusTag('已转办').waitFor();
    await page.getByText('北京路街道').first().waitFor();
  });

  it('the unit handler sees it in the inbox, sorted by deadline, with live countdowns', async () => {
    await login(page, baseUrl, 's220204-bjl.handler');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/inbox');
    const row = (text: string) => page.locator('tr', { hasText: text });
    await row(TITLE).waitFor();
    // Red: overdue; orange: under two hours left on an urgent ticket; the new urgent one: about a day.
    await row('致和街路口井盖缺失')
      .getByText(/^超期 /)
      .waitFor();
    await row('临江门广场供暖管道漏水')
      .getByText(/^剩余 1小时/)
      .waitFor();
    await row(TITLE)
      .getByText(/^剩余 2[34]小时/)
      .waitFor();
    await row('小区楼道堆放杂物')
      .getByText(/^剩余 \d+天/)
      .waitFor();
    await screenshot(page, '03-inbox');
  });

  it('the bell lists the warning and the overdue notice; a click opens the ticket', async () => {
    const bell = page.getByTestId('notification-bell');
    await expect.poll(async () => (await bell.getAttribute('aria-label')) ?? '').toMatch(/\(([2-9]|\d\d+)\)/);
    await bell.click();
    const list = page.getByTestId('notification-list');
    await list
      .getByText(/临期预警：/)
      .first()
      .waitFor();
    await list
      .getByText(/超期：/)
      .first()
      .waitFor();
    await screenshot(page, '04-notifications');
    await list
      .getByText(/临期预警：/)
      .first()
      .click();
    await page.getByText('临江门广场供暖管道漏水').first().waitFor();
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/tickets\//);
  });

  it('the handler signs for the ticket, reports the disposal, completes it and gives feedback', async () => {
    await page.goto(`${baseUrl}/tickets/${ticketId}`);
    await page.getByRole('heading', { name: code }).waitFor();
    await act('accept', '签收', async (d) => {
      await d.getByLabel('具体负责人').fill('李明（北京路街道城建科）');
    });
    await statusTag('已签收').waitFor();

    await act('report-disposal', '处置情况直报', async (d) => {
      await d.getByLabel('处置情况').fill('已联系自来水公司抢修队到场，关闭阀门，临时送水车已到小区。');
    });

    await act('complete', '办结', async (d) => {
      await d.getByLabel('办理结果').fill('主管道已更换，当晚 20 时恢复供水。');
    });
    await statusTag('已办结').waitFor();

    await act('feedback', '结果反馈', async (d) => {
      await d.getByLabel('向诉求人反馈').fill('已电话告知张先生供水恢复，并致歉。');
      await d.getByLabel('向市长电话室回复').fill('北京路 88 号停水问题已解决，主管道已更换。');
    });
    await statusTag('已反馈').waitFor();
  });

  it('revisit staff rate it from the queue in two clicks', async () => {
    await login(page, baseUrl, 'revisitor');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/revisit');
    const row = page.locator('tr', { hasText: code });
    await row.waitFor();
    await screenshot(page, '06-revisit');
    await button(row, '满意').click();
    await button(page.locator('.ant-popover'), '确认').click();
    await page.getByText(`${code} · 满意`).waitFor();
    await row.waitFor({ state: 'detached' });
  });

  it('the ticket shows archived, with its whole timeline', async () => {
    await page.goto(`${baseUrl}/tickets/${ticketId}`);
    await page.getByRole('heading', { name: code }).waitFor();
    await statusTag('已归档').waitFor();
    const timeline = page.locator('.ant-timeline');
    for (const step of ['诉求登记', '转办', '签收', '处置情况直报', '办结', '结果反馈', '回访']) {
      await timeline.getByText(step, { exact: true }).first().waitFor();
    }
    await timeline.getByText('→ 已归档').waitFor();
    await timeline.getByText('李明（北京路街道城建科）').first().waitFor();
    await page.getByText('满意（回访次数 1）').waitFor();
    await screenshot(page, '05-ticket', { fullPage: true });
  });

  it('a handler of another unit cannot open it, nor find it', async () => {
    await login(page, baseUrl, 's220202-ya.handler');
    await page.goto(`${baseUrl}/tickets/${ticketId}`);
    await page.getByText('工单不存在，或您无权查看。').waitFor();
    expect(await page.getByText(TITLE).count()).toBe(0);
    expect(await page.getByText('张建国').count()).toBe(0);

    await page.goto(`${baseUrl}/tickets`);
    await page.getByPlaceholder('搜索编号、电话、单位或内容词语').fill(code);
    await page.getByPlaceholder('搜索编号、电话、单位或内容词语').press('Enter');
    await page.getByText('没有符合条件的工单').waitFor();
  });

  it('leaders see the overview', async () => {
    await login(page, baseUrl, 'leader');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/overview');
    await page.getByText('工单总数').waitFor();
    await page.getByText('各状态工单数').waitFor();
    await page.locator('canvas').first().waitFor();
    await screenshot(page, '07-overview');
  });
});

describe('admin screens', () => {
  const baseUrl = inject('baseUrl');
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await launchBrowser();
    page = context.pages()[0] ?? (await context.newPage());
    await login(page, baseUrl, 'admin');
  });

  afterAll(async () => {
    await closeBrowser(context);
  });

  it('calendar: shows the loaded years and reports a bad file line by line', async () => {
    await page.getByRole('menuitem', { name: /工作日历/ }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/admin/calendar');
    const years = page.getByTestId('calendar-years');
    await years.getByText('2026', { exact: true }).waitFor();
    await years.getByText('2027 年未载入').waitFor();

    await page.locator('input[type="file"]').setInputFiles({
      name: 'holidays-2027.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        '日期,类型,名称\n2027-01-01,休,元旦\n2027-02-30,休,春节\n2027-02-14,上课,春节补班\n',
      ),
    });
    await page.getByText('holidays-2027.csv').waitFor();
    await button(page, '导入').click();
    await page.getByText('日历文件有 2 处错误，未导入任何内容。').waitFor();
    const problems = page.getByTestId('calendar-problems');
    await problems.locator('tr', { hasText: '2027-02-30' }).getByText('3', { exact: true }).waitFor();
    await problems.locator('tr', { hasText: '上课' }).getByText('4', { exact: true }).waitFor();
    await screenshot(page, '11-admin-calendar', { fullPage: true });
  });

  it('calendar: imports a good file, and the year is loaded', async () => {
    await page.locator('input[type="file"]').setInputFiles({
      name: 'holidays-2027.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('日期,类型,名称\n2027-01-01,休,元旦\n2027-02-06,休,春节\n2027-02-14,班,春节补班\n'),
    });
    await button(page, '导入').click();
    await page.getByText(/已导入 2027 年：3 个例外日/).waitFor();
    await page.getByTestId('calendar-years').getByText('2027', { exact: true }).waitFor();
  });

  it('policy versions: the version in force, and a revision that must give its reason', async () => {
    await page.getByRole('menuitem', { name: /时限政策/ }).click();
    await page.getByRole('heading', { name: '时限政策版本' }).waitFor();
    await page.locator('tr', { hasText: 'v1' }).getByText('现行').waitFor();
    await button(page, '修订政策').click();
    const dialog = page.getByRole('dialog', { name: '修订政策（新建版本）' });
    await dialog.getByLabel('回访最多次数').fill('4');
    await button(dialog, '提交').click();
    await dialog.getByText('请说明修订理由').waitFor();
    await dialog.getByLabel('修订说明').fill('回访未接通较多，增加一次回访机会');
    await button(dialog, '提交').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('已创建政策版本 v2').waitFor();
    await page.locator('tr', { hasText: 'v2' }).getByText('现行').waitFor();
    await screenshot(page, '12-admin-policies');
  });

  it('audit log: filters by action and verifies the hash chain', async () => {
    await page.getByRole('menuitem', { name: /审计日志/ }).click();
    await page.getByRole('heading', { name: '审计日志' }).waitFor();
    await page.locator('tr', { hasText: 'calendar.import' }).first().waitFor();
    await button(page, '校验哈希链').click();
    await page.getByText(/哈希链完整：已校验 \d+ 条记录。/).waitFor();
    await screenshot(page, '13-admin-audit');

    await page.getByLabel('操作', { exact: true }).fill('policy.create');
    await button(page, '查询').click();
    await page.getByText('共 1 条').waitFor();
    await page.locator('tr', { hasText: '修订政策' }).getByText('admin').waitFor();

    // The other unit's attempt to open the ticket is on record, refused.
    await page.getByLabel('操作', { exact: true }).fill('ticket.read');
    await button(page, '查询').click();
    await page.locator('tr', { hasText: 's220202-ya.handler' }).getByText('拒绝').first().waitFor();
  });
});
