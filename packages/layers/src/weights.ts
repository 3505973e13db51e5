import * as tf from '@tensorflow/tfjs-core';
import { DTypeError, ShapeError, ValueError } from '@weft/core';
import type { Layer } from './layer.js';

/** Copies of the layer's weights, in `layer.weights` order; the caller owns them. */
export function getWeights(layer: Layer): tf.Tensor[] {
  return layer.weights.map((v) => tf.clone(v));
}

/**
 * Assigns `values` to the layer's weights, in `layer.weights` order. Every count, shape and dtype
 * is checked before anything is assigned; the values stay owned by the caller.
 */
export function setWeights(layer: Layer, values: readonly tf.Tensor[]): void {
  const where = 'setWeights';
  if (!layer.built) {
    throw new ValueError({
      where,
      problem: `layer "${layer.name}" has no weights yet because it is not built`,
      fix: 'Build it first: layer.build(inputShape), apply it once, or pass inputShape to its config',
    });
  }
  const named = layer.namedWeights;
  if (values.length !== named.length) {
    throw new ShapeError({
      where,
      problem: `layer "${layer.name}" has ${named.length} weights but ${values.length} values were given`,
      expected: named.map((w) => `${w.name} [${w.variable.shape.join(', ')}]`).join(', ') || 'no values',
      received: { count: values.length },
    });
  }
  named.forEach((w, i) => {
    const value = values[i] as tf.Tensor;
    if (!(value instanceof tf.Tensor) || value.shape.join() !== w.variable.shape.join()) {
      throw new ShapeError({
        where,
        problem: `value ${i} does not fit weight "${w.name}"`,
        expected: `shape [${w.variable.shape.join(', ')}]`,
        received: { shape: value instanceof tf.Tensor ? value.shape : value },
      });
    }
    if (value.dtype !== w.variable.dtype) {
      throw new DTypeError({
        where,
        problem: `value ${i} has the wrong dtype for weight "${w.name}"`,
        expected: w.variable.dtype,
        received: { dtype: value.dtype },
      });
    }
  });
  named.forEach((w, i) => {
    w.variable.assign(values[i] as tf.Tensor);
  });
}
