/**
 * The SMS page in a real browser against the real server (demo driver: nothing leaves, rows stay pending): a
 * reply fed back by SMS appears for the administrator with the number masked and without its text (R9.1); the
 * administrator puts a number on the opt-out list and sees it masked; the wording of each kind is listed.
 * Screenshot: docs/screenshots/sms-outbox.png.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { ApiClient, button, closeBrowser, launchBrowser, login, screenshot } from './harness.js';

const PHONE = '13845671234';
const REPLY = '井盖已更换，请您查看。';

describe('the SMS page', () => {
  const baseUrl = inject('baseUrl');
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    const operator = await ApiClient.login(baseUrl, 'operator');
    const handler = await ApiClient.login(baseUrl, 's220204-bjl.handler');
    const units = await operator.call<{ id: string; code: string }[]>('GET', '/api/v1/units');
    const unitId = units.find((u) => u.code === 'S220204-BJL')?.id as string;
    const t = await operator.call<{ id: string }>('POST', '/api/v1/tickets', {
      channel: 'hotline_12345',
      content: '船营区北京路幸福小区门口井盖破损，夜间行人容易踩空，请尽快更换。',
      complainant: { name: '刘洋', phone: PHONE },
      location: { district: '220204', address: '北京路幸福小区' },
    });
    const act = (c: ApiClient, action: string, body: unknown) =>
      c.call('POST', `/api/v1/tickets/${t.id}/${action}`, body);
    await act(operator, 'dispatch', { unitId, urgency: 'general' });
    await act(handler, 'accept', { responsiblePerson: '李四' });
    await act(handler, 'verify', { text: '已到现场核实。' });
    await act(handler, 'complete', { result: '已更换井盖。' });
    await act(handler, 'feedback', { toComplainant: REPLY, toOffice: '已办结。', method: 'sms' });
    context = await launchBrowser();
    page = context.pages()[0] ?? (await context.newPage());
  });
  afterAll(async () => {
    await closeBrowser(context);
  });

  it('shows the queued reply masked, keeps an opt-out list and lists the wording', async () => {
    await login(page, baseUrl, 'admin');
    await page.getByRole('menuitem', { name: /短信/ }).click();
    await page.getByRole('heading', { name: '短信' }).waitFor();
    const table = page.getByTestId('sms-messages');
    const row = table.getByRole('row').filter({ hasText: '反馈办理结果' }).first();
    await row.getByText('138****1234').waitFor();
    await row.getByText('待发送').waitFor();
    const html = await page.content();
    expect(html).not.toContain(PHONE);
    expect(html).not.toContain(REPLY);
    await screenshot(page, 'sms-outbox', { fullPage: true });

    await page.getByRole('tab', { name: '退订名单' }).click();
    await button(page, '加入退订名单').click();
    const dialog = page.getByRole('dialog', { name: '加入退订名单' });
    await dialog.getByLabel('电话号码').fill('13700005678');
    await button(dialog, '保存').click();
    await page.getByTestId('sms-opt-outs').getByText('137****5678').waitFor();
    await page.getByTestId('sms-opt-outs').getByText('管理员添加').waitFor();

    await page.getByRole('tab', { name: '短信模板' }).click();
    const templates = page.getByTestId('sms-templates');
    await templates.getByText('请诉求人评价（评价链接）').waitFor();
    await templates.getByText('督办通知（承办单位）').waitFor();

    await page.getByRole('tab', { name: '单位短信号码' }).click();
    const units = page.getByTestId('sms-unit-numbers');
    const unitRow = units.getByRole('row').filter({ hasText: 'S220204-BJL' });
    await button(unitRow, '设置').click();
    const numberDialog = page.getByRole('dialog', { name: /短信号码/ });
    await numberDialog.getByLabel('短信号码').fill('13312345678');
    await button(numberDialog, '保存').click();
    await unitRow.getByText('133****5678').waitFor();
    expect(await page.content()).not.toContain('13312345678');
  });
});
