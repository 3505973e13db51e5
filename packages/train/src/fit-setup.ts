import * as tf from '@tensorflow/tfjs-core';
import { ConfigError } from '@weft/core';
import type { Layer } from '@weft/layers';
import { sliceRows } from './batching.js';
import type { Callback } from './callbacks.js';
import type { BatchStream, InMemory, TableData, TensorData } from './data.js';
import type { EmaOptions } from './ema.js';
import { checkSameShape } from './losses/reduce.js';
import type { LossSpec } from './losses/registry.js';
import type { Loss, OutputShape } from './losses/types.js';
import type { MetricSpec } from './metrics/resolve.js';
import type { OptimizerName } from './optimizers/resolve.js';
import { checkBatchSize } from './predict.js';
import type { TrainStep } from './step.js';
import type { ClassWeight } from './weights.js';

export interface FitOptions {
  /** A name (`'mse'`, `'sparseCategoricalCrossentropy'`, …), a Loss object or a function. */
  loss: LossSpec;
  /** Default 1. With `resumeFrom`, the total: a run stopped after 2 of 4 epochs trains 2 more. */
  epochs?: number;
  /** Rows per step for data in memory (default 32); streams bring their own batches. */
  batchSize?: number;
  /** A name or a tfjs optimizer (its state carries over between calls). Default 'adam'. */
  optimizer?: OptimizerName | tf.Optimizer;
  /** For named optimizers; defaults are Keras' (sgd 0.01, adam 0.001). */
  learningRate?: number;
  /** Names (`'accuracy'`, `'mae'`, `'mse'`, `'rmse'`) or @weft/metrics objects; read once per epoch. */
  metrics?: MetricSpec[];
  /** Fraction of rows, taken from the end before shuffling (as Keras does), held out for validation. */
  validationSplit?: number;
  validationData?: TensorData | TableData | BatchStream;
  /** Shuffle the training rows every epoch (default true), with `seed`. */
  shuffle?: boolean;
  /** Seed of the shuffling order (default 0): the same seed gives the same history. */
  seed?: number;
  callbacks?: Callback[];
  /** 1 (default): a progress bar on a TTY, one line per epoch otherwise; 0: silent. */
  verbose?: 0 | 1;
  /** Stops training before the next step; `fit` then resolves with the history so far. */
  signal?: AbortSignal;
  /** Per-row loss weights for data in memory: a tensor `[n]` or a column of the table. */
  sampleWeight?: tf.Tensor | string;
  /** Loss weight per class index (`{ 0: 1, 1: 5 }`); multiplies `sampleWeight`. */
  classWeight?: ClassWeight;
  /** Clip each gradient element to [−clipValue, clipValue]. */
  clipValue?: number;
  /** Rescale the gradients so their global L2 norm is at most clipNorm. */
  clipNorm?: number;
  /** Average gradients over this many batches per optimizer step (default 1). */
  accumulateSteps?: number;
  /** Keep an exponential moving average of the weights; validation uses it, and the model ends with it. */
  ema?: EmaOptions;
  /** Replace the forward pass and loss of each step (see {@link TrainStep}). */
  trainStep?: TrainStep;
  /** A checkpoint directory (`modelCheckpoint`) to continue from exactly. */
  resumeFrom?: string;
}

export const WHERE = 'fit';

function positiveNumber(value: unknown, option: string): void {
  if (value !== undefined && !(typeof value === 'number' && value > 0 && Number.isFinite(value))) {
    throw new ConfigError({
      where: WHERE,
      problem: `${option} must be a positive finite number`,
      received: { [option]: value },
    });
  }
}

export function checkOptions(options: FitOptions): {
  epochs: number;
  batchSize: number;
  accumulateSteps: number;
} {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigError({
      where: WHERE,
      problem: 'options are missing',
      fix: "Pass at least { loss: 'mse' }",
    });
  }
  const epochs = options.epochs ?? 1;
  if (!Number.isInteger(epochs) || epochs < 1) {
    throw new ConfigError({
      where: WHERE,
      problem: 'epochs must be a positive integer',
      received: { epochs },
    });
  }
  const batchSize = options.batchSize ?? 32;
  checkBatchSize(batchSize, WHERE);
  const split = options.validationSplit;
  if (split !== undefined && !(split > 0 && split < 1)) {
    throw new ConfigError({
      where: WHERE,
      problem: 'validationSplit must be a fraction strictly between 0 and 1',
      received: { validationSplit: split },
    });
  }
  if (split !== undefined && options.validationData) {
    throw new ConfigError({
      where: WHERE,
      problem: 'validationSplit and validationData were both given',
      fix: 'Pass only one of them',
    });
  }
  positiveNumber(options.clipValue, 'clipValue');
  positiveNumber(options.clipNorm, 'clipNorm');
  const accumulateSteps = options.accumulateSteps ?? 1;
  if (!Number.isInteger(accumulateSteps) || accumulateSteps < 1) {
    throw new ConfigError({
      where: WHERE,
      problem: 'accumulateSteps must be a positive integer',
      received: { accumulateSteps },
    });
  }
  if (options.trainStep !== undefined && typeof options.trainStep !== 'function') {
    throw new ConfigError({
      where: WHERE,
      problem: 'trainStep must be a function',
      received: { trainStep: options.trainStep },
    });
  }
  return { epochs, batchSize, accumulateSteps };
}

/** Builds the model for the input shape and checks its output against the targets, for this loss. */
export function checkModelFits(
  model: Layer,
  loss: Loss,
  xShape: readonly number[],
  yShape: readonly number[],
): OutputShape {
  const inputShape = [null, ...xShape.slice(1)];
  model.build(inputShape);
  const output = model.computeOutputShape(inputShape);
  (loss.checkShapes ?? checkSameShape).call(loss, yShape, output, WHERE);
  if (model.trainableWeights.length === 0) {
    throw new ConfigError({
      where: WHERE,
      problem: 'the model has no trainable weights (is every layer frozen?)',
      fix: 'Set trainable = true on the layers to train',
    });
  }
  return output;
}

/** Runs the model (inference mode) on up to 64 rows so the loss can check what it outputs. */
export async function checkOutputs(model: Layer, loss: Loss, x: tf.Tensor): Promise<void> {
  if (!loss.checkOutputs) return;
  const probe = tf.tidy(() =>
    model.apply(sliceRows(x, 0, Math.min(64, x.shape[0] as number)), { training: false }),
  );
  try {
    await loss.checkOutputs(probe, WHERE);
  } finally {
    probe.dispose();
  }
}

/** Keras' rule: the validation rows are the last ones, cut before any shuffling. */
export function splitValidation(
  train: InMemory,
  split: number,
  weights: tf.Tensor1D | null,
  owned: tf.Tensor[],
) {
  const n = train.n;
  const cut = Math.floor(n * (1 - split));
  if (cut < 1 || cut >= n) {
    throw new ConfigError({
      where: WHERE,
      problem: 'validationSplit leaves no rows for training or for validation',
      received: { validationSplit: split, rows: n },
    });
  }
  const parts = [
    sliceRows(train.x, 0, cut),
    sliceRows(train.y, 0, cut),
    sliceRows(train.x, cut, n - cut),
    sliceRows(train.y, cut, n - cut),
  ];
  owned.push(...parts);
  const [tx, ty, vx, vy] = parts as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
  let w = weights;
  if (weights) {
    w = sliceRows(weights, 0, cut) as tf.Tensor1D;
    owned.push(w);
  }
  const training: InMemory = { kind: 'memory', x: tx, y: ty, n: cut, owned: [] };
  const validation: InMemory = { kind: 'memory', x: vx, y: vy, n: n - cut, owned: [] };
  return { training, validation, weights: w };
}
