/**
 * Long transfers with progress, for any page: downloads read through fetch's stream and measured against
 * Content-Length (indeterminate when the server sends none), uploads through XMLHttpRequest's upload events.
 * Failures become the same ApiError as every other request. No antd here.
 */
import { ApiError, authHeaders, failure } from './api';

/** Bytes moved so far; `total` is null when the size is unknown (show an indeterminate indicator). */
export interface Progress {
  loaded: number;
  total: number | null;
}

export interface Downloaded {
  blob: Blob;
  /** From Content-Disposition (filename* first), or the fallback. */
  filename: string;
}

/** The file name a Content-Disposition header gives, if any. */
export function filenameOf(disposition: string | null): string | null {
  if (!disposition) return null;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  if (star) {
    try {
      return decodeURIComponent(star.trim());
    } catch {
      // fall through to the plain name
    }
  }
  return /filename="([^"]*)"/i.exec(disposition)?.[1] ?? null;
}

const networkError = () => new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试。');

export interface DownloadOptions {
  fallbackName: string;
  /** Query parameters (empty values left out). */
  query?: Record<string, string | number | boolean | undefined | null>;
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
}

/** GETs a file, reporting progress as it arrives. */
export async function download(path: string, options: DownloadOptions): Promise<Downloaded> {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(options.query ?? {})) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const url = params.size ? `${path}${path.includes('?') ? '&' : '?'}${params.toString()}` : path;
  let res: Response;
  try {
    res = await fetch(url, { headers: authHeaders(), credentials: 'same-origin', signal: options.signal });
  } catch (e) {
    if (options.signal?.aborted) throw e;
    throw networkError();
  }
  if (!res.ok) {
    const text = await res.text().catch(() => '');
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    throw failure(res.status, json, path);
  }
  const length = Number(res.headers.get('content-length'));
  const total = Number.isFinite(length) && length > 0 ? length : null;
  const type = res.headers.get('content-type') ?? 'application/octet-stream';
  const filename = filenameOf(res.headers.get('content-disposition')) ?? options.fallbackName;
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let loaded = 0;
  options.onProgress?.({ loaded, total });
  if (res.body) {
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      loaded += value.byteLength;
      options.onProgress?.({ loaded, total });
    }
  } else {
    const buf = new Uint8Array(await res.arrayBuffer());
    chunks.push(buf);
    loaded = buf.byteLength;
    options.onProgress?.({ loaded, total });
  }
  return { blob: new Blob(chunks, { type }), filename };
}

/** Downloads with progress and saves the file; resolves with what was saved. */
export async function downloadAndSave(path: string, options: DownloadOptions): Promise<Downloaded> {
  const file = await download(path, options);
  saveFile(file);
  return file;
}

/** Hands a downloaded file to the browser as a saved file. */
export function saveFile({ blob, filename }: Downloaded): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoked later: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

interface UploadOptions {
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
}

/** POSTs a JSON body, reporting upload progress; resolves with the parsed JSON answer. */
export function uploadJson<T>(path: string, body: unknown, options: UploadOptions = {}): Promise<T> {
  return upload<T>(path, JSON.stringify(body), { 'Content-Type': 'application/json' }, options);
}

/**
 * POSTs a file as the raw body (`application/octet-stream`, its name percent-encoded in X-File-Name), reporting
 * Upload progress — the attachment upload.
 */
export function uploadFile<T>(
  path: string,
  file: Blob & { name: string },
  options: UploadOptions = {},
): Promise<T> {
  return upload<T>(
    path,
    file,
    { 'Content-Type': 'application/octet-stream', 'X-File-Name': encodeURIComponent(file.name) },
    options,
  );
}

function upload<T>(
  path: string,
  body: XMLHttpRequestBodyInit,
  headers: Record<string, string>,
  options: UploadOptions,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
    xhr.setRequestHeader('Accept', 'application/json');
    for (const [k, v] of Object.entries(authHeaders())) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) =>
      options.onProgress?.({ loaded: e.loaded, total: e.lengthComputable ? e.total : null });
    xhr.onerror = () => reject(networkError());
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    xhr.onload = () => {
      let json: unknown;
      try {
        json = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        json = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(json as T);
      else reject(failure(xhr.status, json, path));
    };
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(body);
  });
}

/** A file's bytes as base64 (for JSON bodies that carry a binary file, e.g. .xlsx). */
export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

/** Percent for a progress bar, or null when the total is unknown. */
export const percentOf = (p: Progress | null): number | null =>
  p && p.total ? Math.min(100, Math.round((p.loaded / p.total) * 100)) : null;
