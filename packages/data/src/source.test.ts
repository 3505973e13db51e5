import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { ConfigError, NotFoundError, ValueError } from '@weft/core';
import { describe, expect, it } from 'vitest';
import { fixture } from '../test/fixtures.js';
import { readBytes, readText } from './source.js';

describe('readBytes / readText', () => {
  it('reads the same bytes from a path, a file: URL, a Blob, a File, bytes, a web stream and a Node stream', async () => {
    const path = fixture('penguins.csv');
    const expected = new Uint8Array(await readFile(path));
    const sources = [
      path,
      pathToFileURL(path),
      pathToFileURL(path).href,
      new Blob([expected]),
      new File([expected], 'penguins.csv'),
      expected,
      expected.buffer.slice(expected.byteOffset, expected.byteOffset + expected.byteLength),
      new Blob([expected]).stream(),
      createReadStream(path, { highWaterMark: 7 }),
    ];
    for (const source of sources) expect(await readBytes(source, 'test')).toEqual(expected);
  });

  it('decodes UTF-8 split across chunks and drops a byte-order mark', async () => {
    const bytes = new TextEncoder().encode('\uFEFFcafé,ñ\n');
    async function* oneByteAtATime() {
      for (const b of bytes) yield new Uint8Array([b]);
    }
    expect(await readText(oneByteAtATime(), 'test')).toBe('café,ñ\n');
  });

  it('names a missing file, a directory and an unreadable source', async () => {
    await expect(readBytes(fixture('nope.csv'), 'loadX')).rejects.toThrow(NotFoundError);
    await expect(readBytes(fixture('nope.csv'), 'loadX')).rejects.toThrow(
      /loadX: no file exists at .*nope\.csv/,
    );
    await expect(readBytes(fixture(''), 'loadX')).rejects.toThrow(ValueError);
    await expect(readBytes(42 as never, 'loadX')).rejects.toThrow(ConfigError);
  });
});
