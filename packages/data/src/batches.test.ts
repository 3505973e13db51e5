import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, ShapeError } from '@weft/core';
import { describeBackends } from '@weft/testing';
import * as aq from 'arquero';
import { expect, it } from 'vitest';
import { type Batch, batches } from './batches.js';

const rows = (n: number) =>
  aq.table({
    a: Array.from({ length: n }, (_, i) => i),
    b: Array.from({ length: n }, (_, i) => 100 + i),
    y: Array.from({ length: n }, (_, i) => -i),
  });

/** Reads every batch's values and disposes its tensors. */
async function collect(
  iterable: AsyncIterable<Batch<tf.Tensor>>,
): Promise<{ x: number[][]; y?: number[][] }[]> {
  const out: { x: number[][]; y?: number[][] }[] = [];
  for await (const { x, y } of iterable) {
    const read = async (t: tf.Tensor) => {
      const values = Array.from(await t.data());
      const width = t.shape.slice(1).reduce((a, b) => a * b, 1);
      return Array.from({ length: t.shape[0] as number }, (_, i) => values.slice(i * width, (i + 1) * width));
    };
    out.push(y ? { x: await read(x), y: await read(y) } : { x: await read(x) });
    tf.dispose([x, y as tf.Tensor]);
  }
  return out;
}

await describeBackends('batches', () => {
  it('yields table rows in order in batches of batchSize, with a short last batch', async () => {
    const got = await collect(batches(rows(5), { features: ['a', 'b'], target: 'y', batchSize: 2 }));
    expect(got.map((b) => b.x)).toEqual([
      [
        [0, 100],
        [1, 101],
      ],
      [
        [2, 102],
        [3, 103],
      ],
      [[4, 104]],
    ]);
    expect(got.map((b) => b.y)).toEqual([[[-0], [-1]], [[-2], [-3]], [[-4]]]);
  });

  it('drops the short last batch when asked', async () => {
    const got = await collect(batches(rows(5), { features: ['a'], batchSize: 2, dropLast: true }));
    expect(got.map((b) => b.x.length)).toEqual([2, 2]);
    expect(got[0]?.y).toBeUndefined();
  });

  it('shuffles with a seed: each row once, rows stay whole, same seed same order', async () => {
    const options = { features: ['a', 'b'], target: 'y', batchSize: 3, shuffle: true, seed: 4 };
    const first = await collect(batches(rows(10), options));
    const again = await collect(batches(rows(10), options));
    expect(again).toEqual(first);
    const seen = first.flatMap((b) => b.x.map((r, i) => [r[0], r[1], b.y?.[i]?.[0]] as number[]));
    expect(seen.map((r) => r[0]).sort((p, q) => (p as number) - (q as number))).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);
    for (const [a, b, y] of seen) expect([b, y]).toEqual([(a as number) + 100, -(a as number)]);
    expect(seen.map((r) => r[0])).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('slices tensor sources of any rank along the first axis, gathering when shuffled', async () => {
    const x = tf.tensor3d(
      Array.from({ length: 12 }, (_, i) => i),
      [6, 1, 2],
    );
    const y = tf.tensor1d([0, 1, 2, 3, 4, 5]);
    const plain = await collect(batches({ x, y }, { batchSize: 4 }));
    expect(plain.map((b) => b.y)).toEqual([
      [[0], [1], [2], [3]],
      [[4], [5]],
    ]);
    expect(plain[1]?.x).toEqual([
      [8, 9],
      [10, 11],
    ]);
    const shuffled = await collect(batches({ x, y }, { batchSize: 6, shuffle: true, seed: 1 }));
    const labels = (shuffled[0]?.y ?? []).map((r) => r[0] as number);
    expect([...labels].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    shuffled[0]?.x.forEach((r, i) => {
      expect(r).toEqual([2 * (labels[i] as number), 2 * (labels[i] as number) + 1]);
    });
    tf.dispose([x, y]);
  });

  it('leaks nothing when the consumer stops early', async () => {
    for await (const batch of batches(rows(10), { features: ['a'], batchSize: 2 })) {
      tf.dispose([batch.x, batch.y as tf.Tensor]);
      break;
    }
  });
});

await describeBackends(
  'batches errors',
  () => {
    it('checks options and data when called, before any iteration', () => {
      expect(() => batches(rows(3), { features: ['a'], batchSize: 0 })).toThrow(ConfigError);
      expect(() => batches(rows(3), { features: ['a'], batchSize: 2, shuffle: true })).toThrow(/no seed/);
      expect(() => batches(rows(3), { features: [], batchSize: 2 })).toThrow(ConfigError);
      expect(() => batches(rows(3), { features: ['c'], batchSize: 2 })).toThrow(/no column "c"/);
      const bad = aq.table({ a: [1, 2], y: [1, Number.NaN] });
      expect(() => batches(bad, { features: ['a'], target: 'y', batchSize: 1 })).toThrow(
        /target column "y" has a missing value at row 1/,
      );
      const x = tf.zeros([3, 2]);
      const y = tf.zeros([2]);
      expect(() => batches({ x, y }, { batchSize: 1 })).toThrow(ShapeError);
      tf.dispose([x, y]);
    });
  },
  { only: ['cpu'] },
);
