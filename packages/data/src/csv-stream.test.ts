import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, DTypeError, FormatError, ValueError } from '@weft/core';
import type * as aq from 'arquero';
import { describe, expect, it } from 'vitest';
import { fixture } from '../test/fixtures.js';
import { loadCSV } from './csv.js';
import { streamCSV } from './csv-stream.js';

const dir = mkdtempSync(join(tmpdir(), 'weft-data-stream-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

async function collect(stream: AsyncIterable<aq.ColumnTable>): Promise<aq.ColumnTable[]> {
  const out: aq.ColumnTable[] = [];
  for await (const t of stream) out.push(t);
  return out;
}

describe('streamCSV', () => {
  it('yields chunks of chunkRows rows that concatenate to the loaded table', async () => {
    for (const name of ['penguins.csv', 'penguins-bom-crlf.csv', 'penguins.tsv', 'quoted.csv']) {
      // Streams keep missing numbers as NaN (the 'keep' policy); loadCSV does the same when asked.
      const whole = await loadCSV(fixture(name), { missing: 'keep' });
      const chunks = await collect(streamCSV(fixture(name), { chunkRows: 5 }));
      expect(chunks.map((c) => c.numRows())).toEqual(name === 'quoted.csv' ? [4] : [5, 5, 2]);
      const joined = chunks.reduce((a, b) => a.concat(b));
      expect(joined.columnNames()).toEqual(whole.columnNames());
      expect(joined.objects()).toEqual(whole.objects());
    }
  });

  it('reads a large file in bounded chunks, identical to loadCSV', async () => {
    const lines = ['a,b,label'];
    for (let i = 0; i < 30000; i++) lines.push(`${i},${(i * 0.5).toFixed(1)},"x${i % 3}"`);
    const path = file('big.csv', `${lines.join('\n')}\n`);
    const chunks = await collect(streamCSV(path, { chunkRows: 7000 }));
    expect(chunks.map((c) => c.numRows())).toEqual([7000, 7000, 7000, 7000, 2000]);
    expect(chunks.reduce((a, b) => a.concat(b)).objects()).toEqual((await loadCSV(path)).objects());
  });

  it('types columns by the schema and the first chunk, with the missing policy', async () => {
    const [first] = await collect(
      streamCSV(fixture('penguins.csv'), {
        schema: { species: 'category' },
        missing: 'drop',
        chunkRows: 100,
      }),
    );
    expect(first?.numRows()).toBe(11);
    expect(first?.column('body_mass_g')).toBeInstanceOf(Float64Array);
    await expect(
      collect(streamCSV(fixture('penguins.csv'), { schema: { body_mass_g: 'integer' }, missing: 'error' })),
    ).rejects.toThrow(/column "bill_length_mm" has a missing value at row 3/);
    const path = file('late-text.csv', 'x\n1\n2\n3\nfour\n');
    await expect(collect(streamCSV(path, { chunkRows: 2 }))).rejects.toThrow(DTypeError);
    await expect(collect(streamCSV(path, { chunkRows: 2 }))).rejects.toThrow(
      /column "x" .* not an integer at row 3/,
    );
  });

  it('names the line of a ragged record, an unclosed quote, an empty file and a repeated header', async () => {
    await expect(collect(streamCSV(fixture('ragged.csv')))).rejects.toThrow(
      /line 3 of .*ragged\.csv has 2 fields, but line 1 has 3/,
    );
    await expect(collect(streamCSV(file('open.csv', 'a,b\n1,"x\n2,3\n')))).rejects.toThrow(
      /record starting on line 2 .* never closes/,
    );
    await expect(collect(streamCSV(fixture('empty.csv')))).rejects.toThrow(ValueError);
    await expect(collect(streamCSV(file('dup.csv', 'a,a\n1,2\n')))).rejects.toThrow(FormatError);
    expect(await collect(streamCSV(fixture('header-only.csv')))).toEqual([]);
  });

  it('refuses bad options at once', () => {
    expect(() => streamCSV('x.csv', { delimiter: '"' })).toThrow(ConfigError);
    expect(() => streamCSV('x.csv', { chunkRows: 0 })).toThrow(ConfigError);
    expect(() => streamCSV('x.csv', { missing: 'skip' as 'drop' })).toThrow(ConfigError);
  });
});
