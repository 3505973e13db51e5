import * as tf from '@tensorflow/tfjs-core';

/**
 * Activations by name, as layers store them in their configs. Each is built from tfjs-core ops
 * that have gradients and kernels on every backend.
 */
export type ActivationName = 'linear' | 'relu' | 'sigmoid' | 'tanh' | 'softmax' | 'leakyRelu' | 'gelu';

export const ACTIVATION_NAMES: readonly ActivationName[] = [
  'linear',
  'relu',
  'sigmoid',
  'tanh',
  'softmax',
  'leakyRelu',
  'gelu',
];

/** Keras 3's default negative slope for leaky ReLU. */
const LEAKY_RELU_SLOPE = 0.2;

/** Applies `name` to `x`; softmax runs over the last axis. Returns a new tensor (or `x` for linear). */
export function activate(name: ActivationName, x: tf.Tensor): tf.Tensor {
  switch (name) {
    case 'linear':
      return x;
    case 'relu':
      return tf.relu(x);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'tanh':
      return tf.tanh(x);
    case 'softmax':
      return tf.softmax(x, -1);
    case 'leakyRelu':
      return tf.leakyRelu(x, LEAKY_RELU_SLOPE);
    case 'gelu':
      // The exact form (Keras' default): x · Φ(x) = 0.5 · x · (1 + erf(x / √2)).
      return tf.tidy(() => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2)))));
  }
}
