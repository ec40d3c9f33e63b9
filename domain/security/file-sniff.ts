/**
 * What a file is, judged by its content (attachments are checked by magic bytes against an
 * allow-list, never by the name or the Content-Type the client sent). Only types a hotline needs: photos,
 * scanned documents, office documents and call/voice recordings. Anything else — HTML, SVG (scriptable),
 * executables, archives, legacy OLE .doc/.xls (macro carriers) — is refused.
 *
 * OOXML files (.docx/.xlsx) are ZIP archives; they are accepted only when the archive's own directory names
 * `[Content_Types].xml` and the part that makes it a document or a workbook, and no macro part (vbaProject.bin).
 */

export interface SniffedType {
  mediaType: string;
  extension: string;
}

export const ATTACHMENT_TYPES: readonly SniffedType[] = [
  { mediaType: 'image/jpeg', extension: 'jpg' },
  { mediaType: 'image/png', extension: 'png' },
  { mediaType: 'image/webp', extension: 'webp' },
  { mediaType: 'application/pdf', extension: 'pdf' },
  {
    mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extension: 'docx',
  },
  { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' },
  { mediaType: 'audio/amr', extension: 'amr' },
  { mediaType: 'audio/mpeg', extension: 'mp3' },
  { mediaType: 'audio/wav', extension: 'wav' },
  { mediaType: 'audio/mp4', extension: 'm4a' },
  { mediaType: 'video/mp4', extension: 'mp4' },
];

const byExt = (ext: string): SniffedType => {
  const t = ATTACHMENT_TYPES.find((x) => x.extension === ext);
  if (!t) throw new Error(`no attachment type ${ext}`);
  return t;
};

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0): boolean =>
  b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

/** The allowed type the content is, or null when it is none of them. */
export function sniffFileType(b: Uint8Array): SniffedType | null {
  if (startsWith(b, [0xff, 0xd8, 0xff])) return byExt('jpg');
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return byExt('png');
  if (startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8)) return byExt('webp');
  if (startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WAVE'), 8)) return byExt('wav');
  if (startsWith(b, ascii('%PDF-'))) return byExt('pdf');
  if (startsWith(b, ascii('#!AMR'))) return byExt('amr');
  if (
    startsWith(b, ascii('ID3')) ||
    (b.length > 2 && b[0] === 0xff && ((b[1] ?? 0) & 0xe0) === 0xe0 && ((b[1] ?? 0) & 0x06) !== 0)
  )
    return byExt('mp3');
  if (startsWith(b, ascii('ftyp'), 4)) {
    const brand = String.fromCharCode(...b.subarray(8, 12));
    if (brand === 'M4A ') return byExt('m4a');
    if (['isom', 'iso2', 'mp41', 'mp42', 'avc1', 'MSNV'].includes(brand)) return byExt('mp4');
    return null; // HEIC, QuickTime and the like: not on the list
  }
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04])) return sniffOoxml(b);
  return null;
}

/** Names of the entries in a ZIP archive's central directory (the authoritative list). */
export function zipEntryNames(b: Uint8Array): string[] | null {
  return zipEntries(b)?.map((e) => e.name) ?? null;
}

/** One entry of a ZIP archive's central directory, as the archive declares it (a hostile file may lie). */
export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated; anything else is refused by readers of this platform. */
  method: number;
  compressedSize: number;
  /** 0xffffffff means ZIP64: larger than any file this platform reads. */
  uncompressedSize: number;
  localHeaderOffset: number;
}

/** The entries of a ZIP archive's central directory, or null when there is none. */
export function zipEntries(b: Uint8Array): ZipEntry[] | null {
  // End of central directory: signature 50 4b 05 06, within the last 64 KiB + 22 bytes.
  const floor = Math.max(0, b.length - 0xffff - 22);
  let eocd = -1;
  for (let i = b.length - 22; i >= floor; i--) {
    if (b[i] === 0x50 && b[i + 1] === 0x4b && b[i + 2] === 0x05 && b[i + 3] === 0x06) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const count = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  const entries: ZipEntry[] = [];
  const decoder = new TextDecoder();
  for (let n = 0; n < count; n++) {
    if (at + 46 > b.length || view.getUint32(at, true) !== 0x02014b50) return null;
    const nameLen = view.getUint16(at + 28, true);
    const extraLen = view.getUint16(at + 30, true);
    const commentLen = view.getUint16(at + 32, true);
    if (at + 46 + nameLen > b.length) return null;
    entries.push({
      name: decoder.decode(b.subarray(at + 46, at + 46 + nameLen)),
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      uncompressedSize: view.getUint32(at + 24, true),
      localHeaderOffset: view.getUint32(at + 42, true),
    });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

function sniffOoxml(b: Uint8Array): SniffedType | null {
  const names = zipEntryNames(b);
  if (!names || !names.includes('[Content_Types].xml')) return null;
  if (names.some((n) => /vbaProject\.bin$/i.test(n))) return null; // macros
  if (names.includes('word/document.xml')) return byExt('docx');
  if (names.includes('xl/workbook.xml')) return byExt('xlsx');
  return null;
}
