import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, DTypeError, FormatError, NotFoundError, ShapeError, ValueError } from '@weft/core';
import { describeBackends } from '@weft/testing';
import * as aq from 'arquero';
import { expect, it } from 'vitest';
import { fixture } from '../test/fixtures.js';
import { fromArrow, loadArrow } from './arrow.js';
import { batches } from './batches.js';
import { fromCSV, loadCSV } from './csv.js';
import { streamCSV } from './csv-stream.js';
import { fromJSON, loadJSON } from './json.js';
import { kFold } from './k-fold.js';
import { loadParquet } from './parquet.js';
import { applySchema } from './schema.js';
import { split } from './split.js';
import { toTensors } from './to-tensors.js';
import { trainTestSplit } from './train-test-split.js';

// One shared table: after every case it must be exactly as it was (nothing partially written).
const table = aq.table({
  a: [1, 2, 3, 4, 5, 6],
  b: [0.5, 1.5, 2.5, 3.5, 4.5, 5.5],
  kind: ['x', 'y', 'x', 'y', 'x', 'z'],
  target: [1, 0, Number.NaN, 1, 0, 1],
  missing: [1, null, 3, 4, 5, 6],
});
const snapshot = JSON.stringify(table.objects());

/** Drains an async iterable of batches, disposing each batch. */
async function drain(iterable: AsyncIterable<{ x: tf.Tensor; y?: tf.Tensor }>): Promise<void> {
  for await (const { x, y } of iterable) tf.dispose([x, y as tf.Tensor]);
}

type Case = [name: string, run: () => unknown, error: new (...args: never[]) => Error, message: RegExp];

const cases: Case[] = [
  // Loaders
  [
    'CSV: missing file',
    () => loadCSV(fixture('missing.csv')),
    NotFoundError,
    /no file exists at .*missing\.csv/,
  ],
  ['CSV: empty file', () => loadCSV(fixture('empty.csv')), ValueError, /empty\.csv is empty/],
  [
    'CSV: ragged rows',
    () => loadCSV(fixture('ragged.csv')),
    FormatError,
    /line 3 of .*ragged\.csv has 2 fields, but line 1 has 3/,
  ],
  ['CSV: a directory', () => loadCSV(fixture('')), ValueError, /is a directory/],
  [
    'CSV: unclosed quote',
    () => fromCSV('a,b\n1,"x\n'),
    FormatError,
    /record starting on line 2 .* never closes/,
  ],
  ['CSV: repeated column name', () => fromCSV('a,a\n1,2'), FormatError, /names column "a" twice/],
  [
    'CSV: delimiter of two characters',
    () => fromCSV('a;b', { delimiter: ';;' }),
    ConfigError,
    /single character/,
  ],
  [
    'CSV: wrong type for a declared column',
    () => loadCSV(fixture('penguins.csv'), { schema: { species: 'number' } }),
    DTypeError,
    /column "species" .* not a number at row 0/,
  ],
  [
    'CSV: schema names an unknown column',
    () => loadCSV(fixture('penguins.csv'), { schema: { spcies: 'string' } }),
    ValueError,
    /no column "spcies".*Did you mean "species"/,
  ],
  [
    'CSV: missing value under the error policy',
    () => loadCSV(fixture('penguins.csv'), { schema: { sex: 'category' } }),
    ValueError,
    /column "sex" has a missing value at row 3/,
  ],
  [
    'CSV: unknown missing-value policy',
    () => fromCSV('a\n1', { missing: 'zero' as 'drop' }),
    ConfigError,
    /missing-value policy is unknown/,
  ],
  [
    'CSV: unknown column type in the schema',
    () => fromCSV('a\n1', { schema: { a: 'float' as 'number' } }),
    ConfigError,
    /unknown type/,
  ],
  ['source: not readable', () => loadCSV(42 as never), ConfigError, /not something a loader can read/],
  ['JSON: malformed', () => fromJSON('[{"a": 1},'), FormatError, /not valid JSON/],
  ['JSON: missing file', () => loadJSON(fixture('missing.json')), NotFoundError, /no file exists/],
  [
    'JSON: columns of unequal length',
    () => fromJSON({ a: [1, 2], b: [1] }),
    FormatError,
    /column "b" .* has 1 values, but column "a" has 2/,
  ],
  [
    'JSON: a record that is not an object',
    () => fromJSON([{ a: 1 }, [2]]),
    FormatError,
    /row 1 .* is not an object/,
  ],
  [
    'JSON: bad NDJSON line',
    () => fromJSON('{"a":1}\n{oops}\n', { format: 'ndjson' }),
    FormatError,
    /line 2 .* not valid JSON/,
  ],
  [
    'Arrow: CSV bytes',
    () => fromArrow(readFileSync(fixture('penguins.csv'))),
    FormatError,
    /could not be read as Apache Arrow IPC/,
  ],
  ['Arrow: empty file', () => loadArrow(fixture('empty.csv')), FormatError, /Arrow/],
  [
    'Parquet: an Arrow file',
    () => loadParquet(fixture('penguins.arrow')),
    FormatError,
    /could not be read as Parquet/,
  ],
  [
    'Parquet: unknown column',
    () => loadParquet(fixture('penguins.parquet'), { columns: ['beak'] }),
    ValueError,
    /no column "beak"/,
  ],
  [
    'stream: ragged rows',
    () => drain(batches(streamCSV(fixture('ragged.csv')), { features: ['a'], batchSize: 1 })),
    FormatError,
    /line 3 .* has 2 fields/,
  ],
  [
    'stream: empty file',
    () => drain(batches(streamCSV(fixture('empty.csv')), { features: ['a'], batchSize: 1 })),
    ValueError,
    /is empty/,
  ],
  [
    'stream: text in a numeric column',
    () => drain(batches(streamCSV(fixture('penguins.csv')), { features: ['island'], batchSize: 4 })),
    DTypeError,
    /"island" holds text .* row 0 \(line 2\)/,
  ],
  [
    'stream: unknown column',
    () => drain(batches(streamCSV(fixture('penguins.csv')), { features: ['mass'], batchSize: 4 })),
    ValueError,
    /no column "mass"/,
  ],
  // Splits
  [
    'split: test fraction above 1',
    () => trainTestSplit(table, { test: 1.5, seed: 0 }),
    ConfigError,
    /neither a fraction nor a row count/,
  ],
  [
    'split: parts that do not sum to 1',
    () => split(table, { train: 0.5, validation: 0.2, test: 0.2, seed: 0 }),
    ConfigError,
    /do not add up/,
  ],
  ['split: no seed', () => trainTestSplit(table, { test: 0.5 } as never), ConfigError, /no usable seed/],
  [
    'split: stratify with a class of 1 row',
    () => trainTestSplit(table, { test: 0.5, seed: 0, stratify: 'kind' }),
    ValueError,
    /class with only 1 row/,
  ],
  [
    'split: stratify on an unknown column',
    () => trainTestSplit(table, { test: 0.5, seed: 0, stratify: 'knd' }),
    ValueError,
    /no column "knd".*Did you mean "kind"/,
  ],
  [
    'split: stratify on a column with a missing value',
    () => trainTestSplit(table, { test: 0.5, seed: 0, stratify: 'missing' }),
    ValueError,
    /missing value at row 1/,
  ],
  [
    'split: a part left empty',
    () => trainTestSplit(table, { test: 6, seed: 0 }),
    ConfigError,
    /train part would have no rows/,
  ],
  [
    'split: empty table',
    () =>
      split(
        table.filter(() => false),
        { validation: 0.1, test: 0.1, seed: 0 },
      ),
    ValueError,
    /no rows/,
  ],
  ['kFold: k = 1', () => kFold(table, { k: 1, seed: 0 }), ConfigError, /not a usable number of folds/],
  [
    'kFold: more folds than rows',
    () => kFold(table, { k: 7, seed: 0 }),
    ConfigError,
    /from 2 to the number of rows \(6\)/,
  ],
  // Tensors
  [
    'toTensors: unknown column',
    () => toTensors(table, { features: ['aa'] }),
    ValueError,
    /no column "aa".*Did you mean "a"/,
  ],
  [
    'toTensors: string column',
    () => toTensors(table, { features: ['kind'] }),
    DTypeError,
    /"kind" holds strings/,
  ],
  [
    'toTensors: NaN target',
    () => toTensors(table, { features: ['a', 'b'], target: 'target' }),
    ValueError,
    /target column "target" has a missing value at row 2/,
  ],
  [
    'toTensors: missing feature',
    () => toTensors(table, { features: ['missing'] }),
    ValueError,
    /feature column "missing" has a missing value at row 1/,
  ],
  [
    'toTensors: target is a feature',
    () => toTensors(table, { features: ['a', 'b'], target: 'a' }),
    ConfigError,
    /both a feature and the target/,
  ],
  [
    'toTensors: int32 with fractions',
    () => toTensors(table, { features: ['b'], dtype: 'int32' }),
    DTypeError,
    /not a 32-bit integer at row 0/,
  ],
  ['toTensors: no features', () => toTensors(table, { features: [] }), ConfigError, /no feature columns/],
  [
    'batches: batchSize 0',
    () => batches(table, { features: ['a'], batchSize: 0 }),
    ConfigError,
    /batchSize is not a positive integer/,
  ],
  [
    'batches: shuffle without seed',
    () => batches(table, { features: ['a'], batchSize: 2, shuffle: true }),
    ConfigError,
    /no seed/,
  ],
  [
    'batches: NaN target in a table',
    () => batches(table, { features: ['a'], target: 'target', batchSize: 2 }),
    ValueError,
    /missing value at row 2/,
  ],
  [
    'applySchema: value outside the categories',
    () => applySchema(table, { kind: { type: 'category', categories: ['x', 'y'] } }),
    ValueError,
    /outside its categories at row 5/,
  ],
];

await describeBackends('bad input', () => {
  for (const [name, run, error, message] of cases) {
    it(`${name} → ${error.name}`, async () => {
      const before = tf.memory().numTensors;
      const attempt = async () => run();
      await expect(attempt()).rejects.toThrow(error);
      await expect(attempt()).rejects.toThrow(message);
      // Nothing partially written: no tensor left behind, the input table unchanged.
      expect(tf.memory().numTensors).toBe(before);
      expect(JSON.stringify(table.objects())).toBe(snapshot);
    });
  }

  it('covers at least 30 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it('the batches case with a tensor source of mismatched rows', () => {
    const x = tf.zeros([4, 2]);
    const y = tf.zeros([3, 1]);
    expect(() => batches({ x, y }, { batchSize: 2 })).toThrow(ShapeError);
    tf.dispose([x, y]);
  });
});
