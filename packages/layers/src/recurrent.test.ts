import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, useBackend } from '@weft/core';
import { describeBackends, expectClose } from '@weft/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { GRU } from './gru.js';
import { LSTM } from './lstm.js';
import type { Recurrent } from './recurrent.js';
import { makeInput, runLayerTest } from './testing/index.js';
import { getWeights } from './weights.js';

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/** The LSTM and GRU recurrences written out in float64 JavaScript, for one sequence. */
async function reference(layer: Recurrent, x: number[][]): Promise<number[][]> {
  const ws = getWeights(layer);
  const [kernel, recurrent, bias] = await Promise.all(ws.map(async (w) => Array.from(await w.data())));
  tf.dispose(ws);
  const u = layer.units;
  const gates = layer.className === 'LSTM' ? 4 : 3;
  const width = gates * u;
  const features = x[0]!.length;
  const dot = (vec: number[], m: number[], col: number, rows: number) => {
    let s = 0;
    for (let r = 0; r < rows; r++) s += vec[r]! * m[r * width + col]!;
    return s;
  };
  let h = new Array(u).fill(0);
  let c = new Array(u).fill(0);
  const out: number[][] = [];
  for (const xt of x) {
    const xs = Array.from({ length: width }, (_, j) => dot(xt, kernel!, j, features));
    const hs = Array.from({ length: width }, (_, j) => dot(h, recurrent!, j, u));
    if (gates === 4) {
      const z = xs.map((v, j) => v + hs[j]! + bias![j]!);
      const i = z.slice(0, u).map(sigmoid);
      const f = z.slice(u, 2 * u).map(sigmoid);
      const g = z.slice(2 * u, 3 * u).map(Math.tanh);
      const o = z.slice(3 * u).map(sigmoid);
      c = c.map((cv, k) => f[k]! * cv + i[k]! * g[k]!);
      h = o.map((ov, k) => ov * Math.tanh(c[k]!));
    } else {
      const xb = xs.map((v, j) => v + bias![j]!);
      const hb = hs.map((v, j) => v + bias![width + j]!);
      const z = xb.slice(0, u).map((v, k) => sigmoid(v + hb[k]!));
      const r = xb.slice(u, 2 * u).map((v, k) => sigmoid(v + hb[u + k]!));
      const n = xb.slice(2 * u).map((v, k) => Math.tanh(v + r[k]! * hb[2 * u + k]!));
      h = h.map((hv, k) => z[k]! * hv + (1 - z[k]!) * n[k]!);
    }
    out.push([...h]);
  }
  return out;
}

await describeBackends('recurrent layers', () => {
  describe('LSTM', () =>
    runLayerTest(() => new LSTM({ units: 3, seed: 1 }), {
      inputShape: [2, 4, 2],
      expectedOutputShape: [2, 3],
    }));
  describe('LSTM, sequences', () =>
    runLayerTest(() => new LSTM({ units: 2, returnSequences: true, seed: 2 }), {
      inputShape: [2, 3, 3],
      expectedOutputShape: [2, 3, 2],
    }));
  describe('GRU', () =>
    runLayerTest(() => new GRU({ units: 3, seed: 3 }), {
      inputShape: [2, 4, 2],
      expectedOutputShape: [2, 3],
    }));
  describe('GRU, sequences', () =>
    runLayerTest(() => new GRU({ units: 2, returnSequences: true, seed: 4 }), {
      inputShape: [2, 3, 3],
      expectedOutputShape: [2, 3, 2],
    }));

  for (const make of [
    () => new LSTM({ units: 3, returnSequences: true, seed: 5 }),
    () => new GRU({ units: 3, returnSequences: true, seed: 6 }),
  ]) {
    it(`${make().className} follows its recurrence (float64 reference) and keeps its state over masked steps`, async () => {
      const layer = make();
      const x = makeInput([1, 4, 2]);
      const y = layer.apply(x);
      const rows = (await x.array()) as number[][][];
      await expectClose(y, [await reference(layer, rows[0]!)], { atol: 1e-5, rtol: 1e-5 });
      // Padding at the end (masked) leaves the last real step's state as the final output.
      const mask = tf.tensor2d([[1, 1, 0, 0]]);
      const masked = layer.apply(x, { mask });
      const last = tf.tidy(() => tf.slice(y, [0, 1, 0], [1, 1, 3]));
      const tail = tf.tidy(() => tf.slice(masked, [0, 3, 0], [1, 1, 3]));
      await expectClose(tail, last, { atol: 1e-6, rtol: 1e-6 });
      tf.dispose([x, y, mask, masked, last, tail]);
      layer.dispose();
    });
  }
});

describe('recurrent layers', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it("use Keras' weight shapes and an orthogonal recurrent kernel", async () => {
    const lstm = new LSTM({ units: 4, inputShape: [null, null, 3] });
    expect(lstm.weights.map((w) => w.shape)).toEqual([[3, 16], [4, 16], [16]]);
    const weights = getWeights(lstm);
    const [, recurrent, bias] = weights;
    // Rows of a [4, 16] orthogonal matrix are orthonormal: R·Rᵀ = I.
    const gram = tf.matMul(recurrent!, recurrent!, false, true);
    const identity = tf.eye(4);
    await expectClose(gram, identity, { atol: 1e-5, rtol: 1e-5 });
    expect(Array.from(await bias!.data())).toEqual([0, 0, 0, 0, 1, 1, 1, 1, ...new Array(8).fill(0)]);
    tf.dispose([gram, identity, ...weights]);
    const gru = new GRU({ units: 2, inputShape: [null, 5, 3] });
    expect(gru.weights.map((w) => w.shape)).toEqual([
      [3, 6],
      [2, 6],
      [2, 6],
    ]);
    expect(gru.computeOutputShape([null, 5, 3])).toEqual([null, 2]);
    lstm.dispose();
    gru.dispose();
    expect(() => new GRU({ units: 0 })).toThrow(ConfigError);
  });
});
