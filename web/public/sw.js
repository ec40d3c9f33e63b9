/*
 * The workbench's service worker: it caches the shell only — the page (index.html, the same for every path) and
 * the hashed code and styles under /assets/ — so the app opens from the home screen on a bad connection. It never
 * answers or stores /api/ (no personal data, no API answers); the page deletes its caches at logout (web/src/pwa.ts).
 */
const CACHE = 'jiesu-shell-v1';
const SHELL = ['/', '/manifest.webmanifest', '/icon.svg', '/icon-192.png'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((k) => k.startsWith('jiesu-shell-') && k !== CACHE).map((k) => caches.delete(k)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

async function put(request, response) {
  if (!response.ok || response.type !== 'basic') return;
  const cache = await caches.open(CACHE);
  await cache.put(request, response);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/') || url.pathname === '/api')
    return;

  if (request.mode === 'navigate') {
    // The page first from the network (a new build names new assets), the cached shell when offline.
    event.respondWith(
      fetch(request)
        .then((response) => {
          event.waitUntil(put('/', response.clone()));
          return response;
        })
        .catch(() => caches.match('/').then((cached) => cached || Response.error())),
    );
    return;
  }
  if (url.pathname.startsWith('/assets/') || SHELL.includes(url.pathname)) {
    // Hashed files never change: the cache first.
    event.respondWith(
      caches.match(request).then(
        (cached) =>
          cached ||
          fetch(request).then((response) => {
            event.waitUntil(put(request, response.clone()));
            return response;
          }),
      ),
    );
  }
});
