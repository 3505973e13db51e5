import { FormatError, ValueError } from '@weft/core';

/**
 * The safetensors format (https://github.com/huggingface/safetensors): an 8-byte little-endian
 * header length N, N bytes of JSON `{ name: { dtype, shape, data_offsets: [begin, end] },
 * "__metadata__": { string: string } }`, then the raw little-endian data. Written here directly:
 * the format is small, and the npm `safetensors` package is a placeholder.
 */
export type SafetensorsDType = 'float32' | 'int32';

export interface SafetensorsTensor {
  shape: number[];
  dtype: SafetensorsDType;
  data: Float32Array | Int32Array;
}

/** The largest header the reader accepts (the reference implementation's limit). */
export const MAX_HEADER_BYTES = 100_000_000;

const CODES: Record<SafetensorsDType, string> = { float32: 'F32', int32: 'I32' };
const DTYPES: Record<string, SafetensorsDType> = { F32: 'float32', I32: 'int32' };

/** Serializes tensors, in the order given, with the header padded to 8 bytes as the reference writer does. */
export function writeSafetensors(
  tensors: readonly ({ name: string } & SafetensorsTensor)[],
  metadata: Record<string, string> = {},
): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const t of tensors) {
    const size = t.shape.reduce((a, b) => a * b, 1);
    if (t.name in header || t.name === '__metadata__') {
      throw new ValueError({
        where: 'writeSafetensors',
        problem: `the name "${t.name}" is used twice or reserved`,
      });
    }
    if (
      !(t.dtype in CODES) ||
      size !== t.data.length ||
      !(t.data instanceof (t.dtype === 'float32' ? Float32Array : Int32Array))
    ) {
      throw new ValueError({
        where: 'writeSafetensors',
        problem: `tensor "${t.name}" does not match its shape or dtype`,
        expected: `${size} values in a ${t.dtype === 'int32' ? 'Int32Array' : 'Float32Array'}`,
        received: { dtype: t.dtype, shape: t.shape, data: t.data },
      });
    }
    header[t.name] = {
      dtype: CODES[t.dtype],
      shape: t.shape,
      data_offsets: [offset, offset + t.data.byteLength],
    };
    offset += t.data.byteLength;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerLength = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerLength + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, headerLength, true);
  view.setUint32(4, 0, true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength);
  let at = 8 + headerLength;
  for (const t of tensors) {
    out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), at);
    at += t.data.byteLength;
  }
  return out;
}

/**
 * Parses safetensors bytes. Everything is checked before data is copied: header size, JSON,
 * dtypes (F32 and I32 only), shapes, and that the tensors tile the data section exactly, in
 * any order, without gaps or overlaps. Any problem throws a {@link FormatError}.
 */
export function readSafetensors(bytes: Uint8Array): {
  tensors: Map<string, SafetensorsTensor>;
  metadata: Record<string, string>;
} {
  const fail = (problem: string, received?: Record<string, unknown>): never => {
    throw new FormatError({ where: 'readSafetensors', problem, received });
  };
  if (!(bytes instanceof Uint8Array)) fail('the input is not a Uint8Array', { bytes });
  if (bytes.length < 8) fail('the file is shorter than its 8-byte header length', { bytes: bytes.length });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const low = view.getUint32(0, true);
  const high = view.getUint32(4, true);
  if (high !== 0 || low > MAX_HEADER_BYTES)
    fail('the header length is too large', { headerLength: high * 2 ** 32 + low });
  if (low > bytes.length - 8)
    fail('the file is truncated inside its header', { headerLength: low, bytes: bytes.length });
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + low)));
  } catch (error) {
    fail(`the header is not valid UTF-8 JSON (${(error as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header))
    fail('the header is not a JSON object');
  const dataStart = 8 + low;
  const dataLength = bytes.length - dataStart;
  const metadata: Record<string, string> = {};
  const entries: { name: string; dtype: SafetensorsDType; shape: number[]; begin: number; end: number }[] =
    [];
  for (const [name, raw] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
        fail('__metadata__ is not an object');
      for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
        if (typeof value !== 'string') fail(`metadata "${key}" is not a string`, { value });
        metadata[key] = value as string;
      }
      continue;
    }
    const info = raw as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (typeof info !== 'object' || info === null) fail(`the entry for "${name}" is not an object`);
    const dtype = DTYPES[info.dtype as string];
    if (!dtype) fail(`tensor "${name}" has an unsupported dtype`, { dtype: info.dtype });
    const shape = info.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      fail(`tensor "${name}" has an invalid shape`, { shape });
    }
    const offsets = info.data_offsets;
    if (
      !Array.isArray(offsets) ||
      offsets.length !== 2 ||
      !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)
    ) {
      fail(`tensor "${name}" has invalid data_offsets`, { data_offsets: offsets });
    }
    const [begin, end] = offsets as [number, number];
    const expected = (shape as number[]).reduce((a, b) => a * b, 1) * 4;
    if (end < begin || end - begin !== expected) {
      fail(`tensor "${name}" has ${end - begin} bytes where its shape and dtype need ${expected}`, {
        shape,
        data_offsets: offsets,
      });
    }
    if (end > dataLength)
      fail(`tensor "${name}" runs past the end of the file (truncated?)`, { end, dataBytes: dataLength });
    entries.push({ name, dtype: dtype as SafetensorsDType, shape: shape as number[], begin, end });
  }
  let covered = 0;
  for (const e of [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end)) {
    if (e.begin !== covered)
      fail(`tensor "${e.name}" overlaps another or leaves a gap`, { begin: e.begin, expected: covered });
    covered = e.end;
  }
  if (covered !== dataLength)
    fail('the data section has bytes no tensor describes', { described: covered, dataBytes: dataLength });
  const tensors = new Map<string, SafetensorsTensor>();
  for (const e of entries) {
    // Copy into a fresh, aligned buffer: the data section need not be 4-byte aligned. (Not
    // `bytes.slice`: on a Node Buffer that is a view into Node's shared pool, not a copy.)
    const copy = Uint8Array.prototype.slice.call(bytes, dataStart + e.begin, dataStart + e.end).buffer;
    tensors.set(e.name, {
      shape: e.shape,
      dtype: e.dtype,
      data: e.dtype === 'float32' ? new Float32Array(copy) : new Int32Array(copy),
    });
  }
  return { tensors, metadata };
}
