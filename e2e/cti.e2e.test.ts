/**
 * The phone system's screen pop (来电弹屏) in a real browser against the real server: the administrator issues the
 * phone system's API key on its page (shown once); the phone system announces a call for the operator; the
 * operator's open page shows it at once (server push) with the caller's earlier request, and registers from it —
 * the form pre-filled with the number and the call id; the recording's transcript then attaches to that ticket.
 * Screenshots: docs/screenshots/api-keys.png, screen-pop.png, screen-pop-register.png.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { ApiClient, button, closeBrowser, launchBrowser, login, screenshot } from './harness.js';

const CALLER = '13655443322';
const CALL_ID = 'E2E-CALL-0001';

describe('R2.1 R2.2 screen pop: a call from the phone system reaches the operator and is registered', () => {
  const baseUrl = inject('baseUrl');
  let context: BrowserContext;
  let page: Page;
  let secret = '';

  beforeAll(async () => {
    context = await launchBrowser();
    page = context.pages()[0] ?? (await context.newPage());
  });
  afterAll(async () => {
    await closeBrowser(context);
  });

  it('the administrator issues the phone system a key scoped to cti.calls; it is shown once', async () => {
    await login(page, baseUrl, 'admin');
    await page.goto(`${baseUrl}/admin/api-keys`);
    await page.getByRole('heading', { name: '对接方 API 密钥' }).waitFor();
    await button(page, '签发密钥').click();
    const form = page.getByTestId('api-key-form');
    await form.getByLabel('名称').fill('呼叫中心电话系统');
    await form.getByLabel('受理渠道').click();
    await page.keyboard.type('12345');
    await page.keyboard.press('Enter');
    // Replace the default operations with the phone system's one.
    await form.getByLabel('可调用的操作').click();
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('cti.calls');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await button(page.getByRole('dialog'), '签发密钥').click();
    const shown = page.getByTestId('api-key-secret');
    await shown.waitFor();
    secret = (await shown.innerText()).trim();
    expect(secret).toMatch(/^jsk_/);
    await screenshot(page, 'api-keys');
    await button(page, '我已复制').click();
    await page.getByRole('cell', { name: '呼叫中心电话系统' }).waitFor();
    await page.getByRole('cell', { name: '12345便民服务热线' }).waitFor();
    // Once closed, the key is nowhere on the page.
    await expect.poll(async () => (await page.content()).includes(secret)).toBe(false);
  });

  it('a call announced for the operator pops up on the open page with the earlier request, and registers from it', async () => {
    // An earlier request of the caller.
    const api = await ApiClient.login(baseUrl, 'operator');
    const earlier = await api.call<{ code: string }>('POST', '/api/v1/tickets', {
      channel: 'hotline_12345',
      content: '龙潭区遵义东路小区门前路灯不亮，晚上出行不安全。',
      complainant: { name: '孙立新', phone: CALLER },
    });

    await login(page, baseUrl, 'operator');
    await page.getByRole('heading', { name: '诉求登记' }).waitFor();
    // The bell's stream is open before the phone rings.
    await page.waitForTimeout(500);

    const rang = await fetch(`${baseUrl}/api/v1/cti/calls`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Api-Key': secret },
      body: JSON.stringify({ callerNumber: CALLER, callId: CALL_ID, agent: 'operator' }),
    });
    expect(rang.status, await rang.clone().text()).toBe(202);

    const pop = page.getByTestId('call-pop');
    await pop.getByTestId('call-pop-number').getByText(CALLER).waitFor();
    await pop.getByText(earlier.code).waitFor();
    await pop.getByText('路灯不亮').waitFor();
    await screenshot(page, 'screen-pop');

    await button(page, '登记新诉求').click();
    await expect.poll(() => new URL(page.url()).search).toBe(`?call=${CALL_ID}`);
    // The number is in the form, not in the URL.
    expect(page.url()).not.toContain(CALLER);
    await expect.poll(() => page.getByLabel('联系电话').inputValue()).toBe(CALLER);
    await page.getByText(`来电 ${CALL_ID}`).waitFor();
    await page.getByLabel('诉求人姓名').fill('孙立新');
    await page.getByLabel('诉求内容').fill('遵义东路小区门前路灯还是不亮，再次反映，请尽快修复。');
    await screenshot(page, 'screen-pop-register', { fullPage: true });
    await button(page, '登记').click();
    // The same number registered before: the operator registers a new ticket anyway.
    const anyway = button(page, '仍然登记为新工单');
    await Promise.race([
      anyway.waitFor().then(() => anyway.click()),
      page.waitForURL(/\/tickets\/[0-9a-f-]{36}$/),
    ]);
    await page.waitForURL(/\/tickets\/[0-9a-f-]{36}$/);
    const ticketId = new URL(page.url()).pathname.split('/').pop() as string;

    // The phone system's transcript attaches to the ticket registered from the call.
    const rec = await fetch(`${baseUrl}/api/v1/cti/calls/${CALL_ID}/recording`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Api-Key': secret },
      body: JSON.stringify({ transcript: '坐席：您好，12345。市民：遵义东路路灯还是不亮。' }),
    });
    expect(rec.status, await rec.clone().text()).toBe(201);
    expect(((await rec.json()) as { ticketId: string }).ticketId).toBe(ticketId);
  });
});
