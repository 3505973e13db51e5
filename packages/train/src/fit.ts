import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, Rng, ShapeError } from '@weft/core';
import type { Layer } from '@weft/layers';
import { batchRanges, sliceRows } from './batching.js';
import { type Callback, type Logs, runCallbacks, type TrainingControl } from './callbacks.js';
import { type FitData, resolveData, type TensorData } from './data.js';
import { lossOver } from './evaluate.js';
import { History } from './history.js';
import { type LossName, resolveLoss } from './losses/registry.js';
import type { LossFn } from './losses/types.js';
import { isOptimizer, type OptimizerName, resolveOptimizer } from './optimizers.js';
import { checkBatchSize } from './predict.js';
import { epochLines } from './progress.js';

export interface FitOptions {
  loss: LossName | LossFn;
  /** Default 1. */
  epochs?: number;
  /** Default 32. */
  batchSize?: number;
  /** A name or a tfjs optimizer (its state carries over between calls). Default 'adam'. */
  optimizer?: OptimizerName | tf.Optimizer;
  /** For named optimizers; defaults are Keras' (sgd 0.01, adam 0.001). */
  learningRate?: number;
  /** Fraction of rows, taken from the end before shuffling (as Keras does), held out for validation. */
  validationSplit?: number;
  validationData?: TensorData;
  /** Shuffle the training rows every epoch (default true), with `seed`. */
  shuffle?: boolean;
  /** Seed of the shuffling order (default 0): the same seed gives the same history. */
  seed?: number;
  callbacks?: Callback[];
  /** 1 (default): one line per epoch on the console; 0: silent. */
  verbose?: 0 | 1;
  /** Stops training after the current step; `fit` then resolves with the history so far. */
  signal?: AbortSignal;
}

const WHERE = 'fit';

function checkOptions(options: FitOptions): { epochs: number; batchSize: number } {
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
  return { epochs, batchSize };
}

function checkModelFits(model: Layer, x: tf.Tensor, y: tf.Tensor): void {
  const inputShape = [null, ...x.shape.slice(1)];
  model.build(inputShape);
  const out = model.computeOutputShape(inputShape).slice(1);
  const want = y.shape.slice(1);
  if (out.length !== want.length || out.some((d, i) => d !== null && d !== want[i])) {
    throw new ShapeError({
      where: WHERE,
      problem: "the model's output does not match the targets",
      expected: `targets of shape [n, ${out.join(', ')}] for this model`,
      received: { yShape: y.shape, modelOutputShape: [null, ...out] },
      fix: 'Make the last layer output one unit per target column, or reshape y',
    });
  }
  if (model.trainableWeights.length === 0) {
    throw new ConfigError({
      where: WHERE,
      problem: 'the model has no trainable weights (is every layer frozen?)',
      fix: 'Set trainable = true on the layers to train',
    });
  }
}

/**
 * Trains `model` on `data` and returns its {@link History}. Tensors passed in stay the caller's;
 * everything `fit` creates is disposed before it returns, on every backend. The loss is read back
 * once per epoch (never per step), so the loop does not wait on the device between steps.
 */
export async function fit(model: Layer, data: FitData, options: FitOptions): Promise<History> {
  const { epochs, batchSize } = checkOptions(options);
  const lossFn = resolveLoss(options.loss, WHERE);
  const { x: allX, y: allY, owned } = resolveData(data, WHERE);
  const history = new History();
  const started = performance.now();
  let optimizer: tf.Optimizer | undefined;
  try {
    checkModelFits(model, allX, allY);
    // Created only once the inputs are known to be good: named optimizers own tensors (Adam's β powers).
    optimizer = resolveOptimizer(options.optimizer ?? 'adam', options.learningRate);
    const { train, validation } = splitValidation(allX, allY, options, owned);
    const n = train.x.shape[0] as number;
    const ranges = batchRanges(n, batchSize);
    const rng = new Rng(options.seed ?? 0);
    const shuffle = options.shuffle ?? true;
    const callbacks = [...(options.callbacks ?? [])];
    if ((options.verbose ?? 1) === 1) callbacks.push(epochLines(epochs));
    const control = trainingControl();
    const variables = model.trainableWeights;

    await runCallbacks(callbacks, 'onTrainBegin', control);
    for (let epoch = 0; epoch < epochs && !control.stopped; epoch++) {
      await runCallbacks(callbacks, 'onEpochBegin', epoch, control);
      const order = shuffle ? tf.tensor1d(rng.permutation(n), 'int32') : null;
      const xs = order ? tf.gather(train.x, order) : train.x;
      const ys = order ? tf.gather(train.y, order) : train.y;
      const costs: tf.Scalar[] = [];
      for (const { start, size } of ranges) {
        if (options.signal?.aborted) {
          control.stop('aborted');
          break;
        }
        const cost = (optimizer as tf.Optimizer).minimize(
          () =>
            lossFn(sliceRows(ys, start, size), model.apply(sliceRows(xs, start, size), { training: true })),
          true,
          variables,
        ) as tf.Scalar;
        costs.push(tf.tidy(() => tf.mul(cost, size)));
        cost.dispose();
      }
      if (order) tf.dispose([order, xs, ys]);
      if (costs.length === 0) break;
      const seen = ranges.slice(0, costs.length).reduce((sum, r) => sum + r.size, 0);
      const total = tf.addN(costs);
      const loss = ((await total.data())[0] as number) / seen;
      tf.dispose([total, ...costs]);
      const logs: Logs = { loss };
      if (validation) logs.valLoss = await lossOver(model, validation.x, validation.y, lossFn, batchSize);
      history.record(epoch, logs);
      if (!Number.isFinite(loss)) control.stop(`the loss became ${loss} at epoch ${epoch + 1}`);
      await runCallbacks(callbacks, 'onEpochEnd', epoch, logs, control);
    }
    history.stopReason = control.reason;
    await runCallbacks(callbacks, 'onTrainEnd', lastLogs(history), control);
    return history;
  } finally {
    tf.dispose(owned);
    if (optimizer && !isOptimizer(options.optimizer)) optimizer.dispose();
    history.trainSeconds = (performance.now() - started) / 1000;
  }
}

/** Keras' rule: the validation rows are the last ones, cut before any shuffling. */
function splitValidation(
  x: tf.Tensor,
  y: tf.Tensor,
  options: FitOptions,
  owned: tf.Tensor[],
): { train: TensorData; validation: TensorData | null } {
  if (options.validationData) return { train: { x, y }, validation: options.validationData };
  if (options.validationSplit === undefined) return { train: { x, y }, validation: null };
  const n = x.shape[0] as number;
  const cut = Math.floor(n * (1 - options.validationSplit));
  if (cut < 1 || cut >= n) {
    throw new ConfigError({
      where: WHERE,
      problem: 'validationSplit leaves no rows for training or for validation',
      received: { validationSplit: options.validationSplit, rows: n },
    });
  }
  const parts = [
    sliceRows(x, 0, cut),
    sliceRows(y, 0, cut),
    sliceRows(x, cut, n - cut),
    sliceRows(y, cut, n - cut),
  ];
  owned.push(...parts);
  const [tx, ty, vx, vy] = parts as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
  return { train: { x: tx, y: ty }, validation: { x: vx, y: vy } };
}

function trainingControl(): TrainingControl & { reason: string | undefined } {
  const control = {
    stopped: false,
    reason: undefined as string | undefined,
    stop(reason?: string) {
      control.stopped = true;
      control.reason ??= reason ?? 'stopped by a callback';
    },
  };
  return control;
}

function lastLogs(history: History): Logs {
  const logs: Logs = {};
  for (const key of Object.keys(history.history)) logs[key] = history.last(key) as number;
  return logs;
}
