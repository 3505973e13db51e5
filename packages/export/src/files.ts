import { formatFail } from './errors.js';

/** A saved artifact in memory: file names (relative, `/`-separated) → bytes. */
export type Files = Record<string, Uint8Array>;

/** The largest JSON file a reader parses (configs, manifests): far above any real config. */
export const MAX_JSON_BYTES = 64 * 1024 * 1024;

/** The largest model a reader accepts, in bytes of weights (2 GiB, protobuf's own limit for ONNX). */
export const MAX_WEIGHT_BYTES = 2 ** 31 - 1;

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Pretty JSON with a trailing newline, as bytes. */
export function jsonBytes(value: unknown): Uint8Array {
  return utf8(`${JSON.stringify(value, null, 2)}\n`);
}

/** Parses a JSON file strictly (valid UTF-8, size-limited); any problem is a FormatError. */
export function parseJsonFile(where: string, name: string, bytes: Uint8Array | undefined): unknown {
  if (!(bytes instanceof Uint8Array))
    formatFail(where, `${name} is missing`, undefined, { fix: 'Export the model again' });
  if (bytes.length > MAX_JSON_BYTES) formatFail(where, `${name} is too large`, { bytes: bytes.length });
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    return formatFail(where, `${name} is not valid UTF-8 JSON`, undefined, {}, error);
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Product of a shape's sizes. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** A shape read from a file: a list of non-negative safe integers with a bounded product. */
export function checkShape(where: string, what: string, shape: unknown): number[] {
  if (
    !Array.isArray(shape) ||
    shape.length > 8 ||
    !shape.every((d) => Number.isSafeInteger(d) && d >= 0) ||
    sizeOf(shape as number[]) * 4 > MAX_WEIGHT_BYTES
  ) {
    formatFail(where, `${what} has an invalid shape`, { shape });
  }
  return [...(shape as number[])];
}
