import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, ShapeError, ValueError } from '@weft/core';
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
  /** Targets as int32 (class labels for sparseCategoricalCrossentropy) instead of float32. */
  targetDType?: 'float32' | 'int32';
}

/** One mini-batch from a stream; `fit` disposes its tensors after the step. */
export interface TrainBatch {
  x: tf.Tensor;
  y?: tf.Tensor;
  /** Per-row weights `[batch]`. */
  sampleWeight?: tf.Tensor;
}

/**
 * A stream of batches: what `batches()` of @weft/data returns, any async iterable of `{ x, y }`,
 * or a function of the epoch returning one (for a fresh shuffle each epoch:
 * `(epoch) => batches(table, { …, shuffle: true, seed: epoch })`).
 */
export type BatchStream = AsyncIterable<TrainBatch> | ((epoch: number) => AsyncIterable<TrainBatch>);

export type FitData = TensorData | TableData | BatchStream;

/** Rows in memory: what the loop slices into batches. */
export interface InMemory {
  kind: 'memory';
  x: tf.Tensor;
  y: tf.Tensor;
  n: number;
  /** Tensors this call created (from a table, a split): disposed when it ends. */
  owned: tf.Tensor[];
}

export interface Streamed {
  kind: 'stream';
  open(epoch: number): AsyncIterable<TrainBatch>;
}

export type Source = InMemory | Streamed;

export function isStream(data: unknown): data is BatchStream {
  return (
    typeof data === 'function' || (typeof data === 'object' && data !== null && Symbol.asyncIterator in data)
  );
}

function isTableData(data: FitData): data is TableData {
  return typeof data === 'object' && data !== null && (data as TableData).table !== undefined;
}

/**
 * The rows of `data` as a {@link Source}. Tensors passed in stay the caller's; tables are read
 * once into tensors this source owns. Typed errors for unequal row counts and empty data.
 */
export function resolveData(data: FitData, where: string): Source {
  if (isStream(data)) {
    const open = typeof data === 'function' ? data : () => data;
    return { kind: 'stream', open };
  }
  let x: tf.Tensor;
  let y: tf.Tensor;
  let owned: tf.Tensor[] = [];
  if (isTableData(data)) {
    const out = toTensors(data.table, { features: data.features, target: data.target });
    if (!out.y) {
      tf.dispose(out.x);
      throw new ValueError({ where, problem: 'the table data has no target column' });
    }
    x = out.x;
    y = data.targetDType === 'int32' ? tf.cast(out.y, 'int32') : out.y;
    if (y !== out.y) out.y.dispose();
    owned = [x, y];
  } else if (
    typeof data === 'object' &&
    data !== null &&
    (data as TensorData).x instanceof tf.Tensor &&
    (data as TensorData).y instanceof tf.Tensor
  ) {
    ({ x, y } = data as TensorData);
  } else {
    throw new ConfigError({
      where,
      problem: 'the data is not tensors, a table or a stream of batches',
      expected: '{ x, y } tensors, { table, features, target }, or an async iterable of { x, y } batches',
      received: { data },
    });
  }
  if (x.shape[0] !== y.shape[0]) {
    tf.dispose(owned);
    throw new ShapeError({
      where,
      problem: 'x and y have different numbers of rows',
      expected: 'the same first dimension',
      received: { xShape: x.shape, yShape: y.shape },
    });
  }
  if (x.rank === 0 || x.shape[0] === 0) {
    tf.dispose(owned);
    throw new ValueError({
      where,
      problem: 'the data has no rows',
      received: { xShape: x.shape },
      fix: 'Check the filter or split that produced it',
    });
  }
  return { kind: 'memory', x, y, n: x.shape[0] as number, owned };
}
