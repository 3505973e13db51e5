import * as tf from '@tensorflow/tfjs-core';
import { SparseCategoricalCrossentropyLoss } from '@weft/train';

const crossentropy = new SparseCategoricalCrossentropyLoss();

/**
 * Cross-entropy of per-token probabilities `[batch, steps, vocab]` against ids `[batch, steps]`,
 * averaged over the tokens whose weight is 1 (masked words, or real target words). Each token is
 * a row of @weft/train's loss, so its clipping and PyTorch parity carry over; fit's own
 * reduction weighs whole rows, which is why the tutorial reduces per token itself.
 */
export function tokenCrossentropy(labels: tf.Tensor, probs: tf.Tensor, weights: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const vocab = probs.shape[probs.rank - 1] as number;
    const perToken = crossentropy.perSample(tf.reshape(labels, [-1]), tf.reshape(probs, [-1, vocab]));
    const w = tf.cast(tf.reshape(weights, [-1]), 'float32');
    return tf.div(tf.sum(tf.mul(perToken, w)), tf.maximum(tf.sum(w), 1)) as tf.Scalar;
  });
}
