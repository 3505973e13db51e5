import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, useBackend, ValueError } from '@weft/core';
import { describeBackends, expectClose } from '@weft/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { Add } from './add.js';
import { Concatenate } from './concatenate.js';
import { Dense } from './dense.js';
import { Embedding } from './embedding.js';
import { input, Model, model } from './functional.js';
import { loadModel, saveModel } from './io/node-fs.js';
import { layerFromConfig } from './registry.js';
import { runLayerTest } from './testing/index.js';

/** Two inputs, a shared layer, a residual Add, a Concatenate, one output. */
function twoTower(seed: number): Model {
  const a = input({ shape: [3], name: 'a' });
  const b = input({ shape: [3], name: 'b' });
  const shared = new Dense({ units: 3, activation: 'tanh', seed });
  const ha = shared.apply(a);
  const hb = shared.apply(b);
  const joined = new Concatenate().apply([new Add().apply([ha, a]), hb]);
  const out = new Dense({ units: 2, seed: seed + 1 }).apply(joined);
  return model({ inputs: [a, b], outputs: out, name: 'two_tower' });
}

/** Two outputs from one input. */
function twoHeads(): Model {
  const x = input({ shape: [4], name: 'x' });
  const h = new Dense({ units: 5, activation: 'relu', seed: 1, name: 'trunk' }).apply(x);
  const p = new Dense({ units: 3, activation: 'softmax', seed: 2, name: 'probs' }).apply(h);
  const v = new Dense({ units: 1, seed: 3, name: 'value' }).apply(h);
  return model({ inputs: x, outputs: [p, v] });
}

await describeBackends('Model (functional)', () => {
  describe('two inputs, shared layer, merges', () =>
    runLayerTest(() => twoTower(1), {
      inputShape: [
        [2, 3],
        [2, 3],
      ],
      expectedOutputShape: [2, 2],
    }));
  describe('a single-input graph over token ids', () =>
    runLayerTest(
      () => {
        const ids = input({ shape: [null], dtype: 'int32', name: 'ids' });
        const e = new Embedding({ inputDim: 5, outputDim: 3, seed: 1 }).apply(ids);
        return model({ inputs: ids, outputs: new Dense({ units: 2, seed: 2 }).apply(e) });
      },
      {
        inputShape: [2, 4],
        expectedOutputShape: [2, 4, 2],
        inputDtype: 'int32',
        inputRange: [0, 5],
        tolerance: { eps: 1e-3 },
      },
    ));

  it('computes the graph it describes, sharing weights between calls', async () => {
    const m = twoTower(3);
    const [shared, , , out] = m.layers as [Dense, Add, Concatenate, Dense];
    const a = tf.tensor2d([[0.1, -0.2, 0.3]]);
    const b = tf.tensor2d([[0.5, 0.4, -0.3]]);
    const y = m.apply([a, b]);
    const expected = tf.tidy(() => {
      const ha = shared.apply(a);
      const hb = shared.apply(b);
      return out.apply(tf.concat([tf.add(ha, a), hb], -1));
    });
    await expectClose(y, expected, { atol: 1e-6, rtol: 1e-6 });
    expect(m.layers).toHaveLength(4);
    expect(m.countParams()).toBe(12 + 14);
    tf.dispose([a, b, y, expected]);
    m.dispose();
  });

  it('returns every output with applyMany, and trains through both', async () => {
    const m = twoHeads();
    const x = tf.tensor2d([
      [1, 0, 0, 1],
      [0, 1, 1, 0],
    ]);
    const [p, v] = m.applyMany(x);
    expect(p!.shape).toEqual([2, 3]);
    expect(v!.shape).toEqual([2, 1]);
    expect(() => m.apply(x)).toThrow(ValueError);
    const { value, grads } = tf.variableGrads(() => {
      const [probs, values] = m.applyMany(x);
      return tf.add(tf.sum(probs as tf.Tensor), tf.sum(values as tf.Tensor)) as tf.Scalar;
    }, m.trainableWeights);
    expect(Object.keys(grads)).toHaveLength(6);
    tf.dispose([x, p, v, value, grads]);
    m.dispose();
  });

  it('saves and loads with several outputs (identical outputs)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'weft-functional-'));
    try {
      const m = twoHeads();
      await saveModel(m, join(dir, 'm'));
      const { model: loaded } = await loadModel(join(dir, 'm'));
      expect(loaded).toBeInstanceOf(Model);
      const x = tf.tensor2d([[0.3, -1, 2, 0.5]]);
      const before = m.applyMany(x);
      const after = (loaded as Model).applyMany(x);
      for (let i = 0; i < 2; i++) await expectClose(after[i]!, before[i]!, { atol: 0, rtol: 0 });
      tf.dispose([x, ...before, ...after]);
      m.dispose();
      loaded.dispose();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('Model (functional)', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('prints a summary with inputs, shared layers and connections', () => {
    const m = twoTower(1);
    const text = m.summary();
    expect(text).toContain('Model: "two_tower"');
    expect(text).toMatch(/a \(InputLayer\)\s+\(None, 3\)\s+0\s+-/);
    expect(text).toMatch(/\(Dense\)\s+\(None, 3\)\s+12\s+a/);
    expect(text).toMatch(/\(Dense\)\s+\(None, 3\)\s+\(shared\)\s+b/);
    expect(text).toMatch(/\(Concatenate\)\s+\(None, 6\)\s+0\s+add\S*\/0, dense\S*\/1/);
    expect(text).toContain('Total params: 26');
    m.dispose();
  });

  it('has a plain-JSON config that rebuilds the same graph', () => {
    const m = twoHeads();
    const config = m.getConfig();
    expect(config.inputs).toEqual([{ name: 'x', shape: [4], dtype: 'float32' }]);
    expect(config.outputs).toEqual(['probs/0', 'value/0']);
    expect(config.nodes).toEqual([
      { layer: 'trunk', inputs: ['x'], single: true },
      { layer: 'probs', inputs: ['trunk/0'], single: true },
      { layer: 'value', inputs: ['trunk/0'], single: true },
    ]);
    const clone = layerFromConfig('Model', JSON.parse(JSON.stringify(config))) as Model;
    expect(clone.getConfig()).toEqual(config);
    expect(clone.outputShapes([null, 4])).toEqual([
      [null, 3],
      [null, 1],
    ]);
    clone.dispose();
    m.dispose();
  });

  it('rejects graphs that are not closed, clashing names and bad calls', () => {
    const a = input({ shape: [2], name: 'in_a' });
    const b = input({ shape: [2], name: 'in_b' });
    const y = new Add().apply([a, b]);
    expect(() => model({ inputs: a, outputs: y })).toThrow(/not among the model's inputs/);
    expect(() => model({ inputs: [a, y], outputs: y })).toThrow(/not a model input/);
    expect(() => model({ inputs: [], outputs: y })).toThrow(ConfigError);
    const c = new Dense({ units: 1, name: 'in_a' }).apply(a);
    expect(() => model({ inputs: a, outputs: c })).toThrow(/named "in_a"/);
    expect(() => input({ shape: [0] })).toThrow(/positive sizes/);
    const m = model({ inputs: [a, b], outputs: y });
    const t = tf.zeros([1, 2]);
    expect(() => m.apply(t)).toThrow(/takes 2 inputs/);
    expect(() => m.applyMany([t, tf.zeros([1, 3])])).toThrow(/does not fit/);
    tf.dispose(t);
    expect(() =>
      layerFromConfig('Model', {
        inputs: [],
        layers: [],
        nodes: [{ layer: 'x', inputs: ['y'] }],
        outputs: [],
      }),
    ).toThrow(/does not list/);
  });
});
