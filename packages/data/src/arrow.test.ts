import { FormatError, ValueError } from '@weft/core';
import { describe, expect, it } from 'vitest';
import { fixture, PENGUIN_COLUMNS } from '../test/fixtures.js';
import { fromArrow, loadArrow, toArrowIPC } from './arrow.js';
import { loadCSV } from './csv.js';

describe('Arrow IPC', () => {
  it('reads files written by apache-arrow (file and stream formats) with types and nulls', async () => {
    const csv = await loadCSV(fixture('penguins.csv'));
    for (const name of ['penguins.arrow', 'penguins.arrows']) {
      const t = await loadArrow(fixture(name));
      expect(t.columnNames()).toEqual([...PENGUIN_COLUMNS, 'date', 'adult']);
      expect(t.select(PENGUIN_COLUMNS).objects()).toEqual(csv.objects());
      expect(t.get('date', 0)).toEqual(new Date('2007-11-11T00:00:00Z'));
      expect(t.array('adult')).toEqual([
        true,
        true,
        true,
        false,
        true,
        true,
        true,
        true,
        true,
        true,
        true,
        false,
      ]);
    }
  });

  it('round-trips a table through toArrowIPC and fromArrow, and selects columns', async () => {
    const t = await loadArrow(fixture('penguins.arrow'));
    for (const format of ['stream', 'file'] as const) {
      const back = fromArrow(toArrowIPC(t, { format }));
      expect(back.objects()).toEqual(t.objects());
    }
    expect(
      (await loadArrow(fixture('penguins.arrow'), { columns: ['sex', 'species'] })).columnNames(),
    ).toEqual(['sex', 'species']);
  });

  it('refuses bytes that are not Arrow and unknown columns', async () => {
    expect(() => fromArrow(new TextEncoder().encode('a,b\n1,2\n'))).toThrow(FormatError);
    await expect(loadArrow(fixture('penguins.parquet'))).rejects.toThrow(
      /could not be read as Apache Arrow IPC/,
    );
    await expect(loadArrow(fixture('penguins.arrow'), { columns: ['spcies'] })).rejects.toThrow(ValueError);
  });
});
