import { ConfigError, FormatError, ValueError } from '@weft/core';
import { describe, expect, it } from 'vitest';
import { fixture, PENGUIN_COLUMNS } from '../test/fixtures.js';
import { loadCSV } from './csv.js';
import { fromJSON, loadJSON } from './json.js';

describe('loadJSON', () => {
  it('reads records, columns and NDJSON files into the same table as the CSV', async () => {
    const csv = await loadCSV(fixture('penguins.csv'));
    for (const name of ['penguins.records.json', 'penguins.columns.json', 'penguins.ndjson']) {
      const t = await loadJSON(fixture(name));
      expect(t.columnNames()).toEqual(PENGUIN_COLUMNS);
      expect(t.objects()).toEqual(csv.objects());
    }
  });

  it('detects NDJSON from text, and takes records with missing keys (null there, keys in first-seen order)', () => {
    expect(fromJSON('{"a":1}\n{"a":2,"b":"x"}\n').objects()).toEqual([
      { a: 1, b: null },
      { a: 2, b: 'x' },
    ]);
    expect(fromJSON([{ b: 1 }, { a: 2 }]).columnNames()).toEqual(['b', 'a']);
    expect(fromJSON({ x: [1, 2], y: ['p', 'q'] }).numRows()).toBe(2);
  });

  it('applies a schema and a missing-value policy', async () => {
    const t = await loadJSON(fixture('penguins.ndjson'), {
      schema: {
        species: { type: 'category', categories: ['Adelie', 'Gentoo', 'Chinstrap'] },
        body_mass_g: 'integer',
      },
      missing: 'drop',
    });
    expect(t.numRows()).toBe(11);
    expect(t.column('body_mass_g')).toBeInstanceOf(Float64Array);
  });

  it('refuses malformed JSON, a bad NDJSON line, non-object records, unequal columns and empty input', () => {
    expect(() => fromJSON('[{"a":1},')).toThrow(FormatError);
    expect(() => fromJSON('{"a":1}\n{"a":\n', { format: 'ndjson' })).toThrow(
      /line 2 of the JSON input is not valid JSON/,
    );
    expect(() => fromJSON([{ a: 1 }, 5])).toThrow(/row 1 of the JSON input is not an object/);
    expect(() => fromJSON({ a: [1, 2], b: [1] })).toThrow(/column "b" .* has 1 values, but column "a" has 2/);
    expect(() => fromJSON({ a: 3 })).toThrow(/column "a" .* is not an array/);
    expect(() => fromJSON('  ')).toThrow(ValueError);
    expect(() => fromJSON([])).toThrow(/holds no rows/);
    expect(() => fromJSON([{ a: 1 }], { format: 'csv' as 'records' })).toThrow(ConfigError);
  });
});
