import * as tf from '@tensorflow/tfjs-core';
import { ConfigError } from '@weft/core';
import { isPlainObject } from './validate.js';

/**
 * A weight penalty as plain data (it is saved in the layer's config): `{ l2: 0.01 }` adds
 * `0.01 · Σ w²` to the loss, `{ l1 }` adds `l1 · Σ |w|` (Keras' definitions, no ½ factor).
 */
export interface Regularizer {
  l1?: number;
  l2?: number;
}

/** Checks a regularizer option; undefined stays undefined. Returns a copy with only the set keys. */
export function checkRegularizer(where: string, name: string, value: unknown): Regularizer | undefined {
  if (value === undefined || value === null) return undefined;
  const keys = isPlainObject(value) ? Object.keys(value) : [];
  const ok =
    isPlainObject(value) &&
    keys.length > 0 &&
    keys.every((k) => (k === 'l1' || k === 'l2') && isNonNegative(value[k]));
  if (!ok) {
    throw new ConfigError({
      where,
      problem: `${name} must be { l2?: number, l1?: number } with non-negative factors`,
      received: { [name]: value },
      fix: 'Use e.g. { l2: 1e-4 }',
    });
  }
  const out: Regularizer = {};
  if (value.l1 !== undefined) out.l1 = value.l1 as number;
  if (value.l2 !== undefined) out.l2 = value.l2 as number;
  return out;
}

function isNonNegative(v: unknown): boolean {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}

/** The penalty of `w` as a scalar tensor the caller owns. */
export function penalty(regularizer: Regularizer, w: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    let total: tf.Scalar = tf.scalar(0);
    if (regularizer.l2) total = tf.add(total, tf.mul(regularizer.l2, tf.sum(tf.square(w))));
    if (regularizer.l1) total = tf.add(total, tf.mul(regularizer.l1, tf.sum(tf.abs(w))));
    return total;
  });
}
