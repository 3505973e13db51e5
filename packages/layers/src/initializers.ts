import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '@weft/core';

/**
 * Weight initializers. Values are drawn in JavaScript from a seeded {@link Rng} and uploaded once,
 * so every backend (cpu, wasm, webgpu, …) starts from bit-identical weights. Definitions follow
 * Keras: variance scaling over fans, with truncated normals rescaled by 1/0.8796 so their
 * standard deviation is the intended one.
 */
export type InitializerName =
  | 'glorotUniform'
  | 'glorotNormal'
  | 'heNormal'
  | 'heUniform'
  | 'zeros'
  | 'ones'
  | 'normal'
  | 'uniform';

export const INITIALIZER_NAMES: readonly InitializerName[] = [
  'glorotUniform',
  'glorotNormal',
  'heNormal',
  'heUniform',
  'zeros',
  'ones',
  'normal',
  'uniform',
];

/** Standard deviation of a unit normal truncated to ±2, which the truncated draws divide out. */
const TRUNCATED_STD = 0.8796256610342398;

/** Keras' fans: the last two axes are (in, out); leading axes are the receptive field (HWIO kernels). */
export function fans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0] as number, fanOut: shape[0] as number };
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return { fanIn: (shape.at(-2) as number) * receptive, fanOut: (shape.at(-1) as number) * receptive };
}

/** The initial values of a weight of `shape`, drawn from `rng`. */
export function initialValues(name: InitializerName, shape: readonly number[], rng: Rng): Float32Array {
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  const { fanIn, fanOut } = fans(shape);
  const truncated = (std: number) => {
    for (let i = 0; i < out.length; i++) out[i] = rng.truncatedNormal(0, std);
  };
  switch (name) {
    case 'zeros':
      return out;
    case 'ones':
      return out.fill(1);
    case 'normal':
      return rng.fillNormal(out, 0, 0.05);
    case 'uniform':
      return rng.fillUniform(out, -0.05, 0.05);
    case 'glorotUniform': {
      const limit = Math.sqrt(6 / Math.max(1, fanIn + fanOut));
      return rng.fillUniform(out, -limit, limit);
    }
    case 'heUniform': {
      const limit = Math.sqrt(6 / Math.max(1, fanIn));
      return rng.fillUniform(out, -limit, limit);
    }
    case 'glorotNormal':
      truncated(Math.sqrt(2 / Math.max(1, fanIn + fanOut)) / TRUNCATED_STD);
      return out;
    case 'heNormal':
      truncated(Math.sqrt(2 / Math.max(1, fanIn)) / TRUNCATED_STD);
      return out;
  }
}

/** A float32 tensor of initial values; the caller owns it. */
export function initialTensor(name: InitializerName, shape: readonly number[], rng: Rng): tf.Tensor {
  return tf.tensor(initialValues(name, shape, rng), [...shape], 'float32');
}
