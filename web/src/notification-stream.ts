/**
 * The server's notification stream (GET /api/v1/notifications/stream, Server-Sent Events): the server says
 * "news" when a notification for this user commits — a hand-over, a 督办, a deadline warning. Read with fetch
 * rather than EventSource, so it carries the session's Authorization header like every other request; it
 * reconnects after the server closes it (every few minutes) or the connection drops.
 */
import { authHeaders } from './api';

const RETRY_MS = 3000;

/** The event the stream raises on `window` for a screen pop (来电弹屏); `detail` is the call id. */
export const CALL_EVENT = 'jiesu:call';

/**
 * Calls `onNews(unread)` on every notifications event until the returned function is called; a `call` event (the
 * phone system's screen pop) is raised on `window` as CALL_EVENT for whoever shows it.
 */
export function listenNotifications(onNews: (unread: number) => void): () => void {
  let stopped = false;
  let controller: AbortController | null = null;
  let retry: ReturnType<typeof setTimeout> | null = null;

  const connect = async () => {
    controller = new AbortController();
    try {
      const res = await fetch('/api/v1/notifications/stream', {
        headers: { Accept: 'text/event-stream', ...authHeaders() },
        credentials: 'same-origin',
        signal: controller.signal,
      });
      // Signed out or refused: the shell's own requests handle that; do not hammer the server.
      if (res.status === 401 || res.status === 403) return;
      if (!res.ok || !res.body) throw new Error(`stream ${res.status}`);
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (/^event: call$/m.test(block) && data) {
            try {
              const callId = (JSON.parse(data) as { callId?: unknown }).callId;
              if (typeof callId === 'string')
                window.dispatchEvent(new CustomEvent(CALL_EVENT, { detail: callId }));
            } catch {
              // A malformed event is skipped.
            }
            continue;
          }
          if (!/^event: notifications$/m.test(block) || !data) continue;
          try {
            onNews(Number((JSON.parse(data) as { unread?: number }).unread ?? 0));
          } catch {
            // A malformed event is skipped; the next one carries the count again.
          }
        }
      }
    } catch {
      // Aborted or the network dropped: reconnect below unless stopped.
    }
    if (!stopped) retry = setTimeout(() => void connect(), RETRY_MS);
  };
  void connect();
  return () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    controller?.abort();
  };
}
