import { FormatError } from '@weft/core';
import { describe, expect, it } from 'vitest';
import { readSafetensors, writeSafetensors } from './safetensors.js';

/** Builds a file by hand: 8-byte length, header text as given (no padding), then data bytes. */
function handMade(header: string, data: Uint8Array = new Uint8Array(0), declaredLength?: number): Uint8Array {
  const json = new TextEncoder().encode(header);
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setUint32(0, declaredLength ?? json.length, true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

const int32Bytes = (values: number[]) => new Uint8Array(Int32Array.from(values).buffer);

describe('safetensors', () => {
  it('round-trips float32 and int32 tensors with metadata', () => {
    const bytes = writeSafetensors(
      [
        { name: 'a/kernel', shape: [2, 3], dtype: 'float32', data: Float32Array.from([1, 2, 3, 4, 5, -6.5]) },
        { name: 'a/bias', shape: [3], dtype: 'int32', data: Int32Array.from([7, -8, 9]) },
        { name: 'empty', shape: [0, 4], dtype: 'float32', data: new Float32Array(0) },
        { name: 'scalar', shape: [], dtype: 'float32', data: Float32Array.from([Math.PI]) },
      ],
      { format: 'weft' },
    );
    const headerLength = new DataView(bytes.buffer).getUint32(0, true);
    expect(headerLength % 8).toBe(0);
    const { tensors, metadata } = readSafetensors(bytes);
    expect(metadata).toEqual({ format: 'weft' });
    expect([...tensors.keys()]).toEqual(['a/kernel', 'a/bias', 'empty', 'scalar']);
    expect(tensors.get('a/kernel')).toEqual({
      shape: [2, 3],
      dtype: 'float32',
      data: Float32Array.from([1, 2, 3, 4, 5, -6.5]),
    });
    expect(tensors.get('a/bias')?.data).toEqual(Int32Array.from([7, -8, 9]));
    expect(tensors.get('empty')?.shape).toEqual([0, 4]);
    expect(tensors.get('scalar')?.data[0]).toBe(Math.fround(Math.PI));
  });

  it('reads a file laid out as the reference library writes it, with unaligned data and any tensor order', () => {
    const header =
      '{"test":{"dtype":"I32","shape":[2,2],"data_offsets":[16,32]},"first":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},' +
      '"padding":{"dtype":"F32","shape":[2],"data_offsets":[8,16]},"__metadata__":{"foo":"bar"}}';
    const data = new Uint8Array([
      ...new Uint8Array(Float32Array.from([0.5, 1.5]).buffer),
      ...new Uint8Array(Float32Array.from([2, 3]).buffer),
      ...int32Bytes([1, 2, 3, 4]),
    ]);
    const { tensors, metadata } = readSafetensors(handMade(header, data));
    expect(metadata).toEqual({ foo: 'bar' });
    expect(tensors.get('test')).toEqual({
      shape: [2, 2],
      dtype: 'int32',
      data: Int32Array.from([1, 2, 3, 4]),
    });
    expect(tensors.get('first')?.data).toEqual(Float32Array.from([0.5, 1.5]));
  });

  const bad: [string, () => Uint8Array, RegExp][] = [
    ['shorter than 8 bytes', () => new Uint8Array(5), /shorter than its 8-byte/],
    [
      'a header length past the end',
      () => handMade('{}', new Uint8Array(0), 1000),
      /truncated inside its header/,
    ],
    ['a header length over the limit', () => handMade('{}', new Uint8Array(0), 200_000_000), /too large/],
    ['a header that is not JSON', () => handMade('{"a":'), /not valid UTF-8 JSON/],
    ['a header that is not an object', () => handMade('[1,2]'), /not a JSON object/],
    [
      'an unsupported dtype',
      () => handMade('{"a":{"dtype":"F16","shape":[1],"data_offsets":[0,2]}}', new Uint8Array(2)),
      /unsupported dtype/,
    ],
    [
      'a negative shape',
      () => handMade('{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}', new Uint8Array(4)),
      /invalid shape/,
    ],
    [
      'a size that disagrees with the shape',
      () => handMade('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}', new Uint8Array(4)),
      /where its shape and dtype need 8/,
    ],
    [
      'data truncated',
      () => handMade('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}', new Uint8Array(4)),
      /runs past the end/,
    ],
    [
      'trailing bytes no tensor describes',
      () => handMade('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', new Uint8Array(8)),
      /bytes no tensor describes/,
    ],
    [
      'overlapping tensors',
      () =>
        handMade(
          '{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}',
          new Uint8Array(12),
        ),
      /overlaps another/,
    ],
    ['metadata values that are not strings', () => handMade('{"__metadata__":{"n":1}}'), /not a string/],
    [
      'invalid UTF-8 in the header',
      () => handMade('{"__metadata__":{"\u00e9":"x"}}').map((b, i) => (i === 26 ? 0xff : b)),
      /not valid UTF-8/,
    ],
  ];
  for (const [what, bytes, message] of bad) {
    it(`rejects ${what} with FormatError`, () => {
      expect(() => readSafetensors(bytes())).toThrow(FormatError);
      expect(() => readSafetensors(bytes())).toThrow(message);
    });
  }

  it('reads a Node Buffer (whose slice is a view into a shared pool, not a copy)', () => {
    const bytes = writeSafetensors([
      { name: 'w', shape: [2, 2], dtype: 'float32', data: Float32Array.from([1, 2, 3, 4]) },
    ]);
    // As `readFile` returns it: a Buffer at an offset inside a larger pooled ArrayBuffer.
    const pool = Buffer.alloc(bytes.length + 64);
    const buffer = pool.subarray(32, 32 + bytes.length);
    buffer.set(bytes);
    const { tensors } = readSafetensors(buffer);
    expect(tensors.get('w')?.data).toEqual(Float32Array.from([1, 2, 3, 4]));
  });

  it('rejects every truncation of a valid file', () => {
    const bytes = writeSafetensors([
      { name: 'w', shape: [3], dtype: 'float32', data: Float32Array.from([1, 2, 3]) },
    ]);
    for (let n = 0; n < bytes.length; n++)
      expect(() => readSafetensors(bytes.subarray(0, n))).toThrow(FormatError);
  });

  it('refuses to write data that does not match its shape', () => {
    expect(() =>
      writeSafetensors([{ name: 'w', shape: [2], dtype: 'float32', data: Float32Array.from([1]) }]),
    ).toThrow(/does not match/);
    expect(() =>
      writeSafetensors([{ name: 'w', shape: [1], dtype: 'int32', data: Float32Array.from([1]) }]),
    ).toThrow(/does not match/);
  });
});
