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
  | 'uniform'
  | 'orthogonal';

export const INITIALIZER_NAMES: readonly InitializerName[] = [
  'glorotUniform',
  'glorotNormal',
  'heNormal',
  'heUniform',
  'zeros',
  'ones',
  'normal',
  'uniform',
  'orthogonal',
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
    case 'orthogonal':
      return orthogonal(shape, rng);
  }
}

/**
 * Keras' Orthogonal (gain 1): a normal matrix `[Π shape[:-1], shape[-1]]` made orthonormal along
 * its shorter side by QR (modified Gram–Schmidt in float64), signs fixed by R's diagonal.
 * Recurrent kernels use it.
 */
function orthogonal(shape: readonly number[], rng: Rng): Float32Array {
  const cols = shape.at(-1) ?? 1;
  const flatRows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
  const [n, m] = flatRows < cols ? [cols, flatRows] : [flatRows, cols]; // n ≥ m: m orthonormal columns of length n
  const q = Array.from({ length: m }, () => Float64Array.from({ length: n }, () => rng.normal()));
  for (let j = 0; j < m; j++) {
    const v = q[j] as Float64Array;
    for (let k = 0; k < j; k++) {
      const u = q[k] as Float64Array;
      let dot = 0;
      for (let i = 0; i < n; i++) dot += (u[i] as number) * (v[i] as number);
      for (let i = 0; i < n; i++) v[i] = (v[i] as number) - dot * (u[i] as number);
    }
    let squares = 0;
    for (let i = 0; i < n; i++) squares += (v[i] as number) ** 2;
    const norm = Math.sqrt(squares);
    // R's diagonal is the norm (positive), so no sign flip is needed after normalizing.
    for (let i = 0; i < n; i++) v[i] = (v[i] as number) / norm;
  }
  const out = new Float32Array(flatRows * cols);
  for (let r = 0; r < flatRows; r++) {
    for (let c = 0; c < cols; c++) {
      out[r * cols + c] =
        flatRows < cols ? ((q[r] as Float64Array)[c] as number) : ((q[c] as Float64Array)[r] as number);
    }
  }
  return out;
}

/** A float32 tensor of initial values; the caller owns it. */
export function initialTensor(name: InitializerName, shape: readonly number[], rng: Rng): tf.Tensor {
  return tf.tensor(initialValues(name, shape, rng), [...shape], 'float32');
}
