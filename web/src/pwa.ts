/**
 * Installable workbench: the service worker (web/public/sw.js) caches the shell — the page and its hashed code —
 * never an API answer. At logout the phone forgets what the session left: the worker's caches, the action
 * drafts and the offline queue (R9.1). Small and free of imports: App.tsx (the first chunk) uses it.
 */
export const OUTBOX = 'jiesu.outbox';
export const REFUSED = 'jiesu.outbox.refused';
export const DRAFT = 'jiesu.draft.';
export const SHELL_CACHE_PREFIX = 'jiesu-shell-';

/** Registers the service worker once the page has loaded (production builds served over a secure context). */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  const go = () => void navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {});
  if (document.readyState === 'complete') go();
  else window.addEventListener('load', go, { once: true });
}

/** At logout: drafts, the queue, its refusals and the shell cache go. */
export function forgetDevice(): void {
  try {
    for (let i = localStorage.length - 1; i >= 0; i--) {
      const k = localStorage.key(i);
      if (k && (k.startsWith(DRAFT) || k === OUTBOX || k === REFUSED)) localStorage.removeItem(k);
    }
  } catch {
    // Storage blocked: nothing was kept.
  }
  if (typeof caches !== 'undefined')
    void caches
      .keys()
      .then((keys) =>
        Promise.all(keys.filter((k) => k.startsWith(SHELL_CACHE_PREFIX)).map((k) => caches.delete(k))),
      )
      .catch(() => {});
}
