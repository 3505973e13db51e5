import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { expectClose } from '@weft/testing';
import { expect } from 'vitest';
import { weightedMean } from '../src/losses/reduce.js';
import type { Loss } from '../src/losses/types.js';

/** One PyTorch reference case (`scripts/make-fixtures.py`), computed in float64. */
export interface LossCase {
  name: string;
  options: Record<string, unknown>;
  yTrue: number[] | number[][];
  yPred: number[][];
  perSample: number[];
  mean: number;
  grad: number[][];
  sampleWeight?: number[];
  weightedMean?: number;
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/losses.json', import.meta.url), 'utf8')) as {
  cases: LossCase[];
};

export function lossCases(name: string): LossCase[] {
  const cases = fixture.cases.filter((c) => c.name === name);
  if (cases.length === 0) throw new Error(`no fixture cases for ${name}`);
  return cases;
}

/** float32 against float64 references: tolerances stated once for every loss test. */
export const TOLERANCE = { atol: 1e-5, rtol: 1e-4 };

/**
 * Checks a Loss against a case: per-row values, the weighted reduction, and the gradient of the
 * mean with respect to the predictions (what training actually uses).
 */
export async function checkLossCase(c: LossCase, loss: Loss, labelsInt = false): Promise<void> {
  const yTrue = labelsInt ? tf.tensor1d(c.yTrue as number[], 'int32') : tf.tensor(c.yTrue);
  const yPred = tf.tensor2d(c.yPred);
  const perSample = loss.perSample(yTrue, yPred);
  expect(perSample.shape).toEqual([c.perSample.length]);
  await expectClose(perSample, c.perSample, TOLERANCE);
  const grad = tf.grad((p: tf.Tensor) => weightedMean(loss.perSample(yTrue, p), null, loss.name))(yPred);
  await expectClose(grad, c.grad, TOLERANCE);
  const owned: tf.Tensor[] = [yTrue, yPred, perSample, grad];
  if (c.sampleWeight && c.weightedMean !== undefined) {
    const w = tf.tensor1d(c.sampleWeight);
    const weighted = tf.tidy(() => weightedMean(loss.perSample(yTrue, yPred), w, loss.name));
    await expectClose(weighted, c.weightedMean, TOLERANCE);
    owned.push(w, weighted);
  }
  tf.dispose(owned);
}

/** Checks the functional form (mean over rows) against a case. */
export async function checkFunctional(
  c: LossCase,
  fn: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar,
  labelsInt = false,
): Promise<void> {
  const yTrue = labelsInt ? tf.tensor1d(c.yTrue as number[], 'int32') : tf.tensor(c.yTrue);
  const yPred = tf.tensor2d(c.yPred);
  const mean = fn(yTrue, yPred);
  await expectClose(mean, c.mean, TOLERANCE);
  tf.dispose([yTrue, yPred, mean]);
}
