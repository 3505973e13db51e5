import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, FormatError, ShapeError, ValueError } from '@weft/core';
import { checkFinite, readNd } from './input.js';
import type { JsonValue, Metric, MetricInput } from './metric.js';

/** Token ids or scores of any rank: arrays (nested to `[batch, time, vocabulary]`), typed arrays or tensors. */
export type TokenInput = MetricInput | readonly (readonly (readonly number[])[])[];

export interface PerplexityOptions {
  /** Target value whose tokens are skipped (padding); default none. */
  ignoreIndex?: number;
  /** `yPred` holds logits (default, softmax applied here, as torchmetrics) or probabilities (false). */
  fromLogits?: boolean;
}

interface NllSums {
  nll: number;
  count: number;
}

function resolve(
  o: PerplexityOptions,
  where: string,
): Required<Pick<PerplexityOptions, 'fromLogits'>> & PerplexityOptions {
  if (o.ignoreIndex !== undefined && !Number.isInteger(o.ignoreIndex)) {
    throw new ConfigError({
      where,
      problem: 'ignoreIndex is not an integer',
      received: { ignoreIndex: o.ignoreIndex },
    });
  }
  return { ...o, fromLogits: o.fromLogits ?? true };
}

function shapeError(where: string, trueShape: number[], predShape: number[]): never {
  throw new ShapeError({
    where,
    problem: 'yTrue and yPred do not describe the same tokens',
    expected:
      'yTrue [...dims] of token ids and yPred [...dims, vocabulary], e.g. [batch, time] and [batch, time, V]',
    received: { 'yTrue.shape': trueShape, 'yPred.shape': predShape },
  });
}

function checkShapes(
  trueShape: number[],
  predShape: number[],
  where: string,
): { rows: number; vocab: number } {
  const lead = predShape.slice(0, -1);
  if (predShape.length < 2 || lead.join() !== trueShape.join()) shapeError(where, trueShape, predShape);
  const rows = lead.reduce((a, b) => a * b, 1);
  if (rows === 0) throw new ValueError({ where, problem: 'yTrue is empty', expected: 'at least one token' });
  return { rows, vocab: predShape[predShape.length - 1] as number };
}

function badTarget(where: string, value: number, vocab: number): never {
  throw new ValueError({
    where,
    problem: `a target token id is not an integer in [0, ${vocab})`,
    expected: 'token ids below the vocabulary size (or ignoreIndex)',
    received: { target: value },
  });
}

/** Tensors: −log p of each target on the tensors' backend; one read of the per-token values. */
async function deviceNll(
  yTrue: tf.Tensor,
  yPred: tf.Tensor,
  o: PerplexityOptions,
  where: string,
): Promise<NllSums> {
  const { rows, vocab } = checkShapes(yTrue.shape, yPred.shape, where);
  const packed = tf.tidy(() => {
    const scores = tf.reshape(tf.cast(yPred, 'float32'), [rows, vocab]);
    const target = tf.reshape(tf.cast(yTrue, 'float32'), [rows]);
    const valid =
      o.ignoreIndex === undefined
        ? tf.onesLike(target)
        : tf.cast(tf.notEqual(target, o.ignoreIndex), 'float32');
    const outOfRange = tf.logicalOr(
      tf.logicalOr(tf.less(target, 0), tf.greaterEqual(target, vocab)),
      tf.notEqual(target, tf.floor(target)),
    );
    const invalid = tf.sum(tf.mul(tf.cast(outOfRange, 'float32'), valid));
    const index = tf.cast(tf.clipByValue(target, 0, vocab - 1), 'int32');
    const logp = o.fromLogits ? tf.logSoftmax(scores) : tf.log(scores);
    // oneHot(…, 'float32') writes int32 bit patterns on wasm (tfjs 4.22): cast an int32 one-hot instead.
    const pick = tf.cast(tf.oneHot(index, vocab), 'float32');
    const nll = tf.mul(tf.neg(tf.sum(tf.mul(logp, pick), 1)), valid);
    const nans = tf.sum(tf.cast(tf.isNaN(scores), 'float32'));
    return tf.concat([nll, tf.stack([tf.sum(valid), invalid, nans])]);
  });
  const data = await packed.data();
  packed.dispose();
  if ((data[rows + 2] as number) > 0) checkFinite([Number.NaN], where, 'yPred');
  if ((data[rows + 1] as number) > 0) {
    // Find the offending id for the message (rare path: one more read).
    const ids = await yTrue.data();
    const bad = Array.from(ids).find(
      (v) => v !== o.ignoreIndex && (!Number.isInteger(v) || v < 0 || v >= vocab),
    );
    badTarget(where, bad ?? Number.NaN, vocab);
  }
  let nll = 0;
  for (let i = 0; i < rows; i++) nll += data[i] as number;
  return { nll, count: data[rows] as number };
}

/** Arrays: the same in float64 JS, with a stable log-sum-exp. */
async function jsNll(
  yTrue: TokenInput,
  yPred: TokenInput,
  o: PerplexityOptions,
  where: string,
): Promise<NllSums> {
  const [t, p] = await Promise.all([readNd(yTrue, where, 'yTrue'), readNd(yPred, where, 'yPred')]);
  const { rows, vocab } = checkShapes(t.shape, p.shape, where);
  checkFinite(p.values, where, 'yPred');
  let nll = 0;
  let count = 0;
  for (let i = 0; i < rows; i++) {
    const target = t.values[i] as number;
    if (target === o.ignoreIndex) continue;
    if (!Number.isInteger(target) || target < 0 || target >= vocab) badTarget(where, target, vocab);
    const row = p.values.subarray(i * vocab, (i + 1) * vocab);
    if (o.fromLogits) {
      const max = row.reduce((m, v) => Math.max(m, v), Number.NEGATIVE_INFINITY);
      const lse = max + Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0));
      nll += lse - (row[target] as number);
    } else {
      nll -= Math.log(row[target] as number);
    }
    count += 1;
  }
  return { nll, count };
}

function nllOf(yTrue: TokenInput, yPred: TokenInput, o: PerplexityOptions, where: string): Promise<NllSums> {
  if (yTrue instanceof tf.Tensor && yPred instanceof tf.Tensor) return deviceNll(yTrue, yPred, o, where);
  return jsNll(yTrue, yPred, o, where);
}

function fromSums(s: NllSums, where: string): number {
  if (s.count === 0) {
    throw new ValueError({
      where,
      problem: 'every token was ignored',
      expected: 'at least one target other than ignoreIndex',
    });
  }
  return Math.exp(s.nll / s.count);
}

/**
 * Perplexity exp(mean −log p(target)) of a language model, as torchmetrics' `Perplexity`:
 * `yTrue` token ids `[batch, time]` (or `[n]`), `yPred` logits `[batch, time, vocabulary]` (or
 * `[n, vocabulary]`). Tensors are reduced on their backend to one value per token; the sum
 * is float64.
 */
export async function perplexity(
  yTrue: TokenInput,
  yPred: TokenInput,
  options: PerplexityOptions = {},
): Promise<number> {
  const where = 'perplexity';
  return fromSums(await nllOf(yTrue, yPred, resolve(options, where), where), where);
}

/** Stateful twin of {@link perplexity}: a float64 sum of −log p and a token count. */
export class Perplexity implements Metric<number, TokenInput, TokenInput> {
  readonly name = 'perplexity';
  private sums: NllSums = { nll: 0, count: 0 };
  private readonly options: PerplexityOptions;

  constructor(options: PerplexityOptions = {}) {
    this.options = resolve(options, 'Perplexity.constructor');
  }

  async update(yTrue: TokenInput, yPred: TokenInput): Promise<void> {
    const s = await nllOf(yTrue, yPred, this.options, 'Perplexity.update');
    this.sums = { nll: this.sums.nll + s.nll, count: this.sums.count + s.count };
  }

  async compute(): Promise<number> {
    return fromSums(this.sums, 'Perplexity.compute');
  }

  reset(): void {
    this.sums = { nll: 0, count: 0 };
  }

  merge(other: this): void {
    this.sums = { nll: this.sums.nll + other.sums.nll, count: this.sums.count + other.sums.count };
  }

  getState(): JsonValue {
    return { ...this.sums };
  }

  setState(state: JsonValue): void {
    const s = state as { nll?: unknown; count?: unknown };
    if (typeof s?.nll !== 'number' || typeof s.count !== 'number') {
      throw new FormatError({
        where: 'Perplexity.setState',
        problem: 'the state is not a perplexity state',
        expected: '{ nll, count }',
        received: { state },
      });
    }
    this.sums = { nll: s.nll, count: s.count };
  }
}
