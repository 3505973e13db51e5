import { FormatError, ValueError } from '@weft/core';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { fixture, PENGUIN_COLUMNS } from '../test/fixtures.js';
import { loadCSV } from './csv.js';
import { fromParquet, loadParquet } from './parquet.js';

describe('Parquet', () => {
  it('reads a Snappy file with three row groups written by parquet-wasm (arrow-rs)', async () => {
    const csv = await loadCSV(fixture('penguins.csv'));
    const t = await loadParquet(fixture('penguins.parquet'));
    expect(t.columnNames()).toEqual([...PENGUIN_COLUMNS, 'date', 'adult']);
    expect(t.numRows()).toBe(12);
    expect(t.select(PENGUIN_COLUMNS).objects()).toEqual(csv.objects());
    // INT64 body masses come back as numbers, not bigints.
    expect(t.get('body_mass_g', 0)).toBe(3750);
    expect(t.get('date', 11)).toEqual(new Date('2007-11-19T00:00:00Z'));
    expect(t.get('adult', 3)).toBe(false);
  });

  it('reads only the columns asked for', async () => {
    const t = await loadParquet(fixture('penguins.parquet'), { columns: ['species', 'body_mass_g'] });
    expect(t.columnNames()).toEqual(['species', 'body_mass_g']);
    expect(t.get('species', 5)).toBe('Gentoo');
  });

  it('round-trips columns written by hyparquet-writer, including nulls and strings', async () => {
    const bytes = parquetWriteBuffer({
      columnData: [
        { name: 'x', data: [1.5, null, -2, 1e-7], type: 'DOUBLE' },
        { name: 'n', data: [1, 2, 3, 4], type: 'INT32' },
        { name: 'label', data: ['a', 'b', null, 'ü'], type: 'STRING' },
        { name: 'flag', data: [true, false, true, null], type: 'BOOLEAN' },
      ],
    });
    const t = await fromParquet(bytes);
    expect(t.objects()).toEqual([
      { x: 1.5, n: 1, label: 'a', flag: true },
      { x: null, n: 2, label: 'b', flag: false },
      { x: -2, n: 3, label: null, flag: true },
      { x: 1e-7, n: 4, label: 'ü', flag: null },
    ]);
  });

  it('refuses bytes that are not Parquet and unknown columns', async () => {
    await expect(fromParquet(new TextEncoder().encode('not parquet at all'))).rejects.toThrow(FormatError);
    await expect(loadParquet(fixture('penguins.arrow'))).rejects.toThrow(/could not be read as Parquet/);
    await expect(loadParquet(fixture('penguins.parquet'), { columns: ['mass'] })).rejects.toThrow(ValueError);
  });
});
