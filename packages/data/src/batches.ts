import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, Rng, ShapeError } from '@weft/core';
import type { ColumnTable } from 'arquero';
import { assertColumns, assertNotEmpty } from './columns.js';
import { CSVStream } from './csv-stream.js';
import { readMatrix } from './matrix.js';
import { csvStreamBatches, type StreamBatchOptions, tableStreamBatches } from './stream-batches.js';
import { checkTensorColumns } from './to-tensors.js';

export interface BatchesOptions {
  /** Input columns (table sources only). */
  features?: string[];
  /** Target column(s) (table sources only). */
  target?: string | string[];
  /** Rows per batch, ≥ 1. */
  batchSize: number;
  /** Visit rows in a seeded random order (default false). Needs `seed`. */
  shuffle?: boolean;
  /** Seed of the shuffle; use a different one per epoch for a fresh order each epoch. */
  seed?: number;
  /** Skip a last batch smaller than batchSize (default false). */
  dropLast?: boolean;
  /** Table sources: tensor dtype (default 'float32'). */
  dtype?: 'float32' | 'int32';
  /** Table sources: let missing feature values through as NaN (default false), as in toTensors. */
  allowMissing?: boolean;
  /**
   * Streamed sources with `shuffle`: rows held for shuffling (default max(1000, 10 · batchSize)).
   * The order is random within a window of this many rows, and memory grows with it.
   */
  shuffleBuffer?: number;
}

/** Tensors already in memory: rows along the first axis of x (and y). */
export interface TensorSource {
  x: tf.Tensor;
  y?: tf.Tensor;
}

export interface Batch<T extends tf.Tensor = tf.Tensor2D> {
  x: T;
  y?: T;
}

/**
 * Mini-batches of `{ x, y }`, one pass over the rows. Every batch's tensors are new and owned by
 * the consumer: dispose them after the step (or create and use them inside `tf.tidy`). Tensors
 * are made lazily, one batch per iteration, so stopping early leaks nothing.
 *
 * A table source is read and checked once, when `batches` is called (the same checks and errors
 * as {@link toTensors}); a tensor source is sliced (or gathered, when shuffled) along axis 0 and
 * stays owned by the caller. A streamed source — a {@link CSVStream} from `streamCSV(path)`, or
 * any async iterable of tables — is read as it is consumed, with memory bounded by one chunk,
 * one batch and the shuffle buffer; its data errors surface at the batch that reaches them.
 */
export function batches(source: ColumnTable, options: BatchesOptions): AsyncIterable<Batch<tf.Tensor2D>>;
export function batches(source: TensorSource, options: BatchesOptions): AsyncIterable<Batch<tf.Tensor>>;
export function batches(
  source: CSVStream | AsyncIterable<ColumnTable>,
  options: BatchesOptions,
): AsyncIterable<Batch<tf.Tensor2D>>;
export function batches(
  source: ColumnTable | TensorSource | CSVStream | AsyncIterable<ColumnTable>,
  options: BatchesOptions,
): AsyncIterable<Batch<tf.Tensor>> {
  const where = 'batches';
  checkOptions(options, where);
  if (isStream(source)) return streamed(source, options, where);
  const isTensors = (source as TensorSource).x instanceof tf.Tensor;
  const n = isTensors
    ? tensorRows(source as TensorSource, where)
    : tableRows(source as ColumnTable, options, where);
  const order = options.shuffle ? new Rng(options.seed as number).permutation(n) : null;
  const starts: number[] = [];
  for (let start = 0; start < n; start += options.batchSize) {
    if (options.dropLast && start + options.batchSize > n) break;
    starts.push(start);
  }
  const make = isTensors
    ? tensorBatcher(source as TensorSource, order)
    : tableBatcher(source as ColumnTable, options, order, where);
  return {
    async *[Symbol.asyncIterator]() {
      for (const start of starts) yield make(start, Math.min(start + options.batchSize, n));
    },
  };
}

function isStream(source: unknown): source is CSVStream | AsyncIterable<ColumnTable> {
  if (source instanceof CSVStream) return true;
  if (source === null || typeof source !== 'object') return false;
  return (
    typeof (source as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function' &&
    typeof (source as ColumnTable).numRows !== 'function'
  );
}

function streamed(
  source: CSVStream | AsyncIterable<ColumnTable>,
  options: BatchesOptions,
  where: string,
): AsyncIterable<Batch<tf.Tensor2D>> {
  const targets = targetList(options);
  const dtype = options.dtype ?? 'float32';
  checkTensorColumns(options.features, targets, dtype, where);
  const buffer = options.shuffleBuffer ?? Math.max(1000, 10 * options.batchSize);
  if (options.shuffle && (!Number.isInteger(buffer) || buffer < 1)) {
    throw new ConfigError({
      where,
      problem: 'shuffleBuffer is not a positive integer',
      expected: 'a row count ≥ 1, such as 10000',
      received: { shuffleBuffer: options.shuffleBuffer },
    });
  }
  const o: StreamBatchOptions = {
    features: options.features as string[],
    targets,
    batchSize: options.batchSize,
    dtype,
    allowMissing: options.allowMissing ?? false,
    dropLast: options.dropLast ?? false,
    shuffleBuffer: options.shuffle ? buffer : 0,
    seed: options.seed ?? 0,
    where,
  };
  return {
    [Symbol.asyncIterator]: () =>
      source instanceof CSVStream ? csvStreamBatches(source, o) : tableStreamBatches(source, o),
  };
}

function checkOptions(options: BatchesOptions, where: string): void {
  if (!Number.isInteger(options?.batchSize) || options.batchSize < 1) {
    throw new ConfigError({
      where,
      problem: 'batchSize is not a positive integer',
      expected: 'an integer ≥ 1, such as 32',
      received: { batchSize: options?.batchSize },
    });
  }
  if (options.shuffle && !Number.isFinite(options.seed)) {
    throw new ConfigError({
      where,
      problem: 'shuffle is on but no seed was given',
      expected: 'options.seed, a finite number',
      received: { seed: options.seed },
      fix: 'Pass { shuffle: true, seed: epoch } for a reproducible order that changes each epoch',
    });
  }
}

function tensorRows(source: TensorSource, where: string): number {
  const n = source.x.shape[0] ?? 0;
  if (source.x.rank === 0 || (source.y && source.y.shape[0] !== n)) {
    throw new ShapeError({
      where,
      problem: 'x and y do not have the same number of rows along axis 0',
      expected: 'tensors of rank ≥ 1 with equal first dimensions',
      received: { xShape: source.x.shape, yShape: source.y?.shape },
    });
  }
  return n;
}

function tableRows(table: ColumnTable, options: BatchesOptions, where: string): number {
  checkTensorColumns(options.features, targetList(options), options.dtype ?? 'float32', where);
  assertNotEmpty(table, where);
  return table.numRows();
}

function targetList(options: BatchesOptions): string[] {
  return options.target === undefined
    ? []
    : typeof options.target === 'string'
      ? [options.target]
      : options.target;
}

type Batcher = (start: number, end: number) => Batch<tf.Tensor>;

function tensorBatcher(source: TensorSource, order: Int32Array | null): Batcher {
  const take = (t: tf.Tensor, start: number, end: number): tf.Tensor => {
    if (!order) return tf.slice(t, start, end - start);
    return tf.tidy(() => tf.gather(t, tf.tensor1d(order.subarray(start, end), 'int32')));
  };
  return (start, end) => {
    const x = take(source.x, start, end);
    return source.y ? { x, y: take(source.y, start, end) } : { x };
  };
}

function tableBatcher(
  table: ColumnTable,
  options: BatchesOptions,
  order: Int32Array | null,
  where: string,
): Batcher {
  const features = options.features as string[];
  const targets = targetList(options);
  const dtype = options.dtype ?? 'float32';
  assertColumns(table, [...features, ...targets], where);
  const xAll = readMatrix(table, features, {
    where,
    dtype,
    role: 'feature',
    allowMissing: options.allowMissing,
  });
  const yAll = targets.length > 0 ? readMatrix(table, targets, { where, dtype, role: 'target' }) : null;
  const rows = (all: Float32Array | Int32Array, width: number, start: number, end: number) => {
    if (!order) return all.slice(start * width, end * width);
    const out =
      dtype === 'int32' ? new Int32Array((end - start) * width) : new Float32Array((end - start) * width);
    for (let i = start; i < end; i++) {
      const row = order[i] as number;
      out.set(all.subarray(row * width, (row + 1) * width), (i - start) * width);
    }
    return out;
  };
  return (start, end) => {
    const x = tf.tensor2d(rows(xAll, features.length, start, end), [end - start, features.length], dtype);
    if (!yAll) return { x };
    return {
      x,
      y: tf.tensor2d(rows(yAll, targets.length, start, end), [end - start, targets.length], dtype),
    };
  };
}
