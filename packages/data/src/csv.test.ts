import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FormatError, NotFoundError, ValueError } from '@weft/core';
import { describe, expect, it } from 'vitest';
import { fixture, PENGUIN_COLUMNS } from '../test/fixtures.js';
import { fromCSV, loadCSV } from './csv.js';
import { scanRecords } from './csv-records.js';

const dir = mkdtempSync(join(tmpdir(), 'weft-data-csv-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('fromCSV', () => {
  it('parses with arquero types: numbers, booleans, strings, empty fields as null', () => {
    const t = fromCSV('area,rooms,kind,garden\n50.5,2,flat,true\n120,,house,false\n');
    expect(t.columnNames()).toEqual(['area', 'rooms', 'kind', 'garden']);
    expect(t.objects()).toEqual([
      { area: 50.5, rooms: 2, kind: 'flat', garden: true },
      { area: 120, rooms: null, kind: 'house', garden: false },
    ]);
  });

  it('handles quotes with delimiters, escaped quotes and newlines inside, CRLF, and trailing blank lines', () => {
    const t = fromCSV('name,note\r\n"Smith, J","said ""hi""\nthen left"\r\nLee,ok\r\n\r\n\r\n');
    expect(t.numRows()).toBe(2);
    expect(t.get('name', 0)).toBe('Smith, J');
    expect(t.get('note', 0)).toBe('said "hi"\nthen left');
  });

  it('passes options through: delimiter, header-less names, skip and comment', () => {
    const t = fromCSV('# made by hand\nx\ty\n1\t2\n# a note\n3\t4', { delimiter: '\t', comment: '#' });
    expect(t.objects()).toEqual([
      { x: 1, y: 2 },
      { x: 3, y: 4 },
    ]);
    expect(fromCSV('junk line\n1,2', { skip: 1, header: false, names: ['a', 'b'] }).objects()).toEqual([
      { a: 1, b: 2 },
    ]);
  });

  it('names the line of a ragged row, counting lines inside quotes', () => {
    const error = (() => {
      try {
        fromCSV('a,b,c\n1,2,3\n"multi\nline",5,6\n7,8\n');
      } catch (e) {
        return e as FormatError;
      }
    })();
    expect(error).toBeInstanceOf(FormatError);
    expect(error?.message).toMatch(/line 5 of the CSV text has 2 fields, but line 1 has 3/);
    expect(() => fromCSV('a,b\n1,2,3')).toThrow(/line 2 .* has 3 fields/);
  });

  it('refuses empty text, an unclosed quote, repeated column names and a bad delimiter', () => {
    expect(() => fromCSV('')).toThrow(ValueError);
    expect(() => fromCSV('\n\n')).toThrow(/is empty/);
    expect(() => fromCSV('# only a comment', { comment: '#' })).toThrow(/is empty/);
    expect(() => fromCSV('a,b\n"open,2\n3,4')).toThrow(/record starting on line 2 .* never closes/);
    expect(() => fromCSV('a,b,a\n1,2,3')).toThrow(/names column "a" twice/);
    expect(() => fromCSV('a;b', { delimiter: ';;' })).toThrow(/single character/);
  });

  it('keeps a header-only file as a table with columns and no rows', () => {
    const t = fromCSV('a,b\n');
    expect(t.columnNames()).toEqual(['a', 'b']);
    expect(t.numRows()).toBe(0);
  });
});

describe('loadCSV', () => {
  it('reads a file by path and by file: URL', async () => {
    const path = file('ok.csv', 'x,y\n1,2\n3,4\n');
    expect((await loadCSV(path)).objects()).toEqual([
      { x: 1, y: 2 },
      { x: 3, y: 4 },
    ]);
    expect((await loadCSV(new URL(`file://${path}`))).numRows()).toBe(2);
  });

  it('reports a missing file, an empty file, a directory and a ragged file by path', async () => {
    await expect(loadCSV(join(dir, 'nope.csv'))).rejects.toThrow(NotFoundError);
    await expect(loadCSV(join(dir, 'nope.csv'))).rejects.toThrow(/no file exists at .*nope\.csv/);
    await expect(loadCSV(file('empty.csv', ''))).rejects.toThrow(/empty\.csv is empty/);
    await expect(loadCSV(dir)).rejects.toThrow(/is a directory/);
    await expect(loadCSV(file('ragged.csv', 'a,b\n1,2\n3\n'))).rejects.toThrow(
      /line 3 of .*ragged\.csv has 1 field, but/,
    );
  });
});

describe('scanRecords', () => {
  it('splits records and fields like RFC 4180', () => {
    const seen: [string[], number][] = [];
    scanRecords('a,"b,c"\r\n"x""y",\n\n"p\nq"\rz', ',', (fields, line) => seen.push([fields, line]));
    expect(seen).toEqual([
      [['a', 'b,c'], 1],
      [['x"y', ''], 2],
      [[''], 3],
      [['p\nq'], 4],
      [['z'], 6],
    ]);
  });
});

describe('loadCSV on fixture files', () => {
  const penguins = () => loadCSV(fixture('penguins.csv'));

  it('reads a BOM + CRLF file exactly like the plain one', async () => {
    const plain = await penguins();
    const bom = await loadCSV(fixture('penguins-bom-crlf.csv'));
    expect(bom.columnNames()[0]).toBe('species');
    expect(bom.objects()).toEqual(plain.objects());
  });

  it('reads a .tsv with tab delimiters by default, and a header-less ;-file with a decimal comma', async () => {
    const plain = await penguins();
    expect((await loadCSV(fixture('penguins.tsv'))).objects()).toEqual(plain.objects());
    const semi = await loadCSV(fixture('penguins-semicolon-noheader.csv'), {
      delimiter: ';',
      decimal: ',',
      header: false,
      names: PENGUIN_COLUMNS,
    });
    expect(semi.objects()).toEqual(plain.objects());
  });

  it('keeps quoted delimiters, doubled quotes, embedded newlines and tabs', async () => {
    const t = await loadCSV(fixture('quoted.csv'));
    expect(t.objects()).toEqual([
      { id: 1, name: 'Smith, John', note: 'said "hello"' },
      { id: 2, name: 'Lee', note: 'first line\nsecond line' },
      { id: 3, name: "O'Brien", note: null },
      { id: 4, name: 'tab\there', note: 'ends with a quote "' },
    ]);
  });

  it('types declared columns by the schema and applies the missing policy', async () => {
    const schema = { species: 'category', body_mass_g: 'integer', sex: 'string' } as const;
    await expect(loadCSV(fixture('penguins.csv'), { schema })).rejects.toThrow(
      /column "body_mass_g" has a missing value at row 3/,
    );
    const dropped = await loadCSV(fixture('penguins.csv'), { schema, missing: 'drop' });
    expect(dropped.numRows()).toBe(11);
    const kept = await loadCSV(fixture('penguins.csv'), { schema, missing: 'keep' });
    expect(kept.get('body_mass_g', 3)).toBeNaN();
    expect(kept.get('sex', 3)).toBeNull();
    // Without a schema, the policy covers every column.
    expect((await loadCSV(fixture('penguins.csv'), { missing: 'drop' })).numRows()).toBe(11);
  });

  it('reads a File and a Node stream', async () => {
    const { readFile } = await import('node:fs/promises');
    const { createReadStream } = await import('node:fs');
    const bytes = await readFile(fixture('quoted.csv'));
    expect((await loadCSV(new File([bytes], 'quoted.csv'))).numRows()).toBe(4);
    expect((await loadCSV(createReadStream(fixture('quoted.csv'), { highWaterMark: 5 }))).numRows()).toBe(4);
  });
});
