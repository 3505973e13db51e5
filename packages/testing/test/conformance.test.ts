import * as tf from '@tensorflow/tfjs-core';
import { BACKEND_NAMES, type BackendName, Rng, useBackend } from '@weft/core';
import { beforeAll, expect, it } from 'vitest';
import { describeBackends, expectClose } from '../src/index.js';
import * as ref from './reference.js';

/**
 * Cross-backend conformance: the ops every Weft package leans on give the same numbers on every
 * backend. The cpu backend is checked against float64 JavaScript written from the definitions
 * (./reference.ts); every other backend is checked against cpu. One file on purpose: on webgpu
 * each test file is a process that compiles its shaders again.
 *
 * Tolerance: |actual − expected| ≤ 1e-4 + 1e-4·|expected| elementwise (float32 on every backend;
 * GPU reductions sum in another order, and transcendental functions differ in the last bits).
 */
const TOL = { atol: 1e-4, rtol: 1e-4 };

const rng = new Rng(20240611);
function normal(shape: number[], std = 1): ref.Arr {
  const values = rng.fillNormal(new Float32Array(shape.reduce((a, b) => a * b, 1)), 0, std);
  return { shape, values };
}
function uniform(shape: number[], low: number, high: number): ref.Arr {
  return { shape, values: rng.fillUniform(new Float32Array(shape.reduce((a, b) => a * b, 1)), low, high) };
}
function oneHot(rows: number, classes: number): ref.Arr {
  const values = new Float32Array(rows * classes);
  for (let i = 0; i < rows; i++) values[i * classes + rng.int(classes)] = 1;
  return { shape: [rows, classes], values };
}
const t = (a: ref.Arr): tf.Tensor => tf.tensor(a.values as Float32Array, a.shape);

// Odd sizes on purpose: they miss the tile and workgroup sizes kernels are tuned for.
const A = normal([7, 13]);
const B = normal([13, 5]);
const At = normal([13, 7]);
const Bt = normal([5, 13]);
const BA = normal([3, 4, 6]);
const BB = normal([3, 6, 5]);
const BBt = normal([3, 5, 6]);
const X = normal([2, 8, 7, 3]); // H=8 with stride 2 'same' pads unevenly (0 before, 1 after)
const F = normal([3, 3, 3, 4], 0.5);
const GConvSame2 = normal([2, 4, 4, 4]);
const GConvValid1 = normal([2, 6, 5, 4]);
const LOGITS = normal([6, 10], 3);
const R = normal([4, 5, 6]);
const E = normal([60], 2);
const POS = uniform([60], 0.05, 5);
const SW = normal([6, 10]);
const XCE = normal([8, 5]);
const WCE = normal([5, 4], 0.5);
const BCE = normal([4], 0.1);
const YCE = oneHot(8, 4);
const ADDN = Array.from({ length: 12 }, () => normal([3, 5]));

interface Case {
  name: string;
  /** Kernels beyond the forward ops that some backend may lack (gradient kernels). */
  needs?: string[];
  /** Runs on the active backend; returns tensors the test disposes. */
  run: () => tf.Tensor[];
  /** The same quantities in float64 JavaScript. */
  oracle: () => ref.Arr[];
}

const tanhGrad = (z: ref.Arr) => ref.map(z, (v) => 1 - Math.tanh(v) ** 2);

const CASES: Case[] = [
  {
    name: 'matMul',
    run: () => [tf.matMul(t(A), t(B))],
    oracle: () => [ref.matMul(A, B)],
  },
  {
    name: 'matMul transposeA',
    run: () => [tf.matMul(t(At), t(B), true, false)],
    oracle: () => [ref.matMul(At, B, true, false)],
  },
  {
    name: 'matMul transposeB',
    run: () => [tf.matMul(t(A), t(Bt), false, true)],
    oracle: () => [ref.matMul(A, Bt, false, true)],
  },
  {
    name: 'matMul transposeA and transposeB',
    run: () => [tf.matMul(t(At), t(Bt), true, true)],
    oracle: () => [ref.matMul(At, Bt, true, true)],
  },
  {
    name: 'batched matMul (and with transposeB)',
    run: () => [tf.matMul(t(BA), t(BB)), tf.matMul(t(BA), t(BBt), false, true)],
    oracle: () => [ref.matMul(BA, BB), ref.matMul(BA, BBt, false, true)],
  },
  ...(['same', 'valid'] as const).flatMap((pad) =>
    [1, 2].map(
      (stride): Case => ({
        name: `conv2d ${pad}, stride ${stride}`,
        run: () => [tf.conv2d(t(X) as tf.Tensor4D, t(F) as tf.Tensor4D, stride, pad)],
        oracle: () => [ref.conv2d(X, F, stride, pad)],
      }),
    ),
  ),
  {
    name: 'softmax and logSoftmax',
    run: () => [tf.softmax(t(LOGITS)), tf.logSoftmax(t(LOGITS))],
    oracle: () => [ref.softmax(LOGITS), ref.logSoftmax(LOGITS)],
  },
  {
    name: 'sum over axes',
    run: () => {
      const x = t(R);
      return [tf.sum(x), tf.sum(x, 0), tf.sum(x, 1), tf.sum(x, 2), tf.sum(x, [0, 2]), tf.sum(x, 1, true)];
    },
    oracle: () => [
      ref.reduce(R, [], 'sum'),
      ref.reduce(R, [0], 'sum'),
      ref.reduce(R, [1], 'sum'),
      ref.reduce(R, [2], 'sum'),
      ref.reduce(R, [0, 2], 'sum'),
      ref.reduce(R, [1], 'sum', true),
    ],
  },
  {
    name: 'mean and max over axes',
    run: () => {
      const x = t(R);
      return [
        tf.mean(x),
        tf.mean(x, 1),
        tf.mean(x, [0, 2]),
        tf.max(x),
        tf.max(x, 2),
        tf.max(x, [0, 1], true),
      ];
    },
    oracle: () => [
      ref.reduce(R, [], 'mean'),
      ref.reduce(R, [1], 'mean'),
      ref.reduce(R, [0, 2], 'mean'),
      ref.reduce(R, [], 'max'),
      ref.reduce(R, [2], 'max'),
      ref.reduce(R, [0, 1], 'max', true),
    ],
  },
  {
    // 12 inputs: more storage buffers than WebGPU's default per-shader limit (8). tfjs-backend-
    // webgpu 4.22 returned zeros here until @weft/core's AddN fix (backends/webgpu-kernels.ts).
    name: 'addN of 12 tensors',
    run: () => [tf.addN(ADDN.map(t))],
    oracle: () => [ADDN.reduce((acc, x) => ref.zip(acc, x, (a, b) => a + b))],
  },
  {
    name: 'elementwise relu, sigmoid, tanh, exp, log',
    run: () => [tf.relu(t(E)), tf.sigmoid(t(E)), tf.tanh(t(E)), tf.exp(t(E)), tf.log(t(POS))],
    oracle: () => [
      ref.map(E, (v) => Math.max(v, 0)),
      ref.map(E, (v) => 1 / (1 + Math.exp(-v))),
      ref.map(E, Math.tanh),
      ref.map(E, Math.exp),
      ref.map(POS, Math.log),
    ],
  },
  {
    name: 'tf.grads of sum(tanh(a·b)) through matMul',
    run: () => tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.tanh(tf.matMul(a, b))))([t(A), t(B)]),
    oracle: () => {
      const g = tanhGrad(ref.matMul(A, B));
      return [ref.matMul(g, B, false, true), ref.matMul(A, g, true, false)];
    },
  },
  {
    name: 'tf.grad through a batched matMul with transposeB',
    run: () => [tf.grad((b: tf.Tensor) => tf.sum(tf.tanh(tf.matMul(t(BA), b, false, true))))(t(BBt))],
    oracle: () => {
      const g = tanhGrad(ref.matMul(BA, BBt, false, true)); // [3, 4, 5]
      // d/dBt of sum(tanh(BA·Btᵀ)) = gᵀ·BA per batch.
      return [ref.matMul(g, BA, true, false)];
    },
  },
  ...(
    [
      ['same', 2, GConvSame2],
      ['valid', 1, GConvValid1],
    ] as const
  ).map(
    ([pad, stride, g]): Case => ({
      name: `tf.grads through conv2d ${pad}, stride ${stride}`,
      needs: ['Conv2DBackpropInput', 'Conv2DBackpropFilter'],
      run: () =>
        tf.grads((x: tf.Tensor, f: tf.Tensor) =>
          tf.sum(tf.mul(tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, stride, pad), t(g))),
        )([t(X), t(F)]),
      oracle: () => {
        const { dx, df } = ref.conv2dGrads(X, F, stride, pad, g);
        return [dx, df];
      },
    }),
  ),
  {
    name: 'tf.grad through conv2d with respect to the input only',
    needs: ['Conv2DBackpropInput'],
    run: () => [
      tf.grad((x: tf.Tensor) =>
        tf.sum(tf.mul(tf.conv2d(x as tf.Tensor4D, t(F) as tf.Tensor4D, 2, 'same'), t(GConvSame2))),
      )(t(X)),
    ],
    oracle: () => [ref.conv2dGrads(X, F, 2, 'same', GConvSame2).dx],
  },
  {
    name: 'tf.grad through softmax and logSoftmax',
    run: () => [
      tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.softmax(x), t(SW))))(t(LOGITS)),
      tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.logSoftmax(x), t(SW))))(t(LOGITS)),
    ],
    oracle: () => {
      const s = ref.softmax(LOGITS);
      const sw = ref.reduce(
        ref.zip(s, SW, (a, b) => a * b),
        [1],
        'sum',
        true,
      );
      const wSum = ref.reduce(SW, [1], 'sum', true);
      const width = LOGITS.shape[1] as number;
      const row = (i: number) => Math.floor(i / width);
      const soft = ref.map(s, () => 0);
      const logSoft = ref.map(s, () => 0);
      for (let i = 0; i < s.values.length; i++) {
        const [si, wi] = [s.values[i] as number, SW.values[i] as number];
        (soft.values as Float64Array)[i] = si * (wi - (sw.values[row(i)] as number));
        (logSoft.values as Float64Array)[i] = wi - si * (wSum.values[row(i)] as number);
      }
      return [soft, logSoft];
    },
  },
  {
    name: 'tf.variableGrads of softmax cross-entropy (dense layer)',
    run: () => {
      const w = tf.tidy(() => tf.variable(t(WCE)));
      const b = tf.tidy(() => tf.variable(t(BCE)));
      try {
        return tf.tidy(() => {
          const loss = () =>
            tf.losses.softmaxCrossEntropy(t(YCE), tf.add(tf.matMul(t(XCE), w), b)) as tf.Scalar;
          const { value, grads } = tf.variableGrads(loss, [w, b]);
          return [value, grads[w.name] as tf.Tensor, grads[b.name] as tf.Tensor];
        });
      } finally {
        tf.dispose([w, b]);
      }
    },
    oracle: () => {
      const logits = ref.matMul(XCE, WCE);
      const classes = BCE.shape[0] as number;
      const values = logits.values as Float64Array;
      for (let i = 0; i < values.length; i++)
        values[i] = (values[i] as number) + (BCE.values[i % classes] as number);
      const n = XCE.shape[0] as number;
      const logp = ref.logSoftmax(logits);
      const loss =
        -ref.reduce(
          ref.zip(YCE, logp, (y, l) => y * l),
          [],
          'sum',
        ).values[0]! / n;
      const dz = ref.zip(ref.softmax(logits), YCE, (p, y) => (p - y) / n);
      return [{ shape: [], values: [loss] }, ref.matMul(XCE, dz, true, false), ref.reduce(dz, [0], 'sum')];
    },
  },
];

async function read(tensors: tf.Tensor[]): Promise<ref.Arr[]> {
  return Promise.all(tensors.map(async (x) => ({ shape: x.shape, values: await x.data<'float32'>() })));
}

async function expectMatches(actual: tf.Tensor[], expected: ref.Arr[]): Promise<void> {
  expect(actual.length).toBe(expected.length);
  for (const [i, tensor] of actual.entries()) {
    const want = expected[i] as ref.Arr;
    expect(tensor.shape, `output ${i} shape`).toEqual(want.shape);
    await expectClose(tensor, want.values, TOL);
  }
}

function runCase(c: Case): tf.Tensor[] {
  return tf.tidy(() => c.run());
}

/** Reference outputs of every case, computed once on the cpu backend. */
const cpuReference = new Map<string, ref.Arr[]>();
beforeAll(async () => {
  await useBackend('cpu');
  for (const c of CASES) {
    const outputs = runCase(c);
    cpuReference.set(c.name, await read(outputs));
    tf.dispose(outputs);
  }
});

await describeBackends(
  'cpu reference vs float64 JavaScript',
  () => {
    for (const c of CASES) {
      it(c.name, async () => {
        const outputs = runCase(c);
        try {
          await expectMatches(outputs, c.oracle());
        } finally {
          tf.dispose(outputs);
        }
      });
    }
  },
  { only: ['cpu'] },
);

/**
 * Kernels a backend is known to lack in tfjs 4.22 (its tests are skipped with the reason, and
 * fail if another kernel goes missing). wasm has no Conv2DBackpropFilter: conv filters cannot be
 * trained on wasm. Running the gradient anyway also leaks tensors inside tf.tidy (a tfjs bug).
 */
const KNOWN_GAPS: Partial<Record<BackendName, string[]>> = { wasm: ['Conv2DBackpropFilter'] };

function missingKernels(c: Case, backend: BackendName): string[] {
  return (c.needs ?? []).filter((kernel) => !tf.getKernel(kernel, backend));
}

const NOT_CPU = BACKEND_NAMES.filter((name): name is Exclude<BackendName, 'cpu'> => name !== 'cpu');

await describeBackends(
  'conformance with cpu',
  ({ backend }) => {
    for (const c of CASES) {
      it(c.name, async (ctx) => {
        const missing = missingKernels(c, backend);
        if (missing.length > 0) {
          expect(KNOWN_GAPS[backend] ?? [], `kernels missing on ${backend}`).toEqual(
            expect.arrayContaining(missing),
          );
          ctx.skip(`${backend} has no ${missing.join(', ')} kernel (known tfjs 4.22 gap)`);
        }
        const outputs = runCase(c);
        try {
          await expectMatches(outputs, cpuReference.get(c.name) as ref.Arr[]);
        } finally {
          tf.dispose(outputs);
        }
      });
    }
  },
  { only: NOT_CPU },
);
