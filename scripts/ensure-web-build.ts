/**
 * Builds the web UI (Vite) only when web/dist/index.html is missing or older than any source it is built
 * from: web/src, web/index.html, web/vite.config.ts, web/tsconfig.json and shared/. `npm start` runs it
 * first, so a fresh clone's `npm install && npm start` serves the UI without a separate build step.
 *
 * Vite is imported only when a build is needed, so a deployment that ships a built web/dist does not need it.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoDir = fileURLToPath(new URL('..', import.meta.url));
const webDir = join(repoDir, 'web');
const distIndex = join(webDir, 'dist', 'index.html');
const SOURCES = ['web/src', 'web/index.html', 'web/vite.config.ts', 'web/tsconfig.json', 'shared'];

/** The newest file (path and mtime) among the sources. */
function newestSource(): { file: string; mtimeMs: number } {
  let newest = { file: '', mtimeMs: 0 };
  const visit = (path: string): void => {
    if (!existsSync(path)) return;
    const st = statSync(path);
    if (st.isDirectory()) {
      for (const name of readdirSync(path)) {
        if (name !== 'node_modules' && !name.startsWith('.')) visit(join(path, name));
      }
    } else if (st.mtimeMs > newest.mtimeMs) {
      newest = { file: path, mtimeMs: st.mtimeMs };
    }
  };
  for (const s of SOURCES) visit(join(repoDir, s));
  return newest;
}

/** Why a build is needed, or null when web/dist is up to date. */
export function staleReason(): string | null {
  if (!existsSync(distIndex)) return 'web/dist/index.html 不存在';
  const built = statSync(distIndex).mtimeMs;
  const newest = newestSource();
  return newest.mtimeMs > built ? `${relative(repoDir, newest.file)} 比上次构建新` : null;
}

export async function ensureWebBuild(): Promise<void> {
  const reason = staleReason();
  if (!reason) {
    console.log('Web 界面已是最新构建（web/dist），跳过构建。');
    return;
  }
  console.log(`正在构建 Web 界面（${reason}）……`);
  const started = Date.now();
  const { build } = await import('vite');
  // The production React bundle, whoever calls (vitest sets NODE_ENV=test).
  process.env.NODE_ENV = 'production';
  await build({ configFile: join(webDir, 'vite.config.ts'), logLevel: 'warn' });
  console.log(`Web 界面构建完成：web/dist（${((Date.now() - started) / 1000).toFixed(1)} 秒）。`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  ensureWebBuild().catch((err: unknown) => {
    console.error('Web 界面构建失败：', err);
    process.exit(1);
  });
}
