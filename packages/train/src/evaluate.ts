import * as tf from '@tensorflow/tfjs-core';
import { dispose, ValueError } from '@weft/core';
import type { Layer } from '@weft/layers';
import { evaluationBatches } from './batching.js';
import { type FitData, resolveData, type Source } from './data.js';
import { weightedMean } from './losses/reduce.js';
import { type LossSpec, resolveLoss } from './losses/registry.js';
import type { Loss } from './losses/types.js';
import { type MetricSpec, resolveMetrics } from './metrics/resolve.js';
import type { EpochMetric } from './metrics/types.js';
import { checkBatchSize } from './predict.js';

export interface EvaluateOptions {
  loss: LossSpec;
  /** Rows per forward pass (default 256). */
  batchSize?: number;
  /** Names (`'accuracy'`, `'mae'`) or @weft/metrics objects, reported beside `loss`. */
  metrics?: MetricSpec[];
}

/**
 * The mean loss over every row (batch losses weighted by batch size) and each metric, in
 * inference mode. Values are read back once at the end. Tensors of the source stay its owner's.
 */
export async function evaluateSource(
  model: Layer,
  source: Source,
  loss: Loss,
  metrics: readonly EpochMetric[],
  batchSize: number,
  where: string,
): Promise<Record<string, number>> {
  let total: tf.Tensor | null = null;
  let rows = 0;
  try {
    for await (const batch of evaluationBatches(source, batchSize, where)) {
      const next = tf.tidy(() => {
        const yPred = model.apply(batch.x, { training: false });
        const batchLoss = tf.mul(weightedMean(loss.perSample(batch.y, yPred), null, loss.name), batch.size);
        if (metrics.length > 0) {
          const shown = loss.toPrediction ? loss.toPrediction(yPred) : yPred;
          for (const metric of metrics) metric.update(batch.y, shown);
        }
        return total ? tf.add(total, batchLoss) : batchLoss;
      });
      dispose([batch.x, batch.y, batch.sampleWeight, total]);
      total = next;
      rows += batch.size;
    }
    if (!total) {
      throw new ValueError({
        where,
        problem: 'the data gave no batches',
        expected: 'at least one batch with rows',
        fix: 'Check the stream (an exhausted iterator gives nothing the second time)',
      });
    }
    const logs: Record<string, number> = { loss: ((await total.data())[0] as number) / rows };
    for (const metric of metrics) logs[metric.key] = await metric.result();
    return logs;
  } finally {
    total?.dispose();
    for (const metric of metrics) metric.reset();
  }
}

/**
 * Evaluates the model on data (tensors, a table or a stream of batches): `{ loss, …metrics }`.
 * Tensors passed in stay the caller's; streamed batches are disposed after use.
 */
export async function evaluate(
  model: Layer,
  data: FitData,
  options: EvaluateOptions,
): Promise<{ loss: number } & Record<string, number>> {
  const where = 'evaluate';
  const batchSize = options.batchSize ?? 256;
  checkBatchSize(batchSize, where);
  const loss = resolveLoss(options.loss, where);
  const metrics = resolveMetrics(options.metrics, where);
  const source = resolveData(data, where);
  try {
    return (await evaluateSource(model, source, loss, metrics, batchSize, where)) as {
      loss: number;
    } & Record<string, number>;
  } finally {
    if (source.kind === 'memory') tf.dispose(source.owned);
  }
}
