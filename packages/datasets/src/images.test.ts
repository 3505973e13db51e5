import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, expectClose } from '@weft/testing';
import { expect, it } from 'vitest';
import { expectMatchesReference, reference } from '../test/reference.js';
import { loadDigits } from './digits.js';
import { fashionMnistMeta, loadFashionMNIST } from './fashion-mnist.js';

const rowSum = (table: { array(name: string): unknown }, names: string[], row: number) =>
  names.reduce((s, name) => s + ((table.array(name) as ArrayLike<number>)[row] as number), 0);

await describeBackends('image data sets', () => {
  it('loadDigits matches scikit-learn and its images tensor holds the same pixels / 16', async () => {
    const { table, meta, images } = await loadDigits();
    const pixels = meta.columns.slice(0, 64);
    expectMatchesReference(table, pixels, 'label', reference.digits);
    expect(images?.shape).toEqual([1797, 8, 8, 1]);
    const sums = tf.tidy(() => tf.sum(tf.reshape(images as tf.Tensor, [1797, 64]), 1));
    const got = Array.from(await sums.data()).slice(0, 3);
    expectClose(
      got,
      (reference.digits.imageSums as number[]).map((s) => s / 16),
      { atol: 1e-4, rtol: 1e-5 },
    );
    tf.dispose([sums, images as tf.Tensor]);
    expect((await loadDigits({ images: false })).images).toBeUndefined();
  });

  it('loadFashionMNIST test split: 2000 balanced images matching the original files', async () => {
    const ref = reference.fashion_test;
    const { table, meta, images } = await loadFashionMNIST({ split: 'test' });
    expect(meta.rows).toBe(2000);
    expect(table.numRows()).toBe(ref.rows);
    expect(table.columnNames()).toEqual(fashionMnistMeta.columns);
    const labels = Array.from(table.array('label') as ArrayLike<number>);
    expect(labels.slice(0, 20)).toEqual(ref.firstLabels);
    for (let c = 0; c < 10; c++) expect(labels.filter((l) => l === c).length).toBe(200);
    const pixels = meta.columns.slice(0, 784);
    expect([0, 1, 1999].map((i) => rowSum(table, pixels, i))).toEqual(ref.imageSums);
    expect(images?.shape).toEqual([2000, 28, 28, 1]);
    const sums = tf.tidy(() =>
      tf.sum(tf.reshape(tf.gather(images as tf.Tensor, tf.tensor1d([0, 1, 1999], 'int32')), [3, 784]), 1),
    );
    // 784 float32 terms per sum: well inside rtol 1e-5.
    expectClose(
      Array.from(await sums.data()),
      ref.imageSums.map((s) => s / 255),
      { atol: 1e-4, rtol: 1e-5 },
    );
    tf.dispose([sums, images as tf.Tensor]);
  });
});
