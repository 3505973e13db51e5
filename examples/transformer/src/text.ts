import * as tf from '@tensorflow/tfjs-core';
import type { WordTokenizer } from '@weft/preprocess';

/** Rows of ids cut to `width` and right-padded with 0 ([PAD]) to exactly `width`. */
export function padRows(rows: readonly (readonly number[])[], width: number): number[][] {
  return rows.map((row) => {
    const kept = row.slice(0, width);
    return kept.length === width ? kept : [...kept, ...new Array<number>(width - kept.length).fill(0)];
  });
}

/** The ids of each text (at most `maxLength` of them: longer texts are cut at the end). */
export function encodeTexts(
  tokenizer: WordTokenizer,
  texts: readonly string[],
  maxLength: number,
): number[][] {
  return texts.map((text) => tokenizer.encode(text).slice(0, maxLength));
}

/** The longest row's length (at least 1, so a batch of empty rows still has a step). */
export function longest(rows: readonly (readonly number[])[]): number {
  return rows.reduce((m, r) => Math.max(m, r.length), 1);
}

/** Equal-length id rows as an int32 `[rows, width]` tensor the caller owns. */
export function idTensor(rows: readonly (readonly number[])[]): tf.Tensor2D {
  const width = rows[0]?.length ?? 0;
  const flat = new Int32Array(rows.length * width);
  rows.forEach((row, i) => {
    flat.set(row, i * width);
  });
  return tf.tensor2d(flat, [rows.length, width], 'int32');
}

/** The rows at `indices`, in that order. */
export function take<T>(items: readonly T[], indices: ArrayLike<number>): T[] {
  return Array.from(indices, (i) => items[i] as T);
}
