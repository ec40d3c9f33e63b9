/**
 * The operator's registration helpers and list exports, in a real browser against the real server:
 * typing a request shows suggestions that fill the form in one click; registering the same phone again shows
 * the earlier ticket as a likely duplicate (while typing and again before saving); a ticket list downloads as
 * an .xlsx file. Screenshots: docs/screenshots/register-suggestions.png and register-duplicates.png.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { button, closeBrowser, launchBrowser, login, screenshot } from './harness.js';

const PHONE = '13766554433';
const CONTENT = '昌邑区延安路 12 号小区今天上午突然停水，到现在还没有来水，家里老人没法做饭，请尽快处理。';

describe('registration helpers and list exports', () => {
  const baseUrl = inject('baseUrl');
  let context: BrowserContext;
  let page: Page;
  let firstCode = '';

  beforeAll(async () => {
    context = await launchBrowser();
    page = context.pages()[0] ?? (await context.newPage());
  });
  afterAll(async () => {
    await closeBrowser(context);
  });

  async function openRegister() {
    await page.goto(`${baseUrl}/register`);
    await page.getByRole('heading', { name: '诉求登记' }).waitFor();
  }

  it('the operator types a request, sees suggestions and applies them in one click', async () => {
    await login(page, baseUrl, 'operator');
    await openRegister();
    await page.getByLabel('诉求人姓名').fill('赵丽华');
    await page.getByLabel('联系电话').fill(PHONE);
    await page.getByLabel('诉求内容').fill(CONTENT);
    await page.getByLabel('所属区域').click();
    await page.keyboard.type('昌邑');
    await page.keyboard.press('Enter');

    const panel = page.getByTestId('suggestions');
    await panel.getByTestId('suggest-categories').locator('.ant-tag').first().waitFor();
    await panel.getByText('建议：紧急').waitFor();
    await panel.getByText('停水').first().waitFor();
    await panel.getByTestId('suggest-units').locator('.ant-list-item').first().waitFor();
    expect(await page.getByRole('radio', { name: '紧急' }).isChecked()).toBe(false);

    await button(panel, '全部采用').click();
    expect(await page.getByRole('radio', { name: '紧急' }).isChecked()).toBe(true);
    // The panel marks what the form now holds: the top category, the urgency, the top unit, and the place the
    // text names (R4.2: where it happened fills the district).
    await panel.getByTestId('suggest-categories').locator('.ant-tag-checkable-checked').first().waitFor();
    expect(await panel.getByText('已采用').count()).toBe(3);
    await screenshot(page, 'register-suggestions', { fullPage: true });

    // Registered and dispatched to the applied unit straight away.
    await button(page, '登记').click();
    await page.getByText(/已登记并转办，工单编号/).waitFor();
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/tickets\/[0-9a-f-]{36}$/);
    firstCode = (await page.getByRole('heading', { level: 4 }).first().innerText()).trim();
    await page.locator('.ant-tag', { hasText: '已转办' }).first().waitFor();
  });

  it('registering the same phone again shows the earlier ticket as a likely duplicate', async () => {
    await openRegister();
    await page.getByLabel('诉求人姓名').fill('赵丽华');
    await page.getByLabel('联系电话').fill(PHONE);
    await page.getByLabel('联系电话').blur();
    const hint = page.getByTestId('duplicates');
    await hint.getByText(/可能重复：发现 \d+ 件相近诉求/).waitFor();
    await hint.getByText(firstCode).first().waitFor();
    await hint.getByText('同一来电号码（30 日内）').first().waitFor();
    await page.getByLabel('诉求内容').fill('延安路 12 号小区还是没有来水，再次反映，请尽快恢复供水。');
    await screenshot(page, 'register-duplicates', { fullPage: true });

    // Before saving, the operator is asked again, and may still register a new ticket.
    await button(page, '登记').click();
    const dialog = page.getByRole('dialog', { name: '登记前请核对可能重复的诉求' });
    await dialog.waitFor();
    await dialog.getByText(firstCode).first().waitFor();
    await button(dialog, '仍然登记为新工单').click();
    await page.getByText(/已登记，工单编号/).waitFor();
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/tickets\/[0-9a-f-]{36}$/);
    const secondCode = (await page.getByRole('heading', { level: 4 }).first().innerText()).trim();
    expect(secondCode).not.toBe(firstCode);
  });

  it('a ticket list downloads as an .xlsx file', async () => {
    await page.goto(`${baseUrl}/tickets`);
    await page.getByRole('heading', { name: '工单查询' }).waitFor();
    await page.locator('.ant-table-row').first().waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('list-export').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^工单列表-\d{12}\.xlsx$/);
    const path = await download.path();
    const bytes = readFileSync(path);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(bytes.length).toBeGreaterThan(1000);
    await page.getByText(/已导出 工单列表-/).waitFor();
  });
});
