/**
 * A generic HTTP SMS gateway: the request's body is a template (JIESU_SMS_HTTP_BODY) with {to} {text} {ref}
 * {sender}; the request is signed with HMAC-SHA256 over `<timestamp>.<body>` (hex, in JIESU_SMS_HTTP_SIGNATURE_HEADER
 * as `sha256=<hex>`, the Unix time in JIESU_SMS_HTTP_TIMESTAMP_HEADER); the answer is success when it is 2xx and,
 * if JIESU_SMS_HTTP_SUCCESS_PATH is set, the JSON value there equals JIESU_SMS_HTTP_SUCCESS_VALUE.
 *
 * Refused for certain (retried later): the connection could not be opened, or the gateway answered with a
 * failure. Unknown (never resent): the request was written and no answer came (timeout, reset).
 */
import { createHmac } from 'node:crypto';
import type { HttpGatewayConfig } from './sms.config.js';
import { safeReason, type OutgoingSms, type SendResult, type SmsSender } from './sms.sender.js';

export const signBody = (secret: string, timestamp: string, body: string): string =>
  'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');

const jsonEscape = (v: string): string => JSON.stringify(v).slice(1, -1);

function at(value: unknown, path: string): unknown {
  let cur = value;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** Connection errors that prove the request never reached the gateway. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export class HttpSmsSender implements SmsSender {
  readonly name = 'http';
  constructor(
    private readonly cfg: HttpGatewayConfig,
    private readonly nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
  ) {}

  render(m: OutgoingSms): string {
    const json = this.cfg.contentType.includes('json');
    const form = this.cfg.contentType.includes('x-www-form-urlencoded');
    const esc = json ? jsonEscape : form ? encodeURIComponent : (v: string) => v;
    const vars: Record<string, string> = { to: m.to, text: m.text, ref: m.ref, sender: this.cfg.sender };
    return this.cfg.bodyTemplate.replace(/\{(to|text|ref|sender)\}/g, (_w, k: string) => esc(vars[k] ?? ''));
  }

  async send(m: OutgoingSms): Promise<SendResult> {
    const body = this.render(m);
    const headers: Record<string, string> = { 'content-type': this.cfg.contentType };
    if (this.cfg.secret) {
      const ts = String(this.nowSeconds());
      headers[this.cfg.timestampHeader] = ts;
      headers[this.cfg.signatureHeader] = signBody(this.cfg.secret, ts, body);
    }
    const url =
      this.cfg.method === 'GET'
        ? `${this.cfg.url}${this.cfg.url.includes('?') ? '&' : '?'}${body}`
        : this.cfg.url;
    let res: Response;
    try {
      res = await fetch(url, {
        method: this.cfg.method,
        headers,
        ...(this.cfg.method === 'GET' ? {} : { body }),
        signal: AbortSignal.timeout(this.cfg.timeoutMs),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause;
      if (cause?.code && NOT_SENT.has(cause.code))
        return { outcome: 'refused', retry: true, error: cause.code };
      return { outcome: 'unknown', error: safeReason(cause ?? err) };
    }
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      return { outcome: 'unknown', error: safeReason(err) };
    }
    if (!res.ok) {
      // 4xx other than throttling is the request's own fault: retrying will not help.
      const retry = res.status >= 500 || res.status === 429 || res.status === 408;
      return { outcome: 'refused', retry, error: `HTTP ${res.status}` };
    }
    let parsed: unknown = undefined;
    if (this.cfg.successPath || this.cfg.idPath) {
      try {
        parsed = JSON.parse(text);
      } catch {
        return { outcome: 'unknown', error: 'answer is not JSON' };
      }
    }
    if (this.cfg.successPath && String(at(parsed, this.cfg.successPath)) !== this.cfg.successValue)
      return {
        outcome: 'refused',
        retry: true,
        error: `gateway code ${String(at(parsed, this.cfg.successPath)).slice(0, 40)}`,
      };
    const id = this.cfg.idPath ? at(parsed, this.cfg.idPath) : undefined;
    return {
      outcome: 'accepted',
      messageId: typeof id === 'string' || typeof id === 'number' ? String(id) : m.ref,
    };
  }

  async close(): Promise<void> {}
}
