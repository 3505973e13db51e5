import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, ShapeError, ValueError } from '@weft/core';
import { describeBackends, expectClose } from '@weft/testing';
import { describe, expect, it } from 'vitest';
import { loadFixture } from '../test/fixtures.js';
import { Perplexity, perplexity } from './perplexity.js';

interface Case {
  name: string;
  logits: number[][] | number[][][];
  probs: number[][] | number[][][];
  target: number[] | number[][];
  ignoreIndex?: number;
  fromLogits: number;
  fromProbs: number;
}
/** exp(cross_entropy) from PyTorch 1.13 in float64 (`scripts/make-fixtures.py`). */
const cases = loadFixture<Case[]>('perplexity.json');
const TIGHT = { atol: 1e-12, rtol: 1e-12 };

describe('perplexity: parity with PyTorch', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const options = { ignoreIndex: c.ignoreIndex };
      await expectClose(await perplexity(c.target, c.logits, options), c.fromLogits, TIGHT);
      await expectClose(
        await perplexity(c.target, c.probs, { ...options, fromLogits: false }),
        c.fromProbs,
        TIGHT,
      );
      const metric = new Perplexity(options);
      for (let b = 0; b < c.target.length; b++) {
        await metric.update([c.target[b]] as number[], [c.logits[b]] as number[][]);
      }
      await expectClose(await metric.compute(), c.fromLogits, TIGHT);
    });
  }
});

describe('perplexity', () => {
  it('is the number of equally likely choices for uniform logits', async () => {
    // softmax of equal logits is 1/4 everywhere: exp(−ln(1/4)) = 4.
    expect(
      await perplexity(
        [0, 3],
        [
          [1, 1, 1, 1],
          [2, 2, 2, 2],
        ],
      ),
    ).toBeCloseTo(4, 14);
  });
  it('types its errors', async () => {
    await expect(perplexity([0, 1], [[0.1, 0.2]])).rejects.toBeInstanceOf(ShapeError);
    await expect(
      perplexity(
        [0, 5],
        [
          [0, 1],
          [1, 0],
        ],
      ),
    ).rejects.toThrow(/not an integer in \[0, 2\)/);
    await expect(
      perplexity(
        [0, 1],
        [
          [0, Number.NaN],
          [1, 0],
        ],
      ),
    ).rejects.toThrow(/NaN/);
    await expect(
      perplexity(
        [-1, -1],
        [
          [0, 1],
          [1, 0],
        ],
        { ignoreIndex: -1 },
      ),
    ).rejects.toThrow(/every token was ignored/);
    await expect(perplexity([], [])).rejects.toBeInstanceOf(ShapeError);
    expect(() => new Perplexity({ ignoreIndex: 0.5 })).toThrow(ConfigError);
    await expect(new Perplexity().compute()).rejects.toBeInstanceOf(ValueError);
  });
  it('merges and restores its state', async () => {
    const c = cases[1] as Case;
    const [a, b] = [new Perplexity({ ignoreIndex: -100 }), new Perplexity({ ignoreIndex: -100 })];
    await a.update(c.target.slice(0, 1) as number[][], c.logits.slice(0, 1) as number[][][]);
    await b.update(c.target.slice(1) as number[][], c.logits.slice(1) as number[][][]);
    a.merge(b);
    const copy = new Perplexity();
    copy.setState(JSON.parse(JSON.stringify(a.getState())));
    await expectClose(await copy.compute(), c.fromLogits, TIGHT);
  });
});

await describeBackends('perplexity', () => {
  it('reduces logit tensors on the backend, padding ignored', async () => {
    const c = cases[1] as Case;
    const [t, p] = [
      tf.tensor2d(c.target as number[][], undefined, 'int32'),
      tf.tensor3d(c.logits as number[][][]),
    ];
    const results = [await perplexity(t, p, { ignoreIndex: -100 })];
    const bad = tf.tensor2d([[0, 9]], undefined, 'int32');
    const two = tf.tensor3d([
      [
        [0, 1],
        [1, 0],
      ],
    ]);
    await expect(perplexity(bad, two)).rejects.toThrow(/token id/);
    tf.dispose([t, p, bad, two]);
    // float32 log-softmax on the device: relative error ~1e-6.
    for (const r of results) await expectClose(r, c.fromLogits, { atol: 1e-5, rtol: 1e-5 });
  });
});
