/**
 * Dispatch suggestions in the dispatch dialog (R4.2, R8.3), in a real browser against the real server: the
 * dialog of a registered ticket shows where it happened (the words marked), what it is about, the urgency and
 * the units with their reasons; one click on a unit puts it on the form, and the ticket goes there. The unit
 * picker finds a unit by part of its name and shows its district. Screenshot: docs/screenshots/
 * dispatch-suggestions.png.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { ApiClient, button, closeBrowser, label, launchBrowser, login, screenshot } from './harness.js';

describe('the dispatch dialog suggests the unit', () => {
  const baseUrl = inject('baseUrl');
  let context: BrowserContext;
  let page: Page;
  let ticketId = '';
  let code = '';

  beforeAll(async () => {
    const api = await ApiClient.login(baseUrl, 'operator');
    const t = await api.call<{ id: string; code: string }>('POST', '/api/v1/tickets', {
      channel: 'hotline_12345',
      content: '丰满区江南街道小区楼下每天晚上有人跳广场舞，音响声音太大，孩子没法写作业。',
      complainant: { name: '孙丽', phone: '13944002233' },
    });
    ticketId = t.id;
    code = t.code;
    context = await launchBrowser();
    page = context.pages()[0] ?? (await context.newPage());
  });
  afterAll(async () => {
    await closeBrowser(context);
  });

  it('R4.2 R8.3 shows the place, the matter, the urgency and the units with reasons, and applies one in a click', async () => {
    await login(page, baseUrl, 'operator');
    await page.goto(`${baseUrl}/tickets/${ticketId}`);
    await page.locator('button[data-action="dispatch"]').click();
    const dialog = page.getByRole('dialog', { name: `转办 · ${code}` });
    const panel = dialog.getByTestId('dispatch-suggestions');
    await panel.getByTestId('dispatch-suggest-units').locator('.ant-list-item').first().waitFor();
    // Where it happened, with the words that gave it away marked.
    await panel.getByTestId('suggest-place').locator('mark', { hasText: '江南街道' }).waitFor();
    await panel.getByTestId('suggest-place').getByText('丰满区').first().waitFor();
    await panel
      .getByTestId('dispatch-suggest-category')
      .getByText(/噪音扰民/)
      .waitFor();
    await panel.getByTestId('dispatch-suggest-urgency').getByText('一般').waitFor();
    const first = panel.getByTestId('dispatch-suggest-units').locator('.ant-list-item').first();
    await first.getByText('1. 江南街道').waitFor();
    await first.getByText(/属地街道（乡镇）：文中提到「江南街道」/).waitFor();

    await panel.getByTestId('apply-unit-1').click();
    await first.getByText('已采用').waitFor();
    // The form now holds the unit, with its district.
    await dialog.locator('.ant-select-content', { hasText: '江南街道（丰满区）' }).first().waitFor();
    await screenshot(page, 'dispatch-suggestions');

    await button(dialog, '提交').click();
    await dialog.waitFor({ state: 'hidden' });
    await page
      .locator('.ant-tag', { hasText: label('已转办') })
      .first()
      .waitFor();
    const api = await ApiClient.login(baseUrl, 'operator');
    const units = await api.call<{ id: string; code: string }[]>('GET', '/api/v1/units');
    const ticket = await api.call<{ leadUnitId: string }>('GET', `/api/v1/tickets/${ticketId}`);
    expect(units.find((u) => u.id === ticket.leadUnitId)?.code).toBe('S220211-JN');
  });

  it('the unit picker finds a unit by part of its name and shows its district', async () => {
    const api = await ApiClient.login(baseUrl, 'operator');
    const t = await api.call<{ id: string; code: string }>('POST', '/api/v1/tickets', {
      channel: 'hotline_12345',
      content: '想咨询一下办理身份证需要什么材料。',
      complainant: { name: '孙丽', phone: '13944002233' },
    });
    await page.goto(`${baseUrl}/tickets/${t.id}`);
    await page.locator('button[data-action="dispatch"]').click();
    const dialog = page.getByRole('dialog', { name: `转办 · ${t.code}` });
    await dialog.getByLabel('承办单位').click();
    await page.keyboard.type('船营分局');
    const option = page.locator('.ant-select-item-option', { hasText: '市场监督管理局船营分局' });
    await option.waitFor();
    await option.getByTestId('unit-district').getByText('船营区').waitFor();
  });
});
