/**
 * Files answered for download: always `Content-Disposition: attachment`, never cached; a
 * non-ASCII name (the Chinese bulletin titles) also travels as RFC 5987 `filename*`.
 */
import type { FastifyReply } from 'fastify';

export interface DownloadFile {
  body: Buffer | string;
  filename: string;
  contentType: string;
}

export function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return /^[\x20-\x7e]*$/.test(filename)
    ? `attachment; filename="${ascii}"`
    : `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export function sendDownload(reply: FastifyReply, file: DownloadFile): FastifyReply {
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', attachment(file.filename))
    .header('cache-control', 'no-store')
    .send(file.body);
}
