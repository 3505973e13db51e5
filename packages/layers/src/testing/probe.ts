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
  /** dL/dx, or null for integer inputs (the first input's, for layers with several). */
  inputGradient: Float32Array | null;
  /** dL/dx per input (null for integer ones). */
  inputGradients: (Float32Array | null)[];
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
  x: tf.Tensor | tf.Tensor[],
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
export async function probe(layer: Layer, x: tf.Tensor | tf.Tensor[], training: boolean): Promise<Probe> {
  const inputs = Array.isArray(x) ? x : [x];
  const rebuild = (list: tf.Tensor[]) => (Array.isArray(x) ? list : (list[0] as tf.Tensor));
  const y = layer.apply(x, { training });
  const outputShape = y.shape;
  const output = Float32Array.from(await y.data());
  y.dispose();
  const r = tf.tensor(probeWeights(output.length), outputShape);
  const weights = layer.trainableWeights;
  const floats = inputs.map((t) => t.dtype === 'float32');
  const grads = tf.tidy(() => {
    const loss = (list: tf.Tensor[]) =>
      tf.sum(tf.mul(layer.apply(rebuild(list), { training }), r)) as tf.Scalar;
    const out: tf.Tensor[] = [];
    const floatIndices = inputs.flatMap((_, i) => (floats[i] ? [i] : []));
    if (floatIndices.length > 0) {
      const byInput = tf.grads((...xs: tf.Tensor[]) => {
        const list = [...inputs];
        floatIndices.forEach((i, k) => {
          list[i] = xs[k] as tf.Tensor;
        });
        return loss(list);
      })(floatIndices.map((i) => inputs[i] as tf.Tensor));
      out.push(...byInput);
    }
    if (weights.length > 0) {
      const { grads: byName } = tf.variableGrads(() => loss(inputs), weights);
      for (const v of weights) out.push(byName[v.name] as tf.Tensor);
    }
    return out;
  });
  r.dispose();
  const arrays = await Promise.all(grads.map(async (g) => Float32Array.from(await g.data())));
  tf.dispose(grads);
  const inputGradients = floats.map((isFloat) => (isFloat ? (arrays.shift() as Float32Array) : null));
  return {
    output,
    outputShape,
    inputGradient: inputGradients[0] ?? null,
    inputGradients,
    weightGradients: arrays,
  };
}

/**
 * Central finite differences of the probe loss at up to `count` coordinates of each float input
 * and of every trainable weight (chosen with a fixed seed). Returns, per tensor, the coordinates
 * and the numerical derivatives. Weights are perturbed in place and restored.
 */
export async function numericalGradients(
  layer: Layer,
  x: tf.Tensor | tf.Tensor[],
  options: { eps: number; count: number; training: boolean; outputSize: number },
): Promise<{ name: string; indices: number[]; values: number[] }[]> {
  const { eps, count, training } = options;
  const inputs = Array.isArray(x) ? x : [x];
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
  for (const [k, t] of inputs.entries()) {
    if (t.dtype !== 'float32') continue;
    const base = Float32Array.from(await t.data());
    const indices = pick(base.length);
    const values: number[] = [];
    for (const i of indices) {
      values.push(
        await difference(base, i, async (v) => {
          const xi = tf.tensor(v, t.shape);
          const list = [...inputs];
          list[k] = xi;
          try {
            return await probeLoss(layer, Array.isArray(x) ? list : xi, r, training);
          } finally {
            xi.dispose();
          }
        }),
      );
    }
    results.push({ name: inputs.length === 1 ? 'input' : `input ${k}`, indices, values });
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
