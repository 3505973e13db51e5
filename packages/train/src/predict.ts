import * as tf from '@tensorflow/tfjs-core';
import { ConfigError } from '@weft/core';
import type { Layer } from '@weft/layers';
import { batchRanges, sliceRows } from './batching.js';

export interface PredictOptions {
  /** Rows per forward pass (default 256); bounds peak memory. */
  batchSize?: number;
}

export function checkBatchSize(batchSize: number, where: string): void {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new ConfigError({
      where,
      problem: 'batchSize must be a positive integer',
      received: { batchSize },
    });
  }
}

/**
 * Runs the model in inference mode over `x` in batches and returns the concatenated output.
 * Async for the contract (backends may need to yield); the caller owns the result and keeps
 * owning `x`.
 */
export async function predict(model: Layer, x: tf.Tensor, options: PredictOptions = {}): Promise<tf.Tensor> {
  const batchSize = options.batchSize ?? 256;
  checkBatchSize(batchSize, 'predict');
  const n = x.shape[0] ?? 0;
  if (n <= batchSize) return tf.tidy(() => model.apply(x, { training: false }));
  const parts = batchRanges(n, batchSize).map(({ start, size }) =>
    tf.tidy(() => model.apply(sliceRows(x, start, size), { training: false })),
  );
  const out = tf.concat(parts, 0);
  tf.dispose(parts);
  return out;
}
