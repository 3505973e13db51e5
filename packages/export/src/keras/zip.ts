import { inflateSync, zipSync } from 'fflate';
import { formatFail } from '../errors.js';
import type { Files } from '../files.js';

/**
 * Zip archives, as Keras writes `.keras` files (Python's zipfile, entries stored). Writing uses
 * fflate. Reading is done here so every field is checked before any byte is inflated: the
 * central directory must be consistent, only stored and deflated entries are accepted, every
 * entry must inflate to exactly its declared size (bounded by `maxBytes`: no zip bombs) and
 * match its CRC-32, so corrupted bytes are caught here rather than deep inside a decoder.
 */
export function zipFiles(files: Files, mtime: Date): Uint8Array {
  return zipSync(
    Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, [bytes, { level: 0, mtime }]])),
  );
}

const WHERE = 'readZip';
const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export function unzipFiles(bytes: Uint8Array, options: { maxBytes: number; maxEntries: number }): Files {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (at: number) =>
    at + 4 <= bytes.length ? view.getUint32(at, true) : formatFail(WHERE, 'the zip archive is truncated');
  const u16 = (at: number) =>
    at + 2 <= bytes.length ? view.getUint16(at, true) : formatFail(WHERE, 'the zip archive is truncated');
  // The end-of-central-directory record is in the last 22 + 65535 bytes.
  let eocd = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) === EOCD) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0)
    formatFail(WHERE, 'the file is not a zip archive (no end of central directory)', { bytes: bytes.length });
  const count = u16(eocd + 10);
  const cdSize = u32(eocd + 12);
  const cdStart = u32(eocd + 16);
  if (count === 0xffff || cdStart === 0xffffffff) formatFail(WHERE, 'zip64 archives are not supported');
  if (count > options.maxEntries)
    formatFail(WHERE, 'the zip archive has too many entries', { entries: count });
  if (cdStart + cdSize > eocd)
    formatFail(WHERE, 'the zip central directory is out of bounds', { cdStart, cdSize });
  const files: Files = {};
  let total = 0;
  let at = cdStart;
  for (let i = 0; i < count; i++) {
    if (u32(at) !== CENTRAL) formatFail(WHERE, 'a zip central directory entry is corrupted', { entry: i });
    const flags = u16(at + 8);
    const method = u16(at + 10);
    const crc = u32(at + 16);
    const size = u32(at + 20);
    const originalSize = u32(at + 24);
    const nameLength = u16(at + 28);
    const skip = nameLength + u16(at + 30) + u16(at + 32);
    const local = u32(at + 42);
    if (at + 46 + nameLength > bytes.length) formatFail(WHERE, 'the zip archive is truncated');
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    at += 46 + skip;
    if (flags & 1) formatFail(WHERE, `zip entry "${name}" is encrypted`);
    if (method !== 0 && method !== 8)
      formatFail(WHERE, `zip entry "${name}" uses an unsupported compression method`, { method });
    total += originalSize;
    if (originalSize > options.maxBytes || total > options.maxBytes)
      formatFail(WHERE, `zip entry "${name}" is larger than this reader accepts`, {
        bytes: originalSize,
        limit: options.maxBytes,
      });
    if (name in files) formatFail(WHERE, `zip entry "${name}" appears twice`);
    if (u32(local) !== LOCAL) formatFail(WHERE, `zip entry "${name}" has a corrupted local header`);
    const dataStart = local + 30 + u16(local + 26) + u16(local + 28);
    if (dataStart + size > bytes.length)
      formatFail(WHERE, `zip entry "${name}" runs past the end of the file (truncated?)`);
    const raw = bytes.subarray(dataStart, dataStart + size);
    let data: Uint8Array;
    if (method === 0) {
      if (size !== originalSize) formatFail(WHERE, `stored zip entry "${name}" has inconsistent sizes`);
      data = raw.slice();
    } else {
      try {
        data = inflateSync(raw, { out: new Uint8Array(originalSize) });
      } catch (error) {
        return formatFail(WHERE, `zip entry "${name}" cannot be inflated`, undefined, {}, error);
      }
      if (data.length !== originalSize) formatFail(WHERE, `zip entry "${name}" inflates to the wrong size`);
    }
    if (crc32(data) !== crc)
      formatFail(WHERE, `zip entry "${name}" fails its CRC-32 check (the file is corrupted)`);
    files[name] = data;
  }
  return files;
}

let table: Uint32Array | null = null;

export function crc32(data: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = (table[(c ^ (data[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
