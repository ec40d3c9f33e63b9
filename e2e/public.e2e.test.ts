/**
 * The citizens' door in a real browser: a citizen reaches the public page from the login page, submits a request
 * (the browser solves the proof-of-work check by itself), receives a code, and tracks the request by code
 * plus phone. Personal data never appears in a URL.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { ApiClient, button, closeBrowser, launchBrowser, screenshot } from './harness.js';

const PHONE = '13804325678';
const NAME = '王秀英';

describe('citizen: submit and track a request on the public page', () => {
  const baseUrl = inject('baseUrl');
  let context: BrowserContext;
  let page: Page;
  const urls: string[] = [];
  let code = '';

  beforeAll(async () => {
    context = await launchBrowser({ viewport: { width: 1280, height: 900 } });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('request', (r) => urls.push(r.url()));
  });

  afterAll(async () => {
    await closeBrowser(context);
  });

  it('is linked from the login page and opens without a login', async () => {
    await page.goto(`${baseUrl}/login`);
    await page.getByRole('link', { name: /群众反映诉求/ }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/public');
    await page.getByRole('heading', { name: '民生诉求网上窗口' }).waitFor();
    await page.getByRole('tab', { name: '我要反映' }).waitFor();
    // The anti-automation check runs as soon as the page opens, with no third-party service.
    await page.getByText('安全验证已完成').waitFor({ timeout: 60_000 });
  });

  it('refuses an empty request with the reasons on the fields', async () => {
    await button(page, '提交诉求').click();
    await page.getByText('诉求人姓名不能为空').waitFor();
    await page.getByText('诉求内容不能为空').waitFor();
  });

  it('submits a request and shows its code prominently', async () => {
    await page.getByLabel('姓名').fill(NAME);
    await page.getByLabel('手机号码').fill(PHONE);
    await page.getByLabel('标题').fill('江南公园路灯不亮');
    await page
      .getByLabel('诉求内容')
      .fill(
        '丰满区江南公园东门到吉林大街一段的路灯已经一周没有亮了，晚上散步的老人很多，存在安全隐患，希望尽快修复。',
      );
    await page.getByLabel('事发地点').fill('丰满区江南公园东门');
    await screenshot(page, '08-public-submit', { fullPage: true });
    await button(page, '提交诉求').click();

    await page.getByText('诉求已提交').waitFor();
    code = (await page.getByTestId('public-code').innerText()).trim();
    expect(code).toMatch(/\S{6,}/);
    await page.getByText(`查询编号 ${code}`).first().waitFor();
    await screenshot(page, '09-public-code');
  });

  it('the office receives it through the website channel', async () => {
    const operator = await ApiClient.login(baseUrl, 'operator');
    const list = await operator.call<{ items: { code: string; channel: string; status: string }[] }>(
      'GET',
      `/api/v1/tickets?q=${encodeURIComponent(code.slice(0, code.lastIndexOf('-')))}`,
    );
    // The reference is the ticket's code plus its check characters.
    expect(list.items).toEqual([
      expect.objectContaining({
        code: code.slice(0, code.lastIndexOf('-')),
        channel: 'web_window',
        status: 'registered',
      }),
    ]);
  });

  it('tracks the request by code plus phone', async () => {
    await button(page, '查询办理进度').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/public/track');
    // The code carries over; the phone is typed again.
    await expect.poll(() => page.getByLabel('查询编号').inputValue()).toBe(code);
    await page.getByLabel('手机号码').fill(PHONE);
    await button(page, '查询').click();
    const result = page.getByTestId('track-result');
    await result.waitFor();
    await result.getByText('已登记').waitFor();
    await result.getByText('已受理').waitFor();
    await result.getByText('江南公园路灯不亮').waitFor();
    // The name is masked even to the person who knows code and phone.
    expect(await result.innerText()).not.toContain(NAME);
    await screenshot(page, '10-public-track', { fullPage: true });
  });

  it('a wrong phone finds nothing, and says so', async () => {
    await page.getByLabel('手机号码').fill('13900000000');
    await button(page, '查询').click();
    await page.getByText('没有找到该诉求：请核对查询编号和手机号。').waitFor();
    await expect.poll(() => page.getByTestId('track-result').count()).toBe(0);
  });

  it('never put personal data in a URL', () => {
    expect(urls.length).toBeGreaterThan(5);
    for (const u of urls) {
      const decoded = decodeURIComponent(u);
      expect(decoded).not.toContain(PHONE);
      expect(decoded).not.toContain('13900000000');
      expect(decoded).not.toContain(NAME);
    }
  });
});

describe('citizen: rate the result from the personal link', () => {
  const baseUrl = inject('baseUrl');
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await launchBrowser({ viewport: { width: 1280, height: 900 } });
    page = context.pages()[0] ?? (await context.newPage());
  });
  afterAll(async () => {
    await closeBrowser(context);
  });

  it('opens the link from the SMS, rates once, and the link then no longer works', async () => {
    const operator = await ApiClient.login(baseUrl, 'operator');
    const handler = await ApiClient.login(baseUrl, 's220204-bjl.handler');
    const units = await operator.call<{ id: string; code: string }[]>('GET', '/api/v1/units');
    const street = units.find((u) => u.code === 'S220204-BJL')?.id;
    // Only tickets drawn for a revisit (R4.6.2, 30 % here) get a rating link: walk tickets until one is drawn.
    let tk = { id: '', code: '' };
    let link: string | undefined;
    for (let i = 0; i < 40 && !link; i++) {
      tk = await operator.call<{ id: string; code: string }>('POST', '/api/v1/tickets', {
        channel: 'hotline_12345',
        urgency: 'general',
        content: `北京路幸福小区门前人行道地砖松动，老人容易绊倒，请尽快修复（${i + 1}）。`,
        complainant: { name: NAME, phone: PHONE },
        location: { district: '220204', address: '北京路幸福小区' },
      });
      const step = (c: ApiClient, action: string, body: unknown) =>
        c.call('POST', `/api/v1/tickets/${tk.id}/${action}`, body);
      await step(operator, 'dispatch', { unitId: street });
      await step(handler, 'accept', { responsiblePerson: '王建军' });
      await step(handler, 'verify', { text: '已现场核实' });
      await step(handler, 'complete', { result: '已更换松动地砖' });
      await step(handler, 'feedback', { toComplainant: '已电话告知', toOffice: '已办结' });
      const admin = await ApiClient.login(baseUrl, 'admin');
      const sms = await admin.call<{ body: string }[]>('GET', `/api/v1/test-clock/sms?ticketId=${tk.id}`);
      link = /https?:\/\/\S+\/public\/rate#[\w-]+/.exec(sms.map((m) => m.body).join('\n'))?.[0];
    }
    expect(link).toBeTruthy();
    const token = (link as string).split('#')[1];

    await page.goto(`${baseUrl}/public/rate#${token}`);
    await page.getByText(tk.code).waitFor();
    await button(page, '提交评价').click();
    await page.getByText('请选择一项').waitFor();
    await page.getByText('满意', { exact: true }).click();
    await page.getByLabel('补充说明（选填）').fill('修得很快，谢谢');
    await screenshot(page, 'public-rate');
    await button(page, '提交评价').click();
    await page.getByText('感谢您的评价').waitFor();
    expect(page.url()).not.toContain(PHONE);

    // The R4.6.3 outcome is on the ticket, recorded as the complainant's own.
    const events = await operator.call<{ action: string; data: { outcome?: string } }[]>(
      'GET',
      `/api/v1/tickets/${tk.id}/events`,
    );
    expect(events.find((e) => e.action === 'revisit')?.data.outcome).toBe('satisfied');

    await page.goto(`${baseUrl}/login`);
    await page.goto(`${baseUrl}/public/rate#${token}`);
    await page.getByText('评价链接无效、已使用或已过期').first().waitFor();
  });
});
