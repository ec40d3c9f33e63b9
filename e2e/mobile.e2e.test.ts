/**
 * The workbench on a phone (390 × 844), where R4.3.1 puts the unit: at the site. A handler's day — inbox cards,
 * accept, an on-site verification with a photo (shrunk on the phone) and the location given with consent,
 * completion, feedback; an action sent without a connection is queued and delivered once when it returns (and
 * once more when only its answer was lost); one refused on arrival (409) is reported. No staff page scrolls
 * sideways, and the lists show code, title and deadline.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { ApiClient, button, closeBrowser, launchBrowser, login, screenshot } from './harness.js';

const PHONE = { width: 390, height: 844 };
const SITE = { latitude: 43.8436, longitude: 126.5608, accuracy: 15 };

interface Ticket {
  id: string;
  code: string;
}
interface EventView {
  action: string;
  data: Record<string, unknown>;
}

describe('the phone workbench (390 × 844)', () => {
  const baseUrl = inject('baseUrl');
  let context: BrowserContext;
  let page: Page;
  let operator: ApiClient;
  let handler: ApiClient;
  let unit = '';

  const register = async (title: string, urgency: 'urgent' | 'general' = 'general') => {
    const t = await operator.call<Ticket>('POST', '/api/v1/tickets', {
      channel: 'hotline_12345',
      title,
      content: `${title}，请尽快处理。`,
      complainant: { name: '韩梅梅', phone: '0432-62345678' },
      location: { district: '220204' },
      urgency,
    });
    await operator.call('POST', `/api/v1/tickets/${t.id}/dispatch`, { unitId: unit, urgency });
    return t;
  };
  const events = (id: string) => handler.call<EventView[]>('GET', `/api/v1/tickets/${id}/events`);
  const count = async (id: string, action: string) =>
    (await events(id)).filter((e) => e.action === action).length;
  const dialog = () => page.locator('.ant-modal').filter({ has: page.locator('.ant-modal-title') });
  const submit = () => button(dialog(), '提交').click();
  const nextStep = (name: string) => page.locator(`[data-action="${name}"]`);
  const noSideways = () =>
    page.evaluate(() => ({
      doc: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      body: document.body.scrollWidth - document.body.clientWidth,
    }));

  beforeAll(async () => {
    operator = await ApiClient.login(baseUrl, 'operator');
    handler = await ApiClient.login(baseUrl, 's220204-bjl.handler');
    const units = await operator.call<{ id: string; code: string }[]>('GET', '/api/v1/units');
    unit = units.find((u) => u.code === 'S220204-BJL')?.id as string;
    context = await launchBrowser({ viewport: PHONE });
    await context.grantPermissions(['geolocation'], { origin: baseUrl });
    await context.setGeolocation(SITE);
    page = context.pages()[0] ?? (await context.newPage());
  });

  afterAll(async () => {
    await closeBrowser(context);
  });

  it("R4.3.1 a handler's day: inbox card → accept → on-site verification with a photo and the location → complete → feedback", async () => {
    const t = await register('光华路人行道砖破损');
    await login(page, baseUrl, 's220204-bjl.handler');
    await page.goto(`${baseUrl}/inbox`);
    const card = page.locator(`[data-ticket="${t.code}"]`);
    await card.waitFor();
    // The card: code, title, deadline, and the next step as its one primary button.
    await expect.poll(() => card.innerText()).toContain('光华路人行道砖破损');
    await expect.poll(() => card.getByTestId('card-deadline').innerText()).toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(await card.locator('button.ant-btn-primary').count()).toBe(1);
    expect((await card.locator('button.ant-btn-primary').boundingBox())!.height).toBeGreaterThanOrEqual(44);
    expect(await noSideways()).toEqual({ doc: 0, body: 0 });
    await screenshot(page, 'mobile-inbox');

    await card.locator('button.ant-btn-primary').click(); // 签收
    await dialog().getByLabel('具体负责人').fill('李四');
    await submit();
    await nextStep('verify').waitFor();
    // The next action is within the first screen.
    const box = (await nextStep('verify').boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(PHONE.height);
    expect(box.height).toBeGreaterThanOrEqual(44);
    expect(await noSideways()).toEqual({ doc: 0, body: 0 });
    await screenshot(page, 'mobile-ticket');

    // On site: a 4000 × 3000 camera photo is shrunk on the phone before it is uploaded.
    await nextStep('verify').click();
    await dialog().getByTestId('on-site').waitFor();
    const photo = await page.evaluate(async () => {
      const c = document.createElement('canvas');
      c.width = 4000;
      c.height = 3000;
      const g = c.getContext('2d')!;
      for (let i = 0; i < 400; i++) {
        g.fillStyle = `hsl(${(i * 37) % 360} 70% ${30 + (i % 40)}%)`;
        g.fillRect((i * 97) % 4000, (i * 53) % 3000, 300, 200);
      }
      const blob = await new Promise<Blob>((r) => c.toBlob((b) => r(b!), 'image/png'));
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let s = '';
      for (let i = 0; i < bytes.length; i += 0x8000)
        s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(s);
    });
    const original = Buffer.from(photo, 'base64');
    await dialog()
      .getByTestId('photo-input')
      .setInputFiles({ name: 'site.png', mimeType: 'image/png', buffer: original });
    await dialog().getByTestId('photo-done').waitFor({ timeout: 60_000 });
    await dialog().getByTestId('location-consent').click();
    await dialog().getByTestId('location-fix').waitFor();
    await dialog().getByLabel('核实情况').fill('已到现场核实，人行道砖破损 6 块。');
    const modal = (await dialog().locator('.ant-modal-container, .ant-modal-content').first().boundingBox())!;
    expect(modal.x).toBeGreaterThanOrEqual(0);
    expect(modal.x + modal.width).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'mobile-on-site');
    await submit();
    await nextStep('complete').waitFor();

    const attachments = await handler.call<{ items: { name: string; size: number }[] }>(
      'GET',
      `/api/v1/tickets/${t.id}/attachments`,
    );
    expect(attachments.items.map((a) => a.name)).toEqual(['site.jpg']);
    expect(attachments.items[0]!.size).toBeLessThan(original.length);
    const verify = (await events(t.id)).find((e) => e.action === 'verify');
    expect(verify?.data.location).toEqual({
      lat: SITE.latitude,
      lng: SITE.longitude,
      accuracy: SITE.accuracy,
    });

    await nextStep('complete').click();
    await dialog().getByLabel('办理结果').fill('已更换破损砖块。');
    await submit();
    await nextStep('feedback').click();
    await dialog().getByLabel('向诉求人反馈').fill('已修复，请您查看。');
    await dialog().getByLabel('向市长电话室回复').fill('已办结。');
    await submit();
    await expect.poll(() => count(t.id, 'feedback')).toBe(1);
    await expect.poll(() => nextStep('feedback').count()).toBe(0);
  });

  it('a report being written survives a reload (a local draft), and is gone once sent', async () => {
    const t = await register('北京路路灯不亮');
    await page.goto(`${baseUrl}/tickets/${t.id}`);
    await nextStep('accept').click();
    await dialog().getByLabel('具体负责人').fill('王五');
    await page.reload();
    await nextStep('accept').click();
    await dialog().getByTestId('draft').waitFor();
    expect(await dialog().getByLabel('具体负责人').inputValue()).toBe('王五');
    await submit();
    await nextStep('verify').waitFor();
    expect(
      await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('jiesu.draft.'))),
    ).toEqual([]);
  });

  it('an action sent offline is queued, the user is told, and it is delivered exactly once when the connection returns', async () => {
    const t = await register('解放路下水井盖缺失');
    await page.goto(`${baseUrl}/tickets/${t.id}`);
    await nextStep('accept').waitFor();
    await context.setOffline(true);
    await nextStep('accept').click();
    await dialog().getByLabel('具体负责人').fill('赵六');
    await submit();
    const waiting = page.getByTestId('outbox-waiting');
    await waiting.waitFor();
    expect(await waiting.innerText()).toContain(t.code);
    expect(await waiting.innerText()).toContain('1 项操作等待联网发送');
    await screenshot(page, 'mobile-offline-queued');
    expect(await count(t.id, 'accept')).toBe(0);

    await context.setOffline(false);
    await waiting.waitFor({ state: 'detached', timeout: 30_000 });
    await page.getByText(`${t.code} · 签收：已送达`).waitFor();
    expect(await count(t.id, 'accept')).toBe(1);
    // Nothing is left to send again: after a reload and a manual retry there is still one.
    await page.reload();
    await nextStep('verify').waitFor();
    expect(await count(t.id, 'accept')).toBe(1);
  });

  it('an action whose answer was lost is sent again with its key and applied once', async () => {
    const t = await register('松江路积水');
    await page.goto(`${baseUrl}/tickets/${t.id}`);
    await nextStep('accept').waitFor();
    let attempts = 0;
    // The request reaches the server, the answer never reaches the phone.
    await page.route(`**/api/v1/tickets/${t.id}/accept`, async (route) => {
      attempts++;
      if (attempts === 1) {
        await route.fetch();
        await route.abort('connectionreset');
      } else await route.continue();
    });
    await nextStep('accept').click();
    await dialog().getByLabel('具体负责人').fill('孙七');
    await submit();
    await page.getByTestId('outbox-waiting').waitFor();
    expect(await count(t.id, 'accept')).toBe(1);
    await button(page.getByTestId('outbox-waiting'), '立即重试').click();
    await page.getByTestId('outbox-waiting').waitFor({ state: 'detached' });
    expect(attempts).toBe(2);
    expect(await count(t.id, 'accept')).toBe(1);
    await page.unroute(`**/api/v1/tickets/${t.id}/accept`);
  });

  it('an action refused when it arrives (409: the ticket changed meanwhile) is reported to the user', async () => {
    const t = await register('吉林大街噪声扰民');
    await page.goto(`${baseUrl}/tickets/${t.id}`);
    await nextStep('accept').waitFor();
    await context.setOffline(true);
    await nextStep('accept').click();
    await dialog().getByLabel('具体负责人').fill('周八');
    await submit();
    await page.getByTestId('outbox-waiting').waitFor();
    // Meanwhile a colleague accepts it from another device.
    await handler.call('POST', `/api/v1/tickets/${t.id}/accept`, { responsiblePerson: '吴九' });
    await context.setOffline(false);
    const refused = page.getByTestId('outbox-refused');
    await refused.waitFor({ timeout: 30_000 });
    expect(await refused.innerText()).toContain(`${t.code} · 签收 未被接受`);
    expect(await count(t.id, 'accept')).toBe(1);
    await screenshot(page, 'mobile-refused');
    await button(refused, '知道了').click();
    await refused.waitFor({ state: 'detached' });
  });

  it('installable: the manifest and the service worker load under the CSP, and the worker caches no API answer', async () => {
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(`${baseUrl}/inbox`);
    await page.locator('[data-ticket]').first().waitFor();
    const manifest = await page.evaluate(async () => {
      const href = document.querySelector<HTMLLinkElement>('link[rel="manifest"]')?.href ?? '';
      const res = await fetch(href);
      return { status: res.status, body: (await res.json()) as { display: string; icons: unknown[] } };
    });
    expect(manifest.status).toBe(200);
    expect(manifest.body.display).toBe('standalone');
    expect(manifest.body.icons.length).toBeGreaterThan(0);
    await expect
      .poll(() =>
        page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.state ?? null),
      )
      .toBe('activated');
    await page.reload();
    await page.locator('[data-ticket]').first().waitFor();
    const cached = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const k of await caches.keys())
        for (const r of await (await caches.open(k)).keys()) urls.push(new URL(r.url).pathname);
      return urls;
    });
    expect(cached).toContain('/');
    expect(cached.some((u) => u.startsWith('/assets/'))).toBe(true);
    expect(cached.filter((u) => u.startsWith('/api'))).toEqual([]);
    expect(violations).toEqual([]);
  });

  it('at logout the drafts and the queue are removed from the phone', async () => {
    const t = await register('江湾路路面塌陷');
    await page.goto(`${baseUrl}/tickets/${t.id}`);
    await nextStep('accept').click();
    await dialog().getByLabel('具体负责人').fill('郑十');
    await button(dialog(), '取消').click();
    expect(
      await page.evaluate(() => Object.keys(localStorage).some((k) => k.startsWith('jiesu.draft.'))),
    ).toBe(true);
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByLabel('用户名').waitFor();
    expect(
      await page.evaluate(() =>
        Object.keys(localStorage).filter((k) => k.startsWith('jiesu.draft.') || k.startsWith('jiesu.outbox')),
      ),
    ).toEqual([]);
    // The shell cache goes too (the worker fills it again with the login page's shell, no personal data).
    await expect
      .poll(() =>
        page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('jiesu-shell-'))),
      )
      .toEqual([]);
  });

  /** Every page the drawer's menu offers this user, each checked for sideways scroll and its lists' cards. */
  async function everyPage(username: string) {
    await login(page, baseUrl, username);
    await page.getByRole('button', { name: '菜单' }).click();
    const items = page.locator('.ant-drawer .ant-menu-item');
    await items.first().waitFor();
    const n = await items.count();
    await page.keyboard.press('Escape');
    const seen: string[] = [];
    for (let i = 0; i < n; i++) {
      await page.getByRole('button', { name: '菜单' }).click();
      const item = page.locator('.ant-drawer .ant-menu-item').nth(i);
      await item.waitFor();
      seen.push(await item.innerText());
      await item.click();
      await page
        .locator('.ant-drawer-open')
        .waitFor({ state: 'detached' })
        .catch(() => {});
      await page.waitForTimeout(500);
      await page
        .locator('.ant-spin-spinning')
        .first()
        .waitFor({ state: 'detached' })
        .catch(() => {});
      expect({ page: seen.at(-1), path: new URL(page.url()).pathname, ...(await noSideways()) }).toEqual({
        page: seen.at(-1),
        path: new URL(page.url()).pathname,
        doc: 0,
        body: 0,
      });
      await cardsShowCodeTitleDeadline();
    }
    return seen;
  }

  /** The ticket cards on the page (read at once, as they are on screen): code, title and deadline in each. */
  async function cardsShowCodeTitleDeadline() {
    const cards = await page.$$eval('[data-ticket]', (els) =>
      els.map((e) => ({
        code: (e as HTMLElement).dataset.ticket ?? '',
        text: (e as HTMLElement).innerText,
        title: e.querySelector('[data-testid="card-title"]')?.textContent ?? '',
      })),
    );
    for (const c of cards) {
      expect(c.text).toContain(c.code);
      expect(c.title.length).toBeGreaterThan(0);
      // The deadline: its due time once dispatched, the countdown's "—" before.
      expect(c.text).toMatch(/办结时限：\d{4}-\d{2}-\d{2}|—/);
    }
  }

  const ROLES = ['s220204-bjl.handler', 'operator', 'supervisor', 'revisitor', 'leader', 'admin', 'auditor'];
  for (const username of ROLES) {
    it(`no page of ${username} scrolls sideways at 390 px, and its lists show code, title and deadline`, async () => {
      const pages = await everyPage(username);
      expect(pages.length).toBeGreaterThan(0);
      if (username === 's220204-bjl.handler') {
        await page.getByRole('button', { name: '菜单' }).click();
        await page.locator('.ant-drawer .ant-menu-item').first().waitFor();
        await screenshot(page, 'mobile-drawer');
        await page.keyboard.press('Escape');
      }
    }, 240_000);
  }
});
