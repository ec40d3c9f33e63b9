/** The type of a file is judged by its first bytes, never by its name. */
import { describe, expect, it } from 'vitest';
import { sniffFileType } from './file-sniff.js';

const b = (hex: string, tail = '') =>
  Buffer.concat([Buffer.from(hex.replace(/\s/g, ''), 'hex'), Buffer.from(tail, 'latin1')]);

describe('sniffFileType', () => {
  it.each([
    ['JPEG', 'jpg', b('ffd8ffe1')],
    ['PNG', 'png', b('89504e470d0a1a0a')],
    ['WebP', 'webp', Buffer.from('RIFF\0\0\0\0WEBPVP8 ', 'latin1')],
    ['WAV', 'wav', Buffer.from('RIFF\0\0\0\0WAVEfmt ', 'latin1')],
    ['PDF', 'pdf', Buffer.from('%PDF-1.4')],
    ['AMR', 'amr', Buffer.from('#!AMR\n')],
    ['MP3 with ID3', 'mp3', Buffer.from('ID3\x04\0', 'latin1')],
    ['MP3 frame', 'mp3', b('fffb9064')],
    ['M4A', 'm4a', b('00000020', 'ftypM4A \0\0\0\0')],
    ['MP4', 'mp4', b('00000018', 'ftypisom\0\0\0\0')],
  ])('%s is accepted as .%s', (_name, ext, bytes) => {
    expect(sniffFileType(bytes)?.extension).toBe(ext);
  });

  it.each([
    ['HTML', Buffer.from('<!doctype html><script>')],
    ['SVG', Buffer.from('<svg onload=alert(1)>')],
    ['Windows executable', Buffer.from('MZ\x90\0', 'latin1')],
    ['ELF executable', b('7f454c46')],
    ['legacy OLE .doc', b('d0cf11e0a1b11ae1')],
    ['HEIC', b('00000018', 'ftypheic\0\0\0\0')],
    ['a ZIP that is not a document', b('504b0304', 'garbage')],
    ['two bytes', b('ffd8')],
    ['nothing', Buffer.alloc(0)],
  ])('%s is refused', (_name, bytes) => {
    expect(sniffFileType(bytes)).toBeNull();
  });
});
