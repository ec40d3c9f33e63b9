/**
 * The knowledge base beyond intake, in a real browser against the real server: a citizen searches the FAQ on
 * the public page (only published public articles, synonyms work); the office keeps its reply templates on the
 * management screen (use counts shown, stale ones retired).
 * Screenshots: docs/screenshots/knowledge-faq.png, knowledge-templates.png.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { ApiClient, button, closeBrowser, launchBrowser, login, screenshot } from './harness.js';

const FAQ_TITLE = '冬季家中停热如何报修';
const INTERNAL_TITLE = '停热工单内部派单口径';

describe('knowledge: the citizens’ FAQ and the template management screen', () => {
  const baseUrl = inject('baseUrl');
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    const author = await ApiClient.login(baseUrl, 'operator2');
    const reviewer = await ApiClient.login(baseUrl, 'revisitor');
    for (const [title, isPublic] of [
      [FAQ_TITLE, true],
      [INTERNAL_TITLE, false],
    ] as const) {
      const a = await author.call<{ id: string }>('POST', '/api/v1/knowledge', {
        title,
        body: '# 报修步骤\n\n- 先联系小区的供热公司\n- 24 小时未恢复的，拨打 12345',
        public: isPublic,
      });
      await author.call('POST', `/api/v1/knowledge/${a.id}/submit`);
      await reviewer.call('POST', `/api/v1/knowledge/${a.id}/publish`);
    }
    context = await launchBrowser();
    page = context.pages()[0] ?? (await context.newPage());
  });
  afterAll(async () => {
    await closeBrowser(context);
  });

  it('a citizen opens the FAQ, searches 暖气不热 and reads the public answer, never the internal one', async () => {
    await page.goto(`${baseUrl}/public`);
    await page.getByRole('tab', { name: '常见问题' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/public/faq');
    const faq = page.getByTestId('faq');
    const search = faq.getByPlaceholder('输入关键词');
    await search.fill('家里暖气不热怎么办');
    await search.press('Enter');
    const question = faq.getByTestId('faq-question').filter({ hasText: FAQ_TITLE });
    await question.waitFor();
    expect(await faq.getByText(INTERNAL_TITLE).count()).toBe(0);
    await question.click();
    await faq.getByText('先联系小区的供热公司').waitFor();
    await screenshot(page, 'knowledge-faq', { fullPage: true });
    await button(faq, '没有解决？我要反映').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/public');
  });

  it('the office creates a reply template, sees its use count and retires it', async () => {
    await login(page, baseUrl, 'operator');
    await page.goto(`${baseUrl}/knowledge`);
    await page.getByTestId('kb-templates').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/templates');
    await page.getByTestId('tpl-new').click();
    const dialog = page.getByRole('dialog', { name: '新建模板' });
    await dialog.getByTestId('tpl-title').fill('延期说明（冬季供热）');
    await dialog
      .getByTestId('tpl-body')
      .fill('{{诉求人称呼}}您好，工单 {{工单编号}} 需协调供热公司，将延期办理。');
    await dialog.getByTestId('tpl-save').click();
    await dialog.waitFor({ state: 'hidden' });
    const row = page.getByRole('row').filter({ hasText: '延期说明（冬季供热）' });
    await row.waitFor();
    expect(await row.getByTestId('tpl-uses').innerText()).toBe('0');
    await row.getByText('从未使用').waitFor();
    await row.getByText('全局').waitFor();
    await screenshot(page, 'knowledge-templates', { fullPage: true });
    await row.getByTestId('tpl-retire').click();
    await row.getByText('已停用').waitFor();
    await row.getByTestId('tpl-restore').waitFor();
  });
});
