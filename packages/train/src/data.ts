import type * as tf from '@tensorflow/tfjs-core';
import { ShapeError, ValueError } from '@weft/core';
import { toTensors } from '@weft/data';
import type { ColumnTable } from 'arquero';

/** Features and targets as tensors with the same first dimension. The caller owns them. */
export interface TensorData {
  x: tf.Tensor;
  y: tf.Tensor;
}

/** An arquero table and the columns to read from it. */
export interface TableData {
  table: ColumnTable;
  features: string[];
  target: string | string[];
}

export type FitData = TensorData | TableData;

function isTableData(data: FitData): data is TableData {
  return (data as TableData).table !== undefined;
}

/**
 * Tensors for training or evaluation, plus the ones this call created (and so must dispose):
 * tensors passed in stay owned by the caller.
 */
export function resolveData(
  data: FitData,
  where: string,
): { x: tf.Tensor; y: tf.Tensor; owned: tf.Tensor[] } {
  let x: tf.Tensor;
  let y: tf.Tensor;
  let owned: tf.Tensor[] = [];
  if (isTableData(data)) {
    const out = toTensors(data.table, { features: data.features, target: data.target });
    if (!out.y) throw new ValueError({ where, problem: 'the table data has no target column' });
    x = out.x;
    y = out.y;
    owned = [x, y];
  } else {
    ({ x, y } = data);
  }
  if (x.shape[0] !== y.shape[0]) {
    for (const t of owned) t.dispose();
    throw new ShapeError({
      where,
      problem: 'x and y have different numbers of rows',
      expected: 'the same first dimension',
      received: { xShape: x.shape, yShape: y.shape },
    });
  }
  if (x.shape[0] === 0) {
    for (const t of owned) t.dispose();
    throw new ValueError({ where, problem: 'the data has no rows', received: { xShape: x.shape } });
  }
  return { x, y, owned };
}
