/**
 * The built web UI served by the API process: `curl http://localhost:3000/` (any type accepted) gets the page,
 * as a browser does; missing files and unknown API paths stay 404.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webRoutes } from './web.routes.js';

let app: FastifyInstance;
const INDEX = '<!doctype html><title>接诉即办</title><div id="root"></div>';

beforeAll(async () => {
  const dist = mkdtempSync(join(tmpdir(), 'jiesu-web-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), INDEX);
  writeFileSync(join(dist, 'assets', 'app-abc123.js'), 'console.log(1)');
  app = Fastify();
  await webRoutes(app, dist);
  await app.ready();
});
afterAll(() => app.close());

const get = (url: string, accept?: string) =>
  app.inject({ method: 'GET', url, headers: accept === undefined ? {} : { accept } });

describe('web UI from the API process', () => {
  it('curl / (Accept: */*) gets the web page, as a browser and a client without Accept do', async () => {
    for (const accept of ['*/*', 'text/html,application/xhtml+xml,*/*;q=0.8', undefined]) {
      const res = await get('/', accept);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.body).toBe(INDEX);
    }
  });

  it('a page of the UI survives a reload from curl or a browser', async () => {
    expect((await get('/tickets/123', '*/*')).body).toBe(INDEX);
    expect((await get('/tickets/123', 'text/html')).body).toBe(INDEX);
  });

  it('serves the built files, and a missing file or API path is a 404, not the page', async () => {
    const asset = await get('/assets/app-abc123.js', '*/*');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    expect((await get('/assets/missing.js', '*/*')).statusCode).toBe(404);
    expect((await get('/favicon.ico', '*/*')).statusCode).toBe(404);
    expect((await get('/api/nope', '*/*')).statusCode).toBe(404);
    expect((await get('/tickets/123', 'application/json')).statusCode).toBe(404);
  });
});
