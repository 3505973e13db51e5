import type * as tf from '@tensorflow/tfjs-core';
import { ConfigError } from '@weft/core';

export interface CrossentropyOptions {
  /** The model outputs raw scores (logits) instead of probabilities. Default false. */
  fromLogits?: boolean;
}

/** Probabilities are clipped to [ε, 1 − ε] before the log, as Keras does (ε = 1e-7). */
export const EPSILON = 1e-7;

/**
 * Probability losses check a sample of outputs before training: values outside [0, 1] (or rows
 * not summing to 1 for softmax outputs) mean the model emits logits, the most common silent
 * mistake (the loss would clip them and training would stall).
 */
export async function checkProbabilities(
  yPred: tf.Tensor,
  rowsSumToOne: boolean,
  name: string,
  where: string,
): Promise<void> {
  const values = await yPred.data();
  const width = yPred.rank >= 2 ? (yPred.shape[yPred.rank - 1] as number) : 1;
  let bad: string | null = null;
  for (let i = 0; i < values.length && !bad; i++) {
    const v = values[i] as number;
    if (!(v >= -1e-6 && v <= 1 + 1e-6)) bad = `an output of ${v}`;
  }
  for (let r = 0; rowsSumToOne && !bad && r < values.length / width; r++) {
    let sum = 0;
    for (let j = 0; j < width; j++) sum += values[r * width + j] as number;
    if (Math.abs(sum - 1) > 1e-3) bad = `a row summing to ${sum}`;
  }
  if (bad) {
    throw new ConfigError({
      where,
      problem: `the model's outputs are not probabilities (${bad}), but ${name} expects them`,
      expected: rowsSumToOne ? 'a softmax output' : 'a sigmoid output in [0, 1]',
      fix: `Pass loss: new ${name.charAt(0).toUpperCase()}${name.slice(1)}Loss({ fromLogits: true }) for raw scores, or end the model with ${rowsSumToOne ? 'softmax' : 'sigmoid'}`,
    });
  }
}

export function checkFromLogits(options: CrossentropyOptions | undefined, where: string): boolean {
  const value = options?.fromLogits ?? false;
  if (typeof value !== 'boolean') {
    throw new ConfigError({
      where,
      problem: 'fromLogits must be a boolean',
      received: { fromLogits: value },
    });
  }
  return value;
}
