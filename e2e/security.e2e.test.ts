/**
 * Accounts and sessions in a real browser: a user whose password an admin set must change it before any page opens; an
 * operator attaches a photo to a ticket with upload progress and downloads it as a file; the auditor sees
 * the audit log with the upload in it and nothing else.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { ApiClient, button, closeBrowser, launchBrowser, login, screenshot } from './harness.js';

// A 1×1 PNG.
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63600000020001' +
    '54a24f5d0000000049454e44ae426082',
  'hex',
);

describe('accounts and attachments in the browser', () => {
  const baseUrl = inject('baseUrl');
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await launchBrowser();
    page = context.pages()[0] ?? (await context.newPage());
  });
  afterAll(async () => {
    await closeBrowser(context);
  });

  it('a password an admin set is changed first, then the workbench opens', async () => {
    const admin = await ApiClient.login(baseUrl, 'admin');
    const units = await admin.call<{ id: string; code: string }[]>('GET', '/api/v1/units');
    const office = units.find((u) => u.code === 'OFFICE');
    await admin.call('POST', '/api/v1/users', {
      username: 'e2e.newop',
      displayName: '新来的话务员',
      password: 'Given#ByAdmin2026',
      roles: ['office_operator'],
      unitId: office?.id,
    });

    await page.context().clearCookies();
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel('用户名').fill('e2e.newop');
    await page.getByLabel('密码').fill('Given#ByAdmin2026');
    await button(page, '登录').click();
    await page.getByText('请先修改密码').waitFor();
    await page.getByLabel('当前密码').fill('Given#ByAdmin2026');
    await page.getByLabel('新密码', { exact: true }).fill('short');
    await page.getByLabel('再次输入新密码').fill('short');
    await button(page, '确认修改').click();
    await page.getByText(/密码至少 10 个字符/).waitFor();
    await screenshot(page, 'password-change-required');

    await page.getByLabel('新密码', { exact: true }).fill('Mine#Own2026x');
    await page.getByLabel('再次输入新密码').fill('Mine#Own2026x');
    await button(page, '确认修改').click();
    await page.getByText('请先修改密码').waitFor({ state: 'detached' });
    await page.getByRole('menuitem', { name: /诉求登记/ }).waitFor();
  });

  it('an operator attaches a photo to a ticket and downloads it as a file', async () => {
    const operator = await ApiClient.login(baseUrl, 'operator');
    const created = await operator.call<{ id: string }>('POST', '/api/v1/tickets', {
      channel: 'hotline_12345',
      content: '船营区北京路街道某小区门口井盖破损，已拍照。',
      complainant: { name: '刘洋', phone: '13904321234' },
      location: { district: '220204', address: '北京路 88 号' },
    });
    await login(page, baseUrl, 'operator');
    await page.goto(`${baseUrl}/tickets/${created.id}`);
    await page.getByText('暂无附件').waitFor();
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('attachment-upload').click();
    await (await chooser).setFiles({ name: '井盖照片.png', mimeType: 'image/png', buffer: PNG });
    const link = page.getByRole('link', { name: /井盖照片\.png/ });
    await link.waitFor();
    await screenshot(page, 'ticket-attachments');

    const download = page.waitForEvent('download');
    await link.click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('井盖照片.png');
    expect(readFileSync(await file.path()).equals(PNG)).toBe(true);
  });

  it('the auditor lands on the audit log and sees the upload there', async () => {
    await login(page, baseUrl, 'auditor');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/admin/audit');
    await page.getByTestId('audit-retention').waitFor();
    await page.getByText('上传附件').first().waitFor();
    const menu = await page.getByRole('menuitem').allInnerTexts();
    expect(menu.map((m) => m.trim())).toEqual(['审计日志']);
    await button(page, '校验哈希链').click();
    await page.getByText(/哈希链完整/).waitFor();
    await screenshot(page, 'auditor-audit-log');
  });
});
