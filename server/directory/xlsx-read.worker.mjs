// Reads the first sheet of an xlsx off the server's event loop (server/directory/xlsx-read.ts starts it).
// Plain JavaScript: worker threads do not inherit tsx's or vitest's loader.
//
// Before exceljs sees the file, every entry is inflated here with a cap on the total output: the sizes in the ZIP
// directory were already checked, but a hostile file can declare 4 KB and inflate to gigabytes. exceljs then
// parses a file known to be small.
import { parentPort, workerData } from 'node:worker_threads';
import { inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';

/** @type {{ bytes: Uint8Array, entries: { name: string, method: number, compressedSize: number, localHeaderOffset: number }[], maxInflatedBytes: number }} */
const job = workerData;

/** Inflates every entry, stopping at the cap: throws 'too-large' or 'corrupt'. */
function checkInflation(buf) {
  let budget = job.maxInflatedBytes;
  for (const e of job.entries) {
    const at = e.localHeaderOffset;
    if (at + 30 > buf.length || buf.readUInt32LE(at) !== 0x04034b50) throw new Error('corrupt');
    const start = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
    const data = buf.subarray(start, start + e.compressedSize);
    let size;
    if (e.method === 0) size = data.length;
    else if (e.method === 8) {
      try {
        size = inflateRawSync(data, { maxOutputLength: budget + 1 }).length;
      } catch (err) {
        throw new Error(
          err instanceof RangeError || err?.code === 'ERR_BUFFER_TOO_LARGE' ? 'too-large' : 'corrupt',
        );
      }
    } else throw new Error('corrupt');
    budget -= size;
    if (budget < 0) throw new Error('too-large');
  }
}

try {
  const buf = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
  checkInflation(buf);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf);
  const ws = wb.worksheets[0];
  if (!ws) parentPort.postMessage({ ok: false, reason: 'no-sheet' });
  else {
    const rows = [];
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells = [];
      for (let c = 1; c <= row.cellCount; c++) cells.push(row.getCell(c).text ?? '');
      rows.push({ row: rowNumber, cells });
    });
    parentPort.postMessage({ ok: true, rows });
  }
} catch (err) {
  const reason =
    err instanceof Error && (err.message === 'too-large' || err.message === 'corrupt')
      ? err.message
      : 'unreadable';
  parentPort.postMessage({ ok: false, reason });
}
