import { ConfigError, ShapeError, ValueError } from '@weft/core';
import { checkFinite, checkNotEmpty, checkSameRows, type Matrix, readMatrix, readWeights } from './input.js';
import type { MetricInput, WeightInput } from './metric.js';

export interface ThresholdOption {
  /**
   * Binarizes 1-D scores or probabilities in `yPred`: `score > threshold` is label 1, else 0.
   * Without it, 1-D `yPred` holding non-integers in [0, 1] is thresholded at 0.5; `[n, C]`
   * `yPred` is always read as per-class scores (argmax).
   */
  threshold?: number;
}

export interface LabelBatch {
  yTrue: Float64Array;
  yPred: Float64Array;
  weights: Float64Array | undefined;
}

export function checkThreshold(threshold: unknown, where: string): void {
  if (threshold !== undefined && (typeof threshold !== 'number' || !Number.isFinite(threshold))) {
    throw new ConfigError({
      where,
      problem: 'threshold is not a finite number',
      expected: 'a number such as 0.5',
      received: { threshold },
    });
  }
}

/** Index of the largest value per row; the first one on ties (NumPy's and tfjs' argmax). */
export function argmaxRows(m: Matrix): Float64Array {
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    let best = 0;
    let max = m.values[i * m.cols] as number;
    for (let j = 1; j < m.cols; j++) {
      const v = m.values[i * m.cols + j] as number;
      if (v > max) {
        max = v;
        best = j;
      }
    }
    out[i] = best;
  }
  return out;
}

/** True class labels: integers, or the argmax of one-hot rows. */
export function trueLabels(m: Matrix, where: string): Float64Array {
  checkFinite(m.values, where, 'yTrue');
  // [n, C] with C > 1: one-hot (or soft) targets, as Keras' categorical losses take them.
  if (m.cols > 1) return argmaxRows(m);
  const bad = m.values.findIndex((v) => !Number.isInteger(v));
  if (bad >= 0) {
    throw new ValueError({
      where,
      problem: `yTrue holds a non-integer value at index ${bad}: continuous targets are not class labels`,
      expected: 'integer class labels (or one-hot rows)',
      received: { value: m.values[bad] },
      fix: 'Use a regression metric for continuous targets, or round the labels',
    });
  }
  return m.values;
}

function predictedLabels(m: Matrix, threshold: number | undefined, where: string): Float64Array {
  checkFinite(m.values, where, 'yPred');
  if (m.cols > 1) return argmaxRows(m);
  const scores = threshold !== undefined || m.values.some((v) => !Number.isInteger(v));
  if (!scores) return m.values;
  if (threshold === undefined && m.values.some((v) => v < 0 || v > 1)) {
    throw new ValueError({
      where,
      problem: 'yPred holds non-integer values outside [0, 1]: neither labels nor probabilities',
      expected: 'integer labels, probabilities in [0, 1], or an explicit threshold for other scores',
      received: { yPred: Array.from(m.values.slice(0, 5)) },
      fix: 'Pass { threshold } to binarize scores such as logits (threshold: 0)',
    });
  }
  const cut = threshold ?? 0.5;
  return m.values.map((v) => (v > cut ? 1 : 0));
}

/**
 * Reads and checks a batch of class labels: `[n]` labels, `[n, 1]`, or `[n, C]` per-class
 * scores for `yPred` (one-hot rows for `yTrue`). NaN anywhere, non-integer true labels, empty
 * input and unequal lengths are typed errors.
 */
export async function readLabelBatch(
  yTrue: MetricInput,
  yPred: MetricInput,
  sampleWeight: WeightInput | undefined,
  threshold: number | undefined,
  where: string,
): Promise<LabelBatch> {
  const [t, p] = await Promise.all([readMatrix(yTrue, where, 'yTrue'), readMatrix(yPred, where, 'yPred')]);
  checkNotEmpty(t, where, 'yTrue');
  checkNotEmpty(p, where, 'yPred');
  checkSameRows(t, p, where);
  if (t.cols > 1 && p.cols > 1 && t.cols !== p.cols) {
    throw new ShapeError({
      where,
      problem: 'one-hot yTrue and per-class yPred have different numbers of classes',
      expected: 'the same number of columns',
      received: { 'yTrue.shape': [t.rows, t.cols], 'yPred.shape': [p.rows, p.cols] },
    });
  }
  const weights = await readWeights(sampleWeight, t.rows, where);
  return { yTrue: trueLabels(t, where), yPred: predictedLabels(p, threshold, where), weights };
}
