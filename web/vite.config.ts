/**
 * Vite config for the web UI. Root is web/, output web/dist; in development /api goes to the server
 * (JIESU_API, default http://127.0.0.1:3000). The UI imports ../shared (zod schemas, enums, limits).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type Rollup } from 'vite';
import react from '@vitejs/plugin-react';

const webDir = fileURLToPath(new URL('.', import.meta.url));
const repoDir = fileURLToPath(new URL('..', import.meta.url));

/**
 * `<link rel="modulepreload">` in index.html for lazily loaded screens that the first view needs anyway
 * (the login form): the browser fetches them alongside the entry chunk instead of after it has run, while
 * they are still evaluated only when rendered.
 */
function preloadLazyChunks(modules: string[]): Plugin {
  return {
    name: 'jiesu:preload-lazy-chunks',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        if (!ctx.bundle) return;
        const chunks = Object.values(ctx.bundle).filter((c): c is Rollup.OutputChunk => c.type === 'chunk');
        const byFile = new Map(chunks.map((c) => [c.fileName, c]));
        const collect = (file: string, into: Set<string>): void => {
          if (into.has(file)) return;
          into.add(file);
          for (const i of byFile.get(file)?.imports ?? []) collect(i, into);
        };
        const initial = new Set<string>();
        if (ctx.chunk) collect(ctx.chunk.fileName, initial);
        const wanted = new Set<string>();
        for (const m of modules) {
          const chunk = chunks.find((c) => c.facadeModuleId?.endsWith(m));
          if (!chunk) throw new Error(`preloadLazyChunks: no chunk for ${m}`);
          collect(chunk.fileName, wanted);
        }
        return [...wanted]
          .filter((f) => !initial.has(f))
          .map((f) => ({
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: `/${f}` },
            injectTo: 'head' as const,
          }));
      },
    },
  };
}

export default defineConfig(({ command }) => ({
  root: webDir,
  base: '/',
  plugins: [react(), preloadLazyChunks(['/src/pages/LoginPage.tsx'])],
  // A build is always the production build, even when started from a process whose NODE_ENV is "test"
  // (vitest) or "development": otherwise React's development bundle (+200 KB) would be served.
  define: command === 'build' ? { 'process.env.NODE_ENV': JSON.stringify('production') } : {},
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
  },
  server: {
    port: 5173,
    fs: { allow: [repoDir] },
    proxy: { '/api': { target: process.env.JIESU_API ?? 'http://127.0.0.1:3000', changeOrigin: false } },
  },
  preview: {
    proxy: { '/api': { target: process.env.JIESU_API ?? 'http://127.0.0.1:3000', changeOrigin: false } },
  },
}));
