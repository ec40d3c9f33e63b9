/**
 * Vite config for the web UI. Root is web/, output web/dist; in development /api goes to the server
 * (JIESU_API, default http://127.0.0.1:3000). The UI imports ../shared (zod schemas, enums, limits).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const webDir = fileURLToPath(new URL('.', import.meta.url));
const repoDir = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  root: webDir,
  base: '/',
  plugins: [react()],
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
});
