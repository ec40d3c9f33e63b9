/**
 * Clicked through in a real browser against the real server, with a real webhook subscriber on loopback that checks
 * signatures: the administrator subscribes it (the generated secret shown once), sends a test delivery, and the
 * deliveries tab shows it delivered, with its attempt log; the office operator sees the deliveries but not the
 * connectors. Screens: docs/screenshots/integrations-{webhooks,deliveries}.png.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { verify } from '../server/integrations/signature.js';
import { button, closeBrowser, launchBrowser, login, screenshot } from './harness.js';

describe('R2.1 integrations: a webhook subscribed, tested and seen delivered', () => {
  const baseUrl = inject('baseUrl');
  let context: BrowserContext;
  let page: Page;
  let server: Server;
  let url = '';
  let secret = '';
  const received: { event: string; signed: boolean; key: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        received.push({
          event: String(req.headers['x-jiesu-event']),
          key: String(req.headers['idempotency-key']),
          signed: verify(
            secret,
            String(req.headers['x-jiesu-timestamp']),
            body,
            String(req.headers['x-jiesu-signature']),
          ),
        });
        res.writeHead(200).end('{}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    context = await launchBrowser();
    page = context.pages()[0] ?? (await context.newPage());
  });

  afterAll(async () => {
    await closeBrowser(context);
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('the administrator subscribes a webhook and sends a test delivery; it arrives signed and shows as delivered', async () => {
    await login(page, baseUrl, 'admin');
    await page.getByRole('menuitem', { name: /对接与投递/ }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/integrations');
    await page.getByRole('tab', { name: 'Webhook 订阅' }).click();
    await page.getByTestId('webhook-new').click();
    const dialog = page.getByRole('dialog', { name: '新建' });
    await dialog.getByLabel('名称').fill('城市数据平台');
    await dialog.getByLabel('接收地址').fill(url);
    await button(dialog, '保存').click();
    // The generated secret, shown this once.
    secret = (await page.getByTestId('secret-once').innerText()).trim();
    expect(secret.length).toBeGreaterThanOrEqual(32);
    await button(page, 'OK').or(button(page, '知道了')).or(button(page, '确定')).first().click();
    const row = page.locator('tr', { hasText: '城市数据平台' });
    await row.waitFor();
    await screenshot(page, 'integrations-webhooks');
    await row.getByTestId('webhook-test').click();
    await expect.poll(() => received.length, { timeout: 30_000 }).toBeGreaterThan(0);
    expect(received[0]).toMatchObject({ event: 'ping', signed: true });

    await page.getByRole('tab', { name: '对外投递' }).click();
    const delivered = page.locator('tr', { hasText: '城市数据平台' }).filter({ hasText: '已送达' });
    await expect
      .poll(
        async () => {
          await button(page, '刷新').click();
          return delivered.count();
        },
        { timeout: 30_000 },
      )
      .toBeGreaterThan(0);
    await button(delivered.first(), '投递记录（每次尝试）').click();
    await page.getByRole('dialog', { name: '投递记录（每次尝试）' }).getByText('已送达').waitFor();
    await screenshot(page, 'integrations-deliveries');
  });

  it('the office operator follows the deliveries but cannot configure connectors', async () => {
    await login(page, baseUrl, 'operator');
    await page.getByRole('menuitem', { name: /对接与投递/ }).click();
    await page.getByRole('tab', { name: '对外投递' }).waitFor();
    expect(await page.getByRole('tab', { name: '对接平台' }).count()).toBe(0);
    await page.locator('tr', { hasText: '城市数据平台' }).first().waitFor();
  });
});
