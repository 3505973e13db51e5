import * as tf from '@tensorflow/tfjs-core';
import { DTypeError, Rng, ValueError } from '@weft/core';
import type { ColumnTable } from 'arquero';
import { assertColumns, assertNames } from './columns.js';
import type { CSVStream } from './csv-stream.js';
import { readMatrix } from './matrix.js';
import type { RawRecord } from './record-reader.js';

export interface StreamBatchOptions {
  features: string[];
  targets: string[];
  batchSize: number;
  dtype: 'float32' | 'int32';
  allowMissing: boolean;
  dropLast: boolean;
  /** Rows held for shuffling (0: no shuffle). */
  shuffleBuffer: number;
  seed: number;
  where: string;
}

type Values = Float32Array | Int32Array;

/**
 * Gathers rows into `[batchSize, width]` tensors. Without shuffling rows go straight into the
 * batch; with it they pass through a pool of `shuffleBuffer` rows (as tf.data's shuffle does):
 * each new row takes the place of a randomly drawn one, which goes to the batch. Memory is the
 * pool plus one batch, whatever the stream's length.
 */
class Batcher {
  private readonly x: Values;
  private readonly y: Values | null;
  private filled = 0;
  private readonly poolX: Values | null;
  private readonly poolY: Values | null;
  private pooled = 0;
  private readonly rng: Rng | null;
  private readonly out: { x: tf.Tensor2D; y?: tf.Tensor2D }[] = [];

  constructor(private readonly o: StreamBatchOptions) {
    const make = (rows: number, width: number): Values =>
      o.dtype === 'int32' ? new Int32Array(rows * width) : new Float32Array(rows * width);
    const nx = o.features.length;
    const ny = o.targets.length;
    this.x = make(o.batchSize, nx);
    this.y = ny > 0 ? make(o.batchSize, ny) : null;
    this.poolX = o.shuffleBuffer > 0 ? make(o.shuffleBuffer, nx) : null;
    this.poolY = o.shuffleBuffer > 0 && ny > 0 ? make(o.shuffleBuffer, ny) : null;
    this.rng = o.shuffleBuffer > 0 ? new Rng(o.seed) : null;
  }

  /** Adds row `i` of row-major `xs`/`ys`. */
  push(xs: Values, ys: Values | null, i: number): void {
    const nx = this.o.features.length;
    const ny = this.o.targets.length;
    if (!this.poolX || !this.rng) {
      this.take(xs, ys, i);
      return;
    }
    if (this.pooled < this.o.shuffleBuffer) {
      copyRow(xs, i, this.poolX, this.pooled, nx);
      if (this.poolY && ys) copyRow(ys, i, this.poolY, this.pooled, ny);
      this.pooled++;
      return;
    }
    const slot = this.rng.int(this.o.shuffleBuffer);
    this.take(this.poolX, this.poolY, slot);
    copyRow(xs, i, this.poolX, slot, nx);
    if (this.poolY && ys) copyRow(ys, i, this.poolY, slot, ny);
  }

  /** Drains the pool in random order and emits the last, short batch unless dropLast. */
  finish(): void {
    if (this.poolX && this.rng) {
      const order = this.rng.permutation(this.pooled);
      for (const slot of order) this.take(this.poolX, this.poolY, slot);
      this.pooled = 0;
    }
    if (this.filled > 0 && !this.o.dropLast) this.emit(this.filled);
    this.filled = 0;
  }

  /** The oldest completed batch not yet handed out. */
  next(): { x: tf.Tensor2D; y?: tf.Tensor2D } | undefined {
    return this.out.shift();
  }

  private take(xs: Values, ys: Values | null, i: number): void {
    copyRow(xs, i, this.x, this.filled, this.o.features.length);
    if (this.y && ys) copyRow(ys, i, this.y, this.filled, this.o.targets.length);
    this.filled++;
    if (this.filled === this.o.batchSize) {
      this.emit(this.filled);
      this.filled = 0;
    }
  }

  private emit(rows: number): void {
    const { dtype, features, targets } = this.o;
    // slice() copies, so the reused buffers never alias a tensor's data.
    const x = tf.tensor2d(this.x.slice(0, rows * features.length), [rows, features.length], dtype);
    if (!this.y) {
      this.out.push({ x });
      return;
    }
    this.out.push({
      x,
      y: tf.tensor2d(this.y.slice(0, rows * targets.length), [rows, targets.length], dtype),
    });
  }
}

function copyRow(from: Values, i: number, to: Values, k: number, width: number): void {
  const a = i * width;
  const b = k * width;
  for (let j = 0; j < width; j++) to[b + j] = from[a + j] as number;
}

/**
 * Mini-batches from a streamed CSV file. Numbers are parsed straight from the text (no string per
 * field): a plain decimal with at most 15 significant digits and an exponent within ±22 is
 * converted exactly like `Number()` (one correctly rounded operation); anything else falls back
 * to `Number()` on the field.
 */
export async function* csvStreamBatches(
  stream: CSVStream,
  o: StreamBatchOptions,
): AsyncGenerator<{ x: tf.Tensor2D; y?: tf.Tensor2D }> {
  const batcher = new Batcher(o);
  let xIndex: number[] = [];
  let yIndex: number[] = [];
  const make = (n: number): Values => (o.dtype === 'int32' ? new Int32Array(n) : new Float32Array(n));
  const rowX = make(o.features.length);
  const rowY = o.targets.length > 0 ? make(o.targets.length) : null;
  const read = (
    record: RawRecord,
    k: number,
    column: string,
    row: number,
    role: 'feature' | 'target',
  ): number => {
    const quoted = record.quoted[k];
    if (quoted === undefined) {
      const v = fastNumber(record.text, record.starts[k] as number, record.ends[k] as number);
      if (!Number.isNaN(v) && (o.dtype === 'float32' || Number.isInteger(v))) return v;
    }
    const text = quoted ?? record.text.slice(record.starts[k], record.ends[k]);
    return parseField(text, column, row, record.line, role, o);
  };
  try {
    for await (const _ of stream.pump(
      (names) => {
        assertNames(names, [...o.features, ...o.targets], o.where);
        xIndex = o.features.map((f) => names.indexOf(f));
        yIndex = o.targets.map((t) => names.indexOf(t));
      },
      (record, row) => {
        for (let j = 0; j < xIndex.length; j++) {
          rowX[j] = read(record, xIndex[j] as number, o.features[j] as string, row, 'feature');
        }
        if (rowY) {
          for (let j = 0; j < yIndex.length; j++) {
            rowY[j] = read(record, yIndex[j] as number, o.targets[j] as string, row, 'target');
          }
        }
        batcher.push(rowX, rowY, 0);
      },
    )) {
      for (let b = batcher.next(); b; b = batcher.next()) yield b;
    }
    batcher.finish();
    for (let b = batcher.next(); b; b = batcher.next()) yield b;
  } finally {
    // Batches made but not handed out (the consumer stopped, or an error) are disposed here.
    for (let b = batcher.next(); b; b = batcher.next()) tf.dispose([b.x, b.y as tf.Tensor2D]);
  }
}

const POW10 = Float64Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * The value of a plain decimal `text[a, b)` such as `-12.5e-3`, or NaN when it is anything else
 * (spaces, hex, Infinity, more than 15 digits, a large exponent): then the caller uses Number().
 * Mantissa and power of ten are exact doubles, so the one multiplication or division rounds
 * correctly, giving exactly Number()'s result.
 */
export function fastNumber(text: string, a: number, b: number): number {
  let i = a;
  let c = text.charCodeAt(i);
  const negative = c === 45;
  if (negative || c === 43) c = text.charCodeAt(++i);
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  while (i < b && c >= 48 && c <= 57) {
    mantissa = mantissa * 10 + (c - 48);
    digits++;
    c = text.charCodeAt(++i);
  }
  if (i < b && c === 46) {
    c = text.charCodeAt(++i);
    while (i < b && c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      scale--;
      c = text.charCodeAt(++i);
    }
  }
  if (digits === 0 || digits > 15) return Number.NaN;
  if (i < b) {
    if (c !== 101 && c !== 69) return Number.NaN;
    c = text.charCodeAt(++i);
    const negativeExponent = c === 45;
    if (negativeExponent || c === 43) c = text.charCodeAt(++i);
    let exponent = 0;
    const from = i;
    while (i < b && c >= 48 && c <= 57 && exponent < 1000) {
      exponent = exponent * 10 + (c - 48);
      c = text.charCodeAt(++i);
    }
    if (i !== b || i === from) return Number.NaN;
    scale += negativeExponent ? -exponent : exponent;
  }
  if (scale < -22 || scale > 22) return Number.NaN;
  const value = scale >= 0 ? mantissa * (POW10[scale] as number) : mantissa / (POW10[-scale] as number);
  return negative ? -value : value;
}

/** Mini-batches from an async iterable of arquero tables (e.g. a CSVStream's chunks). */
export async function* tableStreamBatches(
  tables: AsyncIterable<ColumnTable>,
  o: StreamBatchOptions,
): AsyncGenerator<{ x: tf.Tensor2D; y?: tf.Tensor2D }> {
  const batcher = new Batcher(o);
  try {
    for await (const table of tables) {
      assertColumns(table, [...o.features, ...o.targets], o.where);
      const n = table.numRows();
      if (n === 0) continue;
      const xs = readMatrix(table, o.features, {
        where: o.where,
        dtype: o.dtype,
        role: 'feature',
        allowMissing: o.allowMissing,
      });
      const ys =
        o.targets.length > 0
          ? readMatrix(table, o.targets, { where: o.where, dtype: o.dtype, role: 'target' })
          : null;
      for (let i = 0; i < n; i++) batcher.push(xs, ys, i);
      for (let b = batcher.next(); b; b = batcher.next()) yield b;
    }
    batcher.finish();
    for (let b = batcher.next(); b; b = batcher.next()) yield b;
  } finally {
    for (let b = batcher.next(); b; b = batcher.next()) tf.dispose([b.x, b.y as tf.Tensor2D]);
  }
}

function parseField(
  text: string,
  column: string,
  row: number,
  line: number,
  role: 'feature' | 'target',
  o: StreamBatchOptions,
): number {
  // The common case stays small enough to inline: a finite number (and an integer for int32).
  const v = +text;
  if (v - v === 0 && text !== '' && (o.dtype === 'float32' || Number.isInteger(v))) return v;
  return parseFieldSlow(text, column, row, line, role, o);
}

function parseFieldSlow(
  text: string,
  column: string,
  row: number,
  line: number,
  role: 'feature' | 'target',
  o: StreamBatchOptions,
): number {
  const v = text.trim() === '' ? Number.NaN : Number(text);
  if (Number.isFinite(v) && (o.dtype === 'float32' || Number.isInteger(v))) return v;
  if (Number.isNaN(v) && text.trim() !== '' && text.trim() !== 'NaN') {
    throw new DTypeError({
      where: o.where,
      problem: `${role} column "${column}" holds text that is not a number at row ${row} (line ${line})`,
      expected: 'numeric fields',
      received: { column, row, line, value: text },
      fix: 'Fix the file, or load it with loadCSV and encode the column first (@weft/preprocess)',
    });
  }
  if (Number.isFinite(v)) {
    throw new DTypeError({
      where: o.where,
      problem: `${role} column "${column}" holds a value that is not a 32-bit integer at row ${row} (line ${line})`,
      expected: "integers for dtype 'int32'",
      received: { column, row, line, value: text },
      fix: "Use dtype 'float32'",
    });
  }
  if (Number.isNaN(v) && role === 'feature' && o.allowMissing && o.dtype === 'float32') return v;
  throw new ValueError({
    where: o.where,
    problem: `${role} column "${column}" has ${Number.isNaN(v) ? 'a missing value' : 'an infinite value'} at row ${row} (line ${line})`,
    expected: 'finite numbers in every row',
    received: { column, row, line, value: text },
    fix:
      role === 'target'
        ? 'Drop rows without a target from the file first'
        : 'Pass { allowMissing: true } to keep missing features as NaN, or clean the file first',
  });
}
