import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, DTypeError, ValueError } from '@weft/core';
import { assertColumns, assertNotEmpty } from '@weft/data';
import type { ColumnTable } from 'arquero';

/**
 * The special tokens every Weft tokenizer reserves, with fixed ids: padding, unknown (word
 * tokenizer only; the byte-level BPE never needs it), classification start, separator and mask.
 */
export const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;
export type SpecialToken = (typeof SPECIAL_TOKENS)[number];
export const PAD_ID = 0;
export const UNK_ID = 1;
export const CLS_ID = 2;
export const SEP_ID = 3;
export const MASK_ID = 4;

/** Texts to fit or encode: an array of strings, or a table plus the name of its text column. */
export type TextInput = readonly string[] | ColumnTable;

export interface EncodeOptions {
  /** Wrap each sequence as `[CLS] … [SEP]` (default false). */
  addSpecialTokens?: boolean;
}

export interface EncodeBatchOptions extends EncodeOptions {
  /** The column holding the texts when `texts` is a table. */
  column?: string;
  /** The longest sequence kept (special tokens included). Default: no limit. */
  maxLength?: number;
  /** Pad to the longest sequence of the batch (default) or to `maxLength`. */
  padding?: 'longest' | 'maxLength';
  /**
   * Cut sequences longer than `maxLength` at the end, keeping `[SEP]` (default true); with
   * false, a longer sequence is a ValueError.
   */
  truncation?: boolean;
}

/** The strings of `texts`, checked: each must be a string (null and numbers are refused, naming the row). */
export function readTexts(texts: TextInput, column: string | undefined, where: string): string[] {
  let values: ArrayLike<unknown>;
  if (Array.isArray(texts)) values = texts;
  else if (typeof (texts as ColumnTable)?.columnNames === 'function') {
    const table = texts as ColumnTable;
    if (column === undefined) {
      throw new ConfigError({
        where,
        problem: 'a table was given without the name of its text column',
        received: { columns: table.columnNames() },
        fix: "Pass the column, e.g. fit(table, 'review')",
      });
    }
    assertNotEmpty(table, where);
    assertColumns(table, [column], where);
    values = table.array(column) as ArrayLike<unknown>;
  } else {
    throw new DTypeError({
      where,
      problem: 'the texts are neither an array of strings nor a table',
      received: { texts },
    });
  }
  const out: string[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'string') {
      throw new DTypeError({
        where,
        problem: `text ${i} is not a string`,
        expected: 'strings only',
        received: { row: i, value: v },
        fix:
          v === null || v === undefined
            ? "Fill missing texts first, e.g. with ''"
            : 'Convert it with String(value)',
      });
    }
    out[i] = v;
  }
  return out;
}

/** Throws unless `texts` has at least one string (fitting on nothing defines no vocabulary). */
export function requireTexts(texts: readonly string[], where: string): void {
  if (texts.length > 0) return;
  throw new ValueError({
    where,
    problem: 'there are no texts to fit',
    expected: 'at least one string',
    received: { texts: 0 },
  });
}

/** `[CLS] ids [SEP]` when asked. */
export function withSpecials(ids: number[], options: EncodeOptions): number[] {
  return options.addSpecialTokens ? [CLS_ID, ...ids, SEP_ID] : ids;
}

/**
 * Pads (with [PAD] = 0, on the right) and truncates encoded sequences into an int32
 * `[n, length]` tensor the caller owns. `length` is the longest sequence (capped at
 * `maxLength`), or `maxLength` with `padding: 'maxLength'`.
 */
export function padBatch(sequences: number[][], options: EncodeBatchOptions, where: string): tf.Tensor2D {
  const { maxLength, padding = 'longest', addSpecialTokens = false } = options;
  const truncation = options.truncation ?? true;
  if (maxLength !== undefined && !(Number.isInteger(maxLength) && maxLength >= (addSpecialTokens ? 2 : 1))) {
    throw new ConfigError({
      where,
      problem: 'maxLength is not a positive integer with room for the special tokens',
      received: { maxLength, addSpecialTokens },
    });
  }
  if (padding !== 'longest' && padding !== 'maxLength') {
    throw new ConfigError({
      where,
      problem: 'padding is not supported',
      expected: "'longest' or 'maxLength'",
      received: { padding },
    });
  }
  if (padding === 'maxLength' && maxLength === undefined) {
    throw new ConfigError({
      where,
      problem: "padding 'maxLength' needs maxLength",
      received: { padding },
      fix: 'Pass maxLength too',
    });
  }
  const longest = sequences.reduce((m, s) => Math.max(m, s.length), 0);
  if (maxLength !== undefined && longest > maxLength && !truncation) {
    const row = sequences.findIndex((s) => s.length > maxLength);
    throw new ValueError({
      where,
      problem: `text ${row} encodes to ${sequences[row]?.length} tokens, more than maxLength`,
      expected: `at most ${maxLength} tokens`,
      received: { row, tokens: sequences[row]?.length, maxLength },
      fix: 'Raise maxLength, or allow { truncation: true }',
    });
  }
  const width = padding === 'maxLength' ? (maxLength as number) : Math.min(longest, maxLength ?? longest);
  const out = new Int32Array(sequences.length * width);
  sequences.forEach((seq, i) => {
    let kept = seq;
    if (seq.length > width) {
      // Keep [SEP] at the end of a truncated sequence that has one.
      kept = addSpecialTokens ? [...seq.slice(0, width - 1), SEP_ID] : seq.slice(0, width);
    }
    out.set(kept, i * width);
  });
  return tf.tensor2d(out, [sequences.length, width], 'int32');
}

/** Checks that `ids` are integers in [0, size), naming the first that is not. */
export function checkIds(ids: readonly number[], size: number, where: string): void {
  const i = ids.findIndex((id) => !(Number.isInteger(id) && id >= 0 && id < size));
  if (i === -1) return;
  throw new ValueError({
    where,
    problem: `id ${ids[i]} at position ${i} is not in the vocabulary`,
    expected: `integers from 0 to ${size - 1}`,
    received: { position: i, id: ids[i] },
  });
}
