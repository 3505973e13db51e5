import * as tf from '@tensorflow/tfjs-core';
import { NotFoundError, ShapeError, ValueError } from '@weft/core';
import { describeBackends, expectClose } from '@weft/testing';
import * as aq from 'arquero';
import { describe, expect, it } from 'vitest';
import { compose } from './compose.js';
import { MinMaxScaler } from './min-max-scaler.js';
import { OneHotEncoder } from './one-hot-encoder.js';
import { applyOps, type TensorOp } from './ops.js';
import { RobustScaler } from './robust-scaler.js';
import { SimpleImputer } from './simple-imputer.js';
import { StandardScaler } from './standard-scaler.js';

const train = () =>
  aq.table({
    a: [1.5, -2, 3.25, 8, 0.5, 4],
    b: [100, 250, 175, 90, 310, 120],
    c: [7, 7, 7, 7, 7, 7],
  });
// Held-out rows outside the training range (so clipping shows) and with a NaN for the imputer.
const rows = [
  [0, 200, 7],
  [-10, 400, 8],
  [20, Number.NaN, 6],
];
// float32 on both paths, values up to ~10 in size.
const F32 = { atol: 1e-5, rtol: 1e-5 };

/** The ops as JSON carries them (what an exporter reads). */
const viaJson = (ops: TensorOp[]): TensorOp[] => JSON.parse(JSON.stringify(ops));

await describeBackends('tensor op descriptions', () => {
  it('applying a scaler’s ops equals its transformTensor and inverseTransformTensor', async () => {
    const scalers = [
      new StandardScaler(),
      new StandardScaler({ withMean: false }),
      new StandardScaler({ withStd: false }),
      new MinMaxScaler({ featureRange: [-1, 1] }),
      new MinMaxScaler({ clip: true }),
      new RobustScaler(),
      new RobustScaler({ withCentering: false, quantileRange: [10, 90] }),
    ];
    const x = tf.tensor2d(rows);
    for (const scaler of scalers) {
      await scaler.fit(train());
      const ops = viaJson(scaler.toOps());
      const described = applyOps(x, ops);
      const direct = scaler.transformTensor(x);
      await expectClose(described, direct, F32);
      const back = applyOps(x, viaJson(scaler.inverseToOps()));
      const directBack = scaler.inverseTransformTensor(x);
      await expectClose(back, directBack, F32);
      tf.dispose([described, direct, back, directBack]);
    }
    x.dispose();
  });

  it('an imputer becomes fillNaN, and a composition concatenates its steps', async () => {
    const imputer = await new SimpleImputer({ strategy: 'median' }).fit(train());
    expect(imputer.toOps()).toEqual([{ op: 'fillNaN', value: imputer.statistics }]);
    const x = tf.tensor2d(rows);
    const described = applyOps(x, viaJson(imputer.toOps()));
    const direct = imputer.transformTensor(x);
    await expectClose(described, direct, F32);
    const chain = await compose([new SimpleImputer(), new StandardScaler()]).fit(train());
    expect(chain.toOps().map((o) => o.op)).toEqual(['fillNaN', 'sub', 'div']);
    const chained = applyOps(x, viaJson(chain.toOps()));
    const [imputerStep, scalerStep] = chain.steps as [SimpleImputer, StandardScaler];
    const expected = tf.tidy(() => scalerStep.transformTensor(imputerStep.transformTensor(x)));
    await expectClose(chained, expected, F32);
    tf.dispose([x, described, direct, chained, expected]);
  });

  it('applyOps checks widths and ops, and returns a new float32 tensor', async () => {
    const x = tf.tensor2d([[1, 2]], [1, 2], 'int32');
    expect(() => applyOps(x, [{ op: 'sub', value: [1] }])).toThrow(ShapeError);
    expect(() => applyOps(x, [{ op: 'pow', value: [1, 1] } as never])).toThrow(/unknown op "pow"/);
    expect(() => applyOps(x, [{ op: 'clip', min: 2, max: 1 }])).toThrow(ValueError);
    const v = tf.tensor1d([1]);
    expect(() => applyOps(v as never, [])).toThrow(ShapeError);
    const same = applyOps(x, []);
    expect(same).not.toBe(x);
    expect(same.dtype).toBe('float32');
    await expectClose(same, [[1, 2]]);
    tf.dispose([x, v, same]);
  });
});

describe('tensor op descriptions (plain data)', () => {
  it('describes each scaler with the expected ONNX-shaped steps', async () => {
    const standard = await new StandardScaler().fit(train());
    expect(standard.toOps().map((o) => o.op)).toEqual(['sub', 'div']);
    expect(standard.toOps()[0]).toEqual({ op: 'sub', value: Array.from(standard.mean) });
    const minMax = await new MinMaxScaler({ clip: true }).fit(train());
    expect(minMax.toOps()).toEqual([
      { op: 'mul', value: Array.from(minMax.scale) },
      { op: 'add', value: Array.from(minMax.min) },
      { op: 'clip', min: 0, max: 1 },
    ]);
    expect((await new StandardScaler({ withMean: false, withStd: false }).fit(train())).toOps()).toEqual([]);
  });

  it('refuses what cannot be described: text fills, encoders, mismatched columns', async () => {
    const text = await new SimpleImputer({ strategy: 'mostFrequent' }).fit(aq.table({ s: ['a', null, 'a'] }));
    expect(() => text.toOps()).toThrow(/not numbers/);
    const withEncoder = await compose([new SimpleImputer(), new OneHotEncoder()]).fit(
      aq.table({ a: [1, null], k: ['x', 'y'] }),
    );
    expect(() => withEncoder.toOps()).toThrow(NotFoundError);
    const mismatched = await compose([
      new SimpleImputer({ columns: ['a'] }),
      new StandardScaler({ columns: ['a', 'b'] }),
    ]).fit(train());
    expect(() => mismatched.toOps()).toThrow(/step 0 \(SimpleImputer\) works on other columns/);
  });
});
