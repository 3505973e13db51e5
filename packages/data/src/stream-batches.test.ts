import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, DTypeError, ValueError } from '@weft/core';
import { checkProperty, describeBackends, fc } from '@weft/testing';
import { describe, expect, it } from 'vitest';
import { type Batch, batches } from './batches.js';
import { loadCSV } from './csv.js';
import { streamCSV } from './csv-stream.js';
import { fastNumber } from './stream-batches.js';

const dir = mkdtempSync(join(tmpdir(), 'weft-data-stream-batches-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
// 10,000 rows: id, a = id / 4, b = -id, y = id % 7.
const rowsFile = file(
  'rows.csv',
  `id,a,b,y\n${Array.from({ length: 10000 }, (_, i) => `${i},${i / 4},${-i},${i % 7}`).join('\n')}\n`,
);

async function collect(
  iterable: AsyncIterable<Batch<tf.Tensor>>,
): Promise<{ x: number[]; y: number[]; sizes: number[] }> {
  const out = { x: [] as number[], y: [] as number[], sizes: [] as number[] };
  for await (const { x, y } of iterable) {
    out.sizes.push(x.shape[0] as number);
    out.x.push(...(await x.data()));
    if (y) out.y.push(...(await y.data()));
    tf.dispose([x, y as tf.Tensor]);
  }
  return out;
}

await describeBackends('batches from streamed CSV', () => {
  it('yields the same batches as batches() on the loaded table', async () => {
    const options = { features: ['id', 'a', 'b'], target: 'y', batchSize: 300 };
    const streamed = await collect(batches(streamCSV(rowsFile), options));
    const loaded = await collect(batches(await loadCSV(rowsFile), options));
    expect(streamed.sizes).toEqual([...new Array(33).fill(300), 100]);
    expect(streamed).toEqual(loaded);
    // Also through the generic path: an async iterable of tables (the stream's own chunks).
    const chunks = streamCSV(rowsFile, { chunkRows: 777 });
    const viaTables = await collect(
      batches({ [Symbol.asyncIterator]: () => chunks[Symbol.asyncIterator]() }, options),
    );
    expect(viaTables).toEqual(loaded);
  });

  it('shuffles with a seed inside a bounded window, losing and repeating no row', async () => {
    const options = {
      features: ['id'],
      target: 'y',
      batchSize: 256,
      shuffle: true,
      seed: 3,
      shuffleBuffer: 500,
      dropLast: false,
    };
    const a = await collect(batches(streamCSV(rowsFile), options));
    const b = await collect(batches(streamCSV(rowsFile), options));
    const c = await collect(batches(streamCSV(rowsFile), { ...options, seed: 4 }));
    expect(a).toEqual(b);
    expect(a.x).not.toEqual(c.x);
    expect([...a.x].sort((p, q) => p - q)).toEqual(Array.from({ length: 10000 }, (_, i) => i));
    expect(a.x).not.toEqual(Array.from({ length: 10000 }, (_, i) => i));
    // y travels with its row.
    expect(a.y).toEqual(a.x.map((id) => id % 7));
    // A row leaves the pool at most `shuffleBuffer` places before it arrives.
    expect(a.x.every((id, k) => id <= k + 500)).toBe(true);
  });

  it('drops the short last batch on request, and stopping early leaks nothing', async () => {
    const dropped = await collect(
      batches(streamCSV(rowsFile), { features: ['a'], batchSize: 3000, dropLast: true }),
    );
    expect(dropped.sizes).toEqual([3000, 3000, 3000]);
    for await (const { x, y } of batches(streamCSV(rowsFile), {
      features: ['a'],
      target: 'y',
      batchSize: 10,
    })) {
      tf.dispose([x, y as tf.Tensor]);
      break;
    }
  });

  it('names row and line for text, a missing target or an infinite value; allowMissing keeps NaN features', async () => {
    const bad = file('bad.csv', 'a,y\n1,0\n2,1\nthree,0\n');
    const missing = file('missing.csv', 'a,y\n1,0\n,1\n3,\n');
    const drain = (it: AsyncIterable<Batch<tf.Tensor>>) => collect(it);
    await expect(
      drain(batches(streamCSV(bad), { features: ['a'], target: 'y', batchSize: 1 })),
    ).rejects.toThrow(DTypeError);
    await expect(
      drain(batches(streamCSV(bad), { features: ['a'], target: 'y', batchSize: 1 })),
    ).rejects.toThrow(/feature column "a" holds text that is not a number at row 2 \(line 4\)/);
    await expect(
      drain(batches(streamCSV(missing), { features: ['a'], target: 'y', batchSize: 2 })),
    ).rejects.toThrow(/feature column "a" has a missing value at row 1 \(line 3\)/);
    await expect(
      drain(batches(streamCSV(missing), { features: ['a'], target: 'y', batchSize: 2, allowMissing: true })),
    ).rejects.toThrow(/target column "y" has a missing value at row 2/);
    const kept = await drain(
      batches(streamCSV(missing), { features: ['a'], batchSize: 5, allowMissing: true }),
    );
    expect(kept.x).toEqual([1, Number.NaN, 3]);
    await expect(
      drain(batches(streamCSV(file('inf.csv', 'a\n1\nInfinity\n')), { features: ['a'], batchSize: 1 })),
    ).rejects.toThrow(ValueError);
    await expect(drain(batches(streamCSV(rowsFile), { features: ['ids'], batchSize: 1 }))).rejects.toThrow(
      /no column "ids".*Did you mean "id"/,
    );
  });

  it('refuses shuffle without a seed and a bad shuffleBuffer before reading anything', () => {
    const s = streamCSV(join(dir, 'not-there.csv'));
    expect(() => batches(s, { features: ['a'], batchSize: 4, shuffle: true })).toThrow(ConfigError);
    expect(() =>
      batches(s, { features: ['a'], batchSize: 4, shuffle: true, seed: 1, shuffleBuffer: 0 }),
    ).toThrow(/shuffleBuffer/);
  });
});

describe('fastNumber', () => {
  it('equals Number() on every plain decimal it accepts, and declines the rest (property)', async () => {
    const decimal = fc
      .tuple(
        fc.constantFrom('', '-', '+'),
        fc.stringMatching(/^[0-9]{0,18}$/),
        fc.option(fc.stringMatching(/^[0-9]{0,10}$/)),
        fc.option(
          fc.tuple(
            fc.constantFrom('e', 'E'),
            fc.constantFrom('', '-', '+'),
            fc.stringMatching(/^[0-9]{0,3}$/),
          ),
        ),
      )
      .map(
        ([sign, int, frac, exp]) =>
          `${sign}${int}${frac === null ? '' : `.${frac}`}${exp ? exp.join('') : ''}`,
      );
    const anything = fc.oneof(decimal, fc.string({ maxLength: 8 }), fc.double().map(String));
    await checkProperty(
      fc.property(anything, fc.string({ maxLength: 3 }), (text, pad) => {
        const line = `${pad},${text},${pad}`;
        const got = fastNumber(line, pad.length + 1, pad.length + 1 + text.length);
        if (!Number.isNaN(got)) expect(Object.is(got, Number(text))).toBe(true);
      }),
      { numRuns: 2000 },
    );
    for (const text of ['0.000001', '-1.5e-7', '123456789012345', '9.999999', '1e22', '-0']) {
      expect(Object.is(fastNumber(text, 0, text.length), Number(text))).toBe(true);
    }
    for (const text of ['', '-', '.', '1e', '1e+', ' 1', '0x10', 'Infinity', '1234567890123456', '1e23']) {
      expect(fastNumber(text, 0, text.length)).toBeNaN();
    }
  });
});
