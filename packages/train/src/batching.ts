import * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from '@weft/core';
import type { Source, TrainBatch } from './data.js';

/** Rows [start, start + size) of a tensor along the first axis. */
export function sliceRows(t: tf.Tensor, start: number, size: number): tf.Tensor {
  const begin = t.shape.map((_, i) => (i === 0 ? start : 0));
  const shape = t.shape.map((d, i) => (i === 0 ? size : d));
  return tf.slice(t, begin, shape);
}

/** Batch boundaries for n rows: every batch full except possibly the last. */
export function batchRanges(n: number, batchSize: number): { start: number; size: number }[] {
  const ranges: { start: number; size: number }[] = [];
  for (let start = 0; start < n; start += batchSize)
    ranges.push({ start, size: Math.min(batchSize, n - start) });
  return ranges;
}

/** A batch with targets, checked; the consumer disposes its tensors. */
export interface CheckedBatch {
  x: tf.Tensor;
  y: tf.Tensor;
  sampleWeight: tf.Tensor | null;
  size: number;
}

/** Checks a streamed batch: targets present, rows agreeing. Throws before anything is used. */
export function checkBatch(batch: TrainBatch, where: string): CheckedBatch {
  const size = batch?.x?.shape?.[0];
  const fail = (problem: string) => {
    tf.dispose([batch?.x, batch?.y, batch?.sampleWeight].filter((t) => t instanceof tf.Tensor));
    throw new ShapeError({
      where,
      problem,
      expected: 'batches { x, y } (optionally sampleWeight) with equal first dimensions',
      received: {
        xShape: batch?.x?.shape,
        yShape: batch?.y?.shape,
        sampleWeightShape: batch?.sampleWeight?.shape,
      },
    });
  };
  if (!(batch?.x instanceof tf.Tensor) || !(batch.y instanceof tf.Tensor))
    fail('a batch has no x or no y tensor');
  if (batch.y?.shape[0] !== size || (batch.sampleWeight && batch.sampleWeight.shape[0] !== size)) {
    fail('a batch has tensors with different numbers of rows');
  }
  if (!size) fail('a batch has no rows');
  return {
    x: batch.x,
    y: batch.y as tf.Tensor,
    sampleWeight: batch.sampleWeight ?? null,
    size: size as number,
  };
}

/** Every batch of a source once, in order, for evaluation. Each batch is new: dispose it after use. */
export async function* evaluationBatches(
  source: Source,
  batchSize: number,
  where: string,
): AsyncGenerator<CheckedBatch> {
  if (source.kind === 'memory') {
    for (const { start, size } of batchRanges(source.n, batchSize)) {
      yield {
        x: sliceRows(source.x, start, size),
        y: sliceRows(source.y, start, size),
        sampleWeight: null,
        size,
      };
    }
    return;
  }
  for await (const batch of source.open(0)) yield checkBatch(batch, where);
}
