/**
 * What the browser tests and the page-load script share: the real server as a child process on a fresh
 * data directory, Debian's chromium through playwright-core, and small helpers that act as a user would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { stopOrphan } from '../server/db/embedded-postgres.js';

export const repoDir = fileURLToPath(new URL('..', import.meta.url));
export const screenshotDir = join(repoDir, 'docs', 'screenshots');
export const DEMO_PASSWORD = 'Jiesu@2026';
/** A Tuesday morning in Jilin: the demo calendar knows 2026. */
export const FAKE_TIME = '2026-11-10T09:00:00+08:00';
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface RunningServer {
  url: string;
  dataDir: string;
  /** Everything the server printed so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `node --import tsx server/main.ts` on a free port and waits for "已启动：http://localhost:<port>".
 * The embedded database (the default: PostgreSQL in `dataDir/pg`) lives in `dataDir` (a fresh temporary
 * directory by default).
 */
export async function startServer(
  options: { dataDir?: string; fakeTime?: string | null; timeoutMs?: number } = {},
): Promise<RunningServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'jiesu-e2e-data-'));
  // The browser tests build their own tickets; the demo history would fill the queues they expect empty.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    JIESU_DEMO_HISTORY: '0',
  };
  // Never the developer's database, keys or production switches: the embedded database in demo mode.
  for (const k of ['DATABASE_URL', 'JIESU_DEMO', 'JIESU_DATA_KEYS', 'JIESU_KEY_FILE', 'JIESU_TLS'])
    delete env[k];
  env.NODE_ENV = 'test';
  const fakeTime = options.fakeTime === undefined ? FAKE_TIME : options.fakeTime;
  if (fakeTime) env.JIESU_FAKE_TIME = fakeTime;
  else delete env.JIESU_FAKE_TIME;

  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: repoDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start in time:\n${out}`)),
      options.timeoutMs ?? 180_000,
    );
    const onData = () => {
      const m = /已启动：http:\/\/localhost:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        resolve(Number(m[1]));
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before starting:\n${out}`));
    });
  });

  return {
    url: `http://127.0.0.1:${port}`,
    dataDir,
    output: () => out,
    stop: async () => {
      await stopChild(child);
      // After a SIGKILL the embedded PostgreSQL outlives the server: never leave a cluster behind.
      await stopOrphan(join(dataDir, 'pg'));
    },
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const profiles = new WeakMap<BrowserContext, string>();

/** Closes the browser and removes its profile. */
export async function closeBrowser(context: BrowserContext | undefined): Promise<void> {
  if (!context) return;
  await context.close();
  const profile = profiles.get(context);
  if (profile) rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
}

/** Debian's chromium with a fresh profile (so nothing is cached), in Chinese, on Shanghai time. */
export async function launchBrowser(
  options: { locale?: string; viewport?: { width: number; height: number } } = {},
): Promise<BrowserContext> {
  const profile = mkdtempSync(join(tmpdir(), 'jiesu-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: options.viewport ?? { width: 1440, height: 900 },
    locale: options.locale ?? 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  profiles.set(context, profile);
  context.setDefaultTimeout(20_000);
  context.setDefaultNavigationTimeout(60_000);
  return context;
}

/**
 * antd puts a space between the two characters of a two-character Chinese button ("登 录"); a user reads
 * "登录". This matches either.
 */
export function label(text: string): RegExp {
  const escaped = [...text].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  // An icon inside the button adds its own name first ("search 查 询").
  return new RegExp(`^(?:[a-z-]+\\s+)?\\s*${escaped.join('\\s*')}\\s*$`);
}

export const button = (scope: Page | Locator, text: string): Locator =>
  scope.getByRole('button', { name: label(text) });

/** Logs in through the form, as `username`, from a clean session. */
export async function login(page: Page, baseUrl: string, username: string): Promise<void> {
  await page.context().clearCookies();
  await page.goto(`${baseUrl}/login`);
  await page.evaluate(() => sessionStorage.clear());
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  const signedIn = page.getByRole('button', { name: /退出登录/ });
  const limited = page.getByText(/请求过于频繁/);
  for (let tries = 0; ; tries++) {
    await button(page, '登录').click();
    await signedIn.or(limited).first().waitFor();
    if (await signedIn.isVisible()) return;
    // The run's logins share one limit per address (see ApiClient.login): wait as the message says.
    if (tries >= 5) throw new Error(`login ${username}: still rate limited`);
    const seconds = Number(/(\d+)\s*秒/.exec((await limited.first().textContent()) ?? '')?.[1] ?? '5');
    await page.waitForTimeout((seconds + 1) * 1000);
  }
}

/** A screenshot into docs/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}) {
  mkdirSync(screenshotDir, { recursive: true });
  // No hover effects; let the last render, fonts and transitions settle.
  await page.mouse.move(0, 0);
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: options.fullPage ?? false });
}

/** A JSON API client for setting the scene (tickets the story does not click through). */
export class ApiClient {
  private constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  static async login(baseUrl: string, username: string): Promise<ApiClient> {
    const attempt = () =>
      fetch(`${baseUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username, password: DEMO_PASSWORD }),
      });
    let res = await attempt();
    // The whole browser run shares one server and its login limit per address: wait as the answer says, as
    // any client would, rather than fail.
    for (let tries = 0; res.status === 429 && tries < 5; tries++) {
      const seconds = Number(res.headers.get('retry-after') ?? '5');
      await new Promise((r) => setTimeout(r, (Number.isFinite(seconds) ? seconds + 1 : 6) * 1000));
      res = await attempt();
    }
    if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
    const { token } = (await res.json()) as { token: string };
    return new ApiClient(baseUrl, token);
  }

  async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return JSON.parse(text) as T;
  }
}

/** Moves the server's test clock forward (and fires what became due) — as the administrator, who alone may. */
export async function advanceClock(baseUrl: string, seconds: number): Promise<string> {
  const admin = await ApiClient.login(baseUrl, 'admin');
  const { now } = await admin.call<{ now: string }>('POST', '/api/v1/test-clock', {
    advanceSeconds: Math.round(seconds),
  });
  return now;
}

/** A ticket as the daily-loop tests set it up and read it back. */
export interface SceneTicket {
  id: string;
  code: string;
  status: string;
  trackingReference: string;
  deadlines: { completeDueAt: string | null };
}

/**
 * The daily loop's scene, shared by its browser tests: the office's operator and 北京路街道's handler as API
 * clients (for the steps a story does not click through), that street office's unit id, and a 1366 px browser.
 */
export interface LoopScene {
  page: Page;
  operator: ApiClient;
  handler: ApiClient;
  /** S220204-BJL, 北京路街道. */
  unit: string;
  /** Registers a hotline request in 船营区 (220204) for the complainant given. */
  register(
    title: string,
    urgency: 'urgent' | 'general',
    complainant: { name: string; phone: string },
  ): Promise<SceneTicket>;
  /** One ticket action through the API, as `client`. */
  act(client: ApiClient, id: string, action: string, body: unknown): Promise<SceneTicket>;
  close(): Promise<void>;
}

export async function openLoopScene(baseUrl: string): Promise<LoopScene> {
  const operator = await ApiClient.login(baseUrl, 'operator');
  const handler = await ApiClient.login(baseUrl, 's220204-bjl.handler');
  const units = await operator.call<{ id: string; code: string }[]>('GET', '/api/v1/units');
  const unit = units.find((u) => u.code === 'S220204-BJL')?.id as string;
  const context = await launchBrowser({ viewport: { width: 1366, height: 768 } });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    page,
    operator,
    handler,
    unit,
    register: (title, urgency, complainant) =>
      operator.call<SceneTicket>('POST', '/api/v1/tickets', {
        channel: 'hotline_12345',
        title,
        content: `${title}，请尽快处理。`,
        complainant,
        location: { district: '220204' },
        urgency,
      }),
    act: (client, id, action, body) =>
      client.call<SceneTicket>('POST', `/api/v1/tickets/${id}/${action}`, body),
    close: () => closeBrowser(context),
  };
}
