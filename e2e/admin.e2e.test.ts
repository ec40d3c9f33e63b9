/**
 * Clicked through in a real browser against the real server: an administrator
 * creates a street office under 船营区, creates a handler in it, exports the users as .xlsx, imports a CSV with
 * one bad line and sees that line's error, adds a 派单目录 rule (R4.2, R8.3) for the new unit, finds it from the
 * category tree, and is refused deactivating the unit while it has an active user.
 * Screens are saved to docs/screenshots/admin-{units,users,rules}.png.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { button, closeBrowser, launchBrowser, login, screenshot } from './harness.js';

const UNIT_CODE = 'S220204-E2E';
const UNIT_NAME = '船营区测试街道办事处';
const USERNAME = 'e2e.handler';

describe('admin: units, users and the dispatch catalogue', () => {
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

  /** Picks an option in the antd select (or tree select) of the form field labelled `fieldLabel`. */
  async function choose(scope: Locator, fieldLabel: string, search: string, option: RegExp | string) {
    const field = scope
      .locator('.ant-form-item')
      .filter({ has: page.locator('.ant-form-item-label', { hasText: new RegExp(`^${fieldLabel}$`) }) });
    const choice = page
      .locator(
        '.ant-select-dropdown:not(.ant-select-dropdown-hidden) :is(.ant-select-item-option, .ant-select-tree-node-content-wrapper)',
      )
      .filter({ hasText: option })
      .first();
    const shown = typeof option === 'string' ? option : new RegExp(option.source.replace(/^\^|\$$/g, ''));
    // The filtered list re-renders while the search settles (slowly on a busy machine): a click that lands
    // during a re-render, or one that did not take, is tried again until the field shows the choice.
    for (let attempt = 1; ; attempt++) {
      try {
        await field.locator('.ant-select').click();
        await page.keyboard.type(search);
        await choice.waitFor({ state: 'visible' });
        await choice.click({ timeout: 5_000 });
        await expect.poll(() => field.innerText(), { timeout: 3_000 }).toMatch(shown);
        return;
      } catch (err) {
        if (attempt >= 4) throw err;
        await page.keyboard.press('Escape');
        await page.waitForTimeout(300);
      }
    }
  }

  it('creates a street office under 船营区人民政府 from the unit tree', async () => {
    await page.getByRole('menuitem', { name: /单位管理/ }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/admin/units');
    await page.getByRole('heading', { name: '单位管理' }).waitFor();
    await page.getByTestId('unit-search').fill('D220204');
    const district = page.locator('tr', { hasText: 'D220204' }).first();
    await button(district, '新建下级').click();

    const dialog = page.getByRole('dialog', { name: '新建单位' });
    await dialog.waitFor();
    // The superior, type, peer group and territory come from the district government.
    await dialog.getByText('船营区人民政府（D220204）').waitFor();
    await button(dialog, '保存').click();
    await dialog.getByText('单位编码不能为空').waitFor();
    await dialog.getByLabel('编码').fill(UNIT_CODE);
    await dialog.getByLabel('中文名称').fill(UNIT_NAME);
    await dialog.getByLabel('英文名称').fill('E2E Test Street Office');
    await dialog.getByLabel('主要领导').fill('王建国');
    await dialog.getByLabel('分管领导').fill('陈晓梅');
    await button(dialog, '保存').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText(`已新建单位 ${UNIT_CODE}`).waitFor();

    await page.getByTestId('unit-search').fill('测试街道');
    const row = page.locator('tr', { hasText: UNIT_CODE });
    await row.getByText(UNIT_NAME).waitFor();
    await row.getByText('街道（乡镇）').waitFor();
    await row.getByText('王建国 / 陈晓梅').waitFor();
    await screenshot(page, 'admin-units');
  });

  it('creates a handler in the new unit and finds them by the unit filter', async () => {
    await page.getByRole('menuitem', { name: /用户管理/ }).click();
    await page.getByRole('heading', { name: '用户管理' }).waitFor();
    await button(page, '新建用户').click();
    const dialog = page.getByRole('dialog', { name: '新建用户' });
    await dialog.getByLabel('用户名').fill(USERNAME);
    await dialog.getByLabel('姓名').fill('测试承办人 刘洋');
    await choose(dialog, '所属单位', UNIT_CODE, UNIT_CODE);
    await dialog.getByLabel('初始密码').fill('short');
    await button(dialog, '保存').click();
    await dialog.getByText('密码至少 10 个字符').waitFor();
    await dialog.getByLabel('初始密码').fill('Strong#Pass2026');
    await button(dialog, '保存').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText(`已新建用户 ${USERNAME}`).waitFor();

    // The unit filter, found by its placeholder.
    await page.locator('.ant-select', { hasText: '全部单位' }).click();
    await page.keyboard.type(UNIT_CODE);
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', {
        hasText: UNIT_CODE,
      })
      .first()
      .click();
    await page.getByText('共 1 条').waitFor();
    const row = page.locator('tr', { hasText: USERNAME });
    await row.getByText(UNIT_NAME).waitFor();
    await row.getByText('承办人').waitFor();
    await screenshot(page, 'admin-users');
  });

  it('exports the users as .xlsx through the download helper, and the file is a real workbook', async () => {
    await page.getByTestId('export-users').hover();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: '导出 Excel（.xlsx）' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const bytes = readFileSync(await download.path());
    // An .xlsx is a zip archive: it starts with "PK".
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(bytes.length).toBeGreaterThan(1000);
    await page.getByText(/已下载 .*\.xlsx/).waitFor();
  });

  it('imports a CSV with one bad line: nothing is imported and the line error is shown in a table', async () => {
    await page.getByTestId('import-users').click();
    const dialog = page.getByRole('dialog', { name: '导入用户' });
    await dialog.waitFor();
    await dialog.locator('input[type="file"]').setInputFiles({
      name: 'users.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        [
          '用户名 username,姓名 displayName,角色 roles,单位编码 unitCode,密码 password',
          `e2e.second,第二承办人,承办人,${UNIT_CODE},Second#Pass2026`,
          'e2e.bad,坏单位的人,承办人,NO-SUCH-UNIT,',
        ].join('\n'),
      ),
    });
    await dialog.getByText('users.csv').waitFor();
    await button(dialog, '开始导入').click();
    const problems = dialog.getByTestId('import-problems');
    await problems.getByText('导入失败，未导入任何内容').waitFor();
    const line = problems.locator('tbody tr', { hasText: 'NO-SUCH-UNIT' });
    await line.locator('td').first().getByText('3', { exact: true }).waitFor();
    await line.getByText('unitCode').waitFor();
    await screenshot(page, 'admin-users-import');
    await button(dialog.locator('.ant-modal-footer'), '关闭').click();
    await dialog.waitFor({ state: 'hidden' });
    // The good line was not imported either.
    await page.getByTestId('user-search').fill('e2e.second');
    await page.getByText('没有符合条件的用户').waitFor();
  });

  it('adds a 派单目录 rule sending 船营区 bus complaints to the new unit', async () => {
    await page.getByRole('menuitem', { name: /派单目录/ }).click();
    await page.getByRole('heading', { name: '派单目录' }).waitFor();
    await button(page, '新增规则').click();
    const dialog = page.getByRole('dialog', { name: '新增派单规则' });
    await dialog.waitFor();
    await choose(dialog, '事项分类', '公共汽车', /公共汽车（C010206）/);
    await choose(dialog, '属地', '船营区', /^船营区（220204）$/);
    await choose(dialog, '承办单位', UNIT_CODE, UNIT_CODE);
    await dialog.getByLabel('说明').fill('船营区公交投诉先由测试街道核实');
    await button(dialog, '保存').click();
    await dialog.waitFor({ state: 'hidden' }).catch(async (err: unknown) => {
      // Say what the form said (a field error or the server's refusal), not only that it stayed open.
      throw new Error(`the rule dialog stayed open: ${await dialog.innerText()}`, { cause: err });
    });
    await page.getByText('已新增派单规则').waitFor();

    await page.getByPlaceholder('分类、单位或说明中的文字').fill(UNIT_CODE);
    await button(page, '搜索').click();
    await page.getByText('共 1 条').waitFor();
    const row = page.locator('tr', { hasText: '公共汽车' });
    await row.getByText(UNIT_NAME).waitFor();
    await row.getByText('船营区', { exact: true }).waitFor();
    // Territorial rule on a level-3 category: 200 + 10 × 3.
    await row.getByText('230', { exact: true }).waitFor();
    await screenshot(page, 'admin-rules');
  });
  it('categories: a search finds 公共汽车 in the tree, and its rules open in the 派单目录 filtered to it', async () => {
    await page.getByRole('menuitem', { name: /事项分类/ }).click();
    await page.getByRole('heading', { name: '事项分类' }).waitFor();
    await page.getByTestId('category-search').fill('公共汽车');
    const row = page.locator('tr', { hasText: 'C010206' });
    await row.getByText('一般').waitFor();
    await row.getByRole('link', { name: '查看派单规则' }).click();
    await expect.poll(() => new URL(page.url()).search).toBe('?categoryCode=C010206');
    await page.getByRole('heading', { name: '派单目录' }).waitFor();
    // The city-wide rule of the starter catalogue and the one added above.
    await page.getByText('共 2 条').waitFor();
    await page.locator('tr', { hasText: 'DEPT-JTJ' }).getByText('全市（不限属地）').waitFor();
    await page.locator('tr', { hasText: UNIT_CODE }).getByText('船营区', { exact: true }).waitFor();
  });

  it('units: deactivating the new unit is refused while it has an active user, with the server’s reason', async () => {
    await page.getByRole('menuitem', { name: /单位管理/ }).click();
    await page.getByTestId('unit-search').fill(UNIT_CODE);
    await button(page.locator('tr', { hasText: UNIT_CODE }), '停用').click();
    await button(page.locator('.ant-popconfirm'), '确认').click();
    const refusal = page.getByTestId('refusal');
    await refusal.getByText(/还有在用的用户（e2e\.handler），不能停用/).waitFor();
    await page.locator('tr', { hasText: UNIT_CODE }).getByText('在用').waitFor();
  });
});
