import * as tf from '@tensorflow/tfjs-core';

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
