import { FormatError } from '@weft/core';

/** An unsigned-byte IDX array (the MNIST file format): its shape and its values, row-major. */
export interface IDXArray {
  shape: number[];
  data: Uint8Array;
}

/**
 * Parses IDX bytes: a 4-byte magic number (0, 0, type, rank), `rank` big-endian uint32 sizes,
 * then the values. Only type 0x08 (unsigned byte) is used by the shipped sets.
 */
export function parseIDX(bytes: Uint8Array, where: string): IDXArray {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const rank = bytes[3] ?? 0;
  const fail = (problem: string): never => {
    throw new FormatError({
      where,
      problem,
      expected: 'an unsigned-byte IDX file',
      fix: 'Reinstall @weft/datasets',
    });
  };
  if (bytes.length < 4 + 4 * rank || bytes[0] !== 0 || bytes[1] !== 0 || bytes[2] !== 0x08 || rank === 0) {
    fail('a shipped image file has no valid IDX header');
  }
  const shape = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i));
  const size = shape.reduce((a, b) => a * b, 1);
  const start = 4 + 4 * rank;
  if (bytes.length - start !== size)
    fail(`a shipped image file holds ${bytes.length - start} values, its header says ${size}`);
  return { shape, data: bytes.subarray(start) };
}
