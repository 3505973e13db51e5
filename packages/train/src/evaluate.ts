import * as tf from '@tensorflow/tfjs-core';
import type { Layer } from '@weft/layers';
import { batchRanges, sliceRows } from './batching.js';
import { type FitData, resolveData } from './data.js';
import { type LossName, resolveLoss } from './losses/registry.js';
import type { LossFn } from './losses/types.js';
import { checkBatchSize } from './predict.js';

export interface EvaluateOptions {
  loss: LossName | LossFn;
  batchSize?: number;
}

/**
 * The mean loss over all rows (batch losses weighted by batch size), read back once. Tensors
 * passed in stay the caller's.
 */
export async function lossOver(
  model: Layer,
  x: tf.Tensor,
  y: tf.Tensor,
  loss: LossFn,
  batchSize: number,
): Promise<number> {
  const n = x.shape[0] ?? 0;
  const weighted = batchRanges(n, batchSize).map(({ start, size }) =>
    tf.tidy(() =>
      tf.mul(
        loss(sliceRows(y, start, size), model.apply(sliceRows(x, start, size), { training: false })),
        size,
      ),
    ),
  );
  const total = tf.tidy(() => tf.addN(weighted));
  tf.dispose(weighted);
  const value = (await total.data())[0] as number;
  total.dispose();
  return value / n;
}

/** Evaluates the model on data: `{ loss }` (metrics join when @weft/metrics objects are passed). */
export async function evaluate(
  model: Layer,
  data: FitData,
  options: EvaluateOptions,
): Promise<{ loss: number }> {
  const batchSize = options.batchSize ?? 256;
  checkBatchSize(batchSize, 'evaluate');
  const lossFn = resolveLoss(options.loss, 'evaluate');
  const { x, y, owned } = resolveData(data, 'evaluate');
  try {
    return { loss: await lossOver(model, x, y, lossFn, batchSize) };
  } finally {
    tf.dispose(owned);
  }
}
