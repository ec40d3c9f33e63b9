/**
 * Serves the built web UI (web/dist) from the same process as the API: hashed files under /assets/ are
 * cached for a year (immutable), index.html is revalidated every time, and any other GET that asks for
 * HTML gets index.html so the UI's own routes (/tickets/…) survive a reload (SPA fallback). A client that
 * accepts anything (`curl http://localhost:3000/`, any type accepted) gets the page too for a path that names no
 * file (no extension); a missing file (/favicon.ico, /assets/…) is a 404.
 * /api/* is never touched: unknown API paths still get the JSON 404 of error-handler.ts.
 */
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, normalize, relative } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';

const ASSET_CACHE = { maxAge: '365d', immutable: true } as const;

export async function webRoutes(app: FastifyInstance, distDir: string): Promise<void> {
  const indexFile = join(distDir, 'index.html');
  if (!existsSync(indexFile)) {
    app.log.warn({ distDir }, 'web UI not built; run `npm run build:web` (npm start builds it when needed)');
    app.get('/', { schema: { hide: true }, config: { access: 'public' } }, async (_req, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .send(
          '<!doctype html><meta charset="utf-8"><title>接诉即办</title>' +
            '<p>界面尚未构建：请运行 <code>npm run build:web</code> 后重启。API 文档见 <a href="/api/docs">/api/docs</a>。</p>' +
            '<p>The web UI is not built: run <code>npm run build:web</code> and restart.</p>',
        ),
    );
    return;
  }

  // Only the reply.sendFile decorator: the one route below decides what is a file and what is the SPA.
  await app.register(fastifyStatic, { root: distDir, serve: false });

  app.get('/*', { schema: { hide: true }, config: { access: 'public' } }, async (req, reply) => {
    const path = decodePath(req.url);
    if (path === null || path === '/api' || path.startsWith('/api/')) return reply.callNotFound();
    const file = fileUnder(distDir, path);
    if (file === 'index.html') return sendIndex(reply);
    // The service worker and the manifest are checked for a new version every time (web/public/sw.js).
    if (file === 'sw.js' || file === 'manifest.webmanifest') {
      reply.header('Cache-Control', 'no-cache');
      return reply.sendFile(file, { cacheControl: false });
    }
    if (file) {
      return file.startsWith('assets/')
        ? reply.sendFile(file, ASSET_CACHE)
        : reply.sendFile(file, { maxAge: '1h', immutable: false });
    }
    if (!wantsHtml(req, path) || path.startsWith('/assets/')) return reply.callNotFound();
    return sendIndex(reply);
  });
}

function sendIndex(reply: FastifyReply): FastifyReply {
  // Revalidate: a new build changes the asset names index.html points to.
  reply.header('Cache-Control', 'no-cache');
  return reply.sendFile('index.html', { cacheControl: false });
}

/** The URL's path, decoded; null when it cannot be decoded. */
function decodePath(url: string): string | null {
  try {
    return decodeURIComponent(url.split('?')[0] ?? '/');
  } catch {
    return null;
  }
}

/** The existing regular file under distDir for a URL path, relative to distDir; never outside it. */
function fileUnder(distDir: string, urlPath: string): string | null {
  if (urlPath === '/' || urlPath.endsWith('/') || urlPath.includes('\0')) return null;
  const rel = normalize(urlPath).replace(/^[/\\]+/, '');
  const full = join(distDir, rel);
  const back = relative(distDir, full);
  if (!back || back.startsWith('..') || isAbsolute(back)) return null;
  try {
    return statSync(full).isFile() ? back.split('\\').join('/') : null;
  } catch {
    return null;
  }
}

/**
 * A browser navigating to a page asks for text/html; scripts, images and API clients ask for something else.
 * A client that accepts anything (no Accept, or a wildcard) gets the page for a path without an extension.
 */
function wantsHtml(req: FastifyRequest, path: string): boolean {
  const accept = req.headers.accept ?? '';
  if (accept.includes('text/html')) return true;
  const acceptsAnything = accept.trim() === '' || /(^|,)\s*\*\/\*/.test(accept);
  const lastSegment = path.slice(path.lastIndexOf('/') + 1);
  return acceptsAnything && !lastSegment.includes('.');
}
