import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@weft/core';
import type { Layer } from '../layer.js';

/**
 * What the harness measures on a layer: its output, and the gradients of the smooth scalar probe
 * loss `L = Σ y·r` (r fixed random weights, so no output cancels out) with respect to the input
 * and every trainable weight, all read back as plain arrays.
 */
export interface Probe {
  output: Float32Array;
  outputShape: number[];
  /** dL/dx, or null for integer inputs. */
  inputGradient: Float32Array | null;
  /** dL/dw per trainable weight, in `trainableWeights` order. */
  weightGradients: Float32Array[];
}

/** Uniform values in `range` (integers in [low, high) for int32), from a seeded generator. */
export function makeInput(
  shape: readonly number[],
  options: { dtype?: 'float32' | 'int32'; range?: [number, number]; seed?: number } = {},
): tf.Tensor {
  const rng = new Rng(options.seed ?? 1234);
  const size = shape.reduce((a, b) => a * b, 1);
  if (options.dtype === 'int32') {
    const [low, high] = options.range ?? [0, 10];
    return tf.tensor(
      Int32Array.from({ length: size }, () => low + rng.int(high - low)),
      [...shape],
      'int32',
    );
  }
  const [low, high] = options.range ?? [-1, 1];
  return tf.tensor(rng.fillUniform(new Float32Array(size), low, high), [...shape], 'float32');
}

/** The probe loss's weights for an output of `size` values (uniform in [-1, 1), fixed seed). */
export function probeWeights(size: number, seed = 99): Float32Array {
  return new Rng(seed).fillUniform(new Float32Array(size), -1, 1);
}

/** L = Σ y·r computed in float64 from the output read back (for finite differences). */
export async function probeLoss(
  layer: Layer,
  x: tf.Tensor,
  r: Float32Array,
  training: boolean,
): Promise<number> {
  const y = layer.apply(x, { training });
  const values = await y.data();
  y.dispose();
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i] as number) * (r[i] as number);
  return sum;
}

/** Output and analytic gradients of the probe loss, on the active backend. Leaves no tensors behind. */
export async function probe(layer: Layer, x: tf.Tensor, training: boolean): Promise<Probe> {
  const y = layer.apply(x, { training });
  const outputShape = y.shape;
  const output = Float32Array.from(await y.data());
  y.dispose();
  const r = tf.tensor(probeWeights(output.length), outputShape);
  const weights = layer.trainableWeights;
  const withInput = x.dtype === 'float32';
  const grads = tf.tidy(() => {
    const loss = (input: tf.Tensor) => tf.sum(tf.mul(layer.apply(input, { training }), r)) as tf.Scalar;
    const out: tf.Tensor[] = [];
    if (withInput) out.push(tf.grad(loss)(x));
    if (weights.length > 0) {
      const { grads: byName } = tf.variableGrads(() => loss(x), weights);
      for (const v of weights) out.push(byName[v.name] as tf.Tensor);
    }
    return out;
  });
  r.dispose();
  const arrays = await Promise.all(grads.map(async (g) => Float32Array.from(await g.data())));
  tf.dispose(grads);
  return {
    output,
    outputShape,
    inputGradient: withInput ? (arrays.shift() as Float32Array) : null,
    weightGradients: arrays,
  };
}

/**
 * Central finite differences of the probe loss at up to `count` coordinates of the input and of
 * every trainable weight (chosen with a fixed seed). Returns, per tensor, the coordinates and
 * the numerical derivatives. Weights are perturbed in place and restored.
 */
export async function numericalGradients(
  layer: Layer,
  x: tf.Tensor,
  options: { eps: number; count: number; training: boolean; outputSize: number },
): Promise<{ name: string; indices: number[]; values: number[] }[]> {
  const { eps, count, training } = options;
  const r = probeWeights(options.outputSize);
  const rng = new Rng(7);
  const pick = (size: number) =>
    size <= count
      ? Array.from({ length: size }, (_, i) => i)
      : Array.from(rng.permutation(size).subarray(0, count));
  const difference = async (
    base: Float32Array,
    index: number,
    evaluate: (values: Float32Array) => Promise<number>,
  ) => {
    const values = base.slice();
    const plus = Math.fround((base[index] as number) + eps);
    const minus = Math.fround((base[index] as number) - eps);
    values[index] = plus;
    const up = await evaluate(values);
    values[index] = minus;
    const down = await evaluate(values);
    return (up - down) / (plus - minus);
  };
  const results: { name: string; indices: number[]; values: number[] }[] = [];
  if (x.dtype === 'float32') {
    const base = Float32Array.from(await x.data());
    const indices = pick(base.length);
    const values: number[] = [];
    for (const i of indices) {
      values.push(
        await difference(base, i, async (v) => {
          const xi = tf.tensor(v, x.shape);
          try {
            return await probeLoss(layer, xi, r, training);
          } finally {
            xi.dispose();
          }
        }),
      );
    }
    results.push({ name: 'input', indices, values });
  }
  const named = layer.namedWeights;
  for (const variable of layer.trainableWeights) {
    const base = Float32Array.from(await variable.data());
    const assign = (v: Float32Array) => {
      const t = tf.tensor(v, variable.shape);
      variable.assign(t);
      t.dispose();
    };
    const indices = pick(base.length);
    const values: number[] = [];
    try {
      for (const i of indices) {
        values.push(
          await difference(base, i, async (v) => {
            assign(v);
            return probeLoss(layer, x, r, training);
          }),
        );
      }
    } finally {
      assign(base);
    }
    results.push({
      name: named.find((w) => w.variable === variable)?.name ?? variable.name,
      indices,
      values,
    });
  }
  return results;
}
