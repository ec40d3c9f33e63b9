/**
 * Files from the API saved by the browser, with progress: the answer is read as a stream and counted against
 * Content-Length (unknown length: progress without a total, the caller shows a spinner). Errors arrive as the
 * server's error body and become an ApiError, like every other request.
 * (Another branch adds web/src/transfer.ts for the same job; the two are to be unified when merged.)
 */
import { ApiError, authHeader } from './api';

export interface DownloadProgress {
  received: number;
  /** Null when the server did not say how long the file is. */
  total: number | null;
}

export interface DownloadOptions {
  query?: Record<string, string | number | boolean | undefined | null>;
  onProgress?: (p: DownloadProgress) => void;
  signal?: AbortSignal;
  /** Used when the answer names no file. */
  fallbackName?: string;
}

/** Fetches `path` and hands it to the browser as a download; resolves with the name and size saved. */
export async function downloadFile(
  path: string,
  options: DownloadOptions = {},
): Promise<{ filename: string; bytes: number; blob: Blob }> {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(options.query ?? {})) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const url = params.size ? `${path}?${params.toString()}` : path;
  let res: Response;
  try {
    res = await fetch(url, { headers: authHeader(), credentials: 'same-origin', signal: options.signal });
  } catch {
    if (options.signal?.aborted) throw new ApiError(0, 'ABORTED', '下载已取消。');
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试。');
  }
  if (!res.ok) throw await errorOf(res);
  const length = Number(res.headers.get('content-length'));
  const total = Number.isFinite(length) && length > 0 ? length : null;
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let received = 0;
  options.onProgress?.({ received, total });
  const reader = res.body?.getReader();
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.byteLength;
      options.onProgress?.({ received, total });
    }
  } else {
    const buf = new Uint8Array(await res.arrayBuffer());
    chunks.push(buf);
    received = buf.byteLength;
    options.onProgress?.({ received, total });
  }
  const blob = new Blob(chunks, { type: res.headers.get('content-type') ?? 'application/octet-stream' });
  const filename = filenameOf(res.headers.get('content-disposition')) ?? options.fallbackName ?? 'download';
  save(blob, filename);
  return { filename, bytes: received, blob };
}

/** The name in Content-Disposition: the UTF-8 `filename*` (RFC 5987) first, else `filename`. */
export function filenameOf(disposition: string | null): string | null {
  if (!disposition) return null;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // Malformed encoding: fall back to the plain name.
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/i.exec(disposition);
  return (plain?.[1] ?? plain?.[2])?.trim() || null;
}

function save(blob: Blob, filename: string): void {
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The click has started the save; give the browser time to read the blob before releasing it.
  setTimeout(() => URL.revokeObjectURL(href), 30_000);
}

async function errorOf(res: Response): Promise<ApiError> {
  try {
    const body = (await res.json()) as { error?: { code: string; message: string; details?: unknown } };
    if (body.error)
      return new ApiError(res.status, body.error.code, body.error.message, [], body.error.details);
  } catch {
    // Not JSON: fall through to the generic text.
  }
  return new ApiError(res.status, `HTTP.${res.status}`, `服务器出错（${res.status}），请稍后再试。`);
}
