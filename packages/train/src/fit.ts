import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, dispose, Rng, ValueError } from '@weft/core';
import type { Layer } from '@weft/layers';
import type { JsonValue } from '@weft/metrics';
import { batchRanges, type CheckedBatch, checkBatch, sliceRows } from './batching.js';
import { progressBar } from './callbacks/progress-bar.js';
import {
  type BatchInfo,
  LATE_ORDER,
  type Logs,
  orderCallbacks,
  runCallbacks,
  type TrainingControl,
} from './callbacks.js';
import { readCallbackTensors, restoreCheckpoint, writeCheckpoint } from './checkpoint.js';
import { type FitData, resolveData, type Source } from './data.js';
import { checkEma, WeightAverage } from './ema.js';
import { evaluateSource } from './evaluate.js';
import {
  checkModelFits,
  checkOptions,
  checkOutputs,
  type FitOptions,
  splitValidation,
  WHERE,
} from './fit-setup.js';
import { History } from './history.js';
import { LossTracker } from './loss-tracker.js';
import { resolveLoss } from './losses/registry.js';
import type { OutputShape } from './losses/types.js';
import { resolveMetrics, validationKey } from './metrics/resolve.js';
import { getLearningRate, isOptimizer, resolveOptimizer, setLearningRate } from './optimizers/resolve.js';
import { Stepper } from './step.js';
import {
  checkClassWeightTargets,
  classWeightTable,
  resolveSampleWeight,
  rowClassWeights,
} from './weights.js';

export type { FitOptions } from './fit-setup.js';

interface Run {
  epoch: number;
  globalStep: number;
  stepsPerEpoch: number | null;
  stopped: boolean;
  reason: string | undefined;
}

/**
 * Trains `model` on `data` and returns its {@link History}. `data` is `{ x, y }` tensors, a table
 * with feature and target names, or a stream of batches. Tensors passed in stay the caller's;
 * everything `fit` creates is disposed before it returns, on every backend, also when it throws.
 * Values are read back once per epoch (loss and metrics), never per step, so the loop does not
 * wait on the device between steps. Each optimizer step is applied whole, so an abort or a stop
 * leaves the model consistent.
 */
export async function fit(model: Layer, data: FitData, options: FitOptions): Promise<History> {
  const { epochs, batchSize, accumulateSteps } = checkOptions(options);
  const loss = resolveLoss(options.loss, WHERE);
  const trainMetrics = resolveMetrics(options.metrics, WHERE);
  const valMetrics = resolveMetrics(options.metrics, WHERE);
  const decay = checkEma(options.ema, WHERE);
  const started = performance.now();
  let history = new History();
  const owned: tf.Tensor[] = [];
  let optimizer: tf.Optimizer | null = null;
  let average: WeightAverage | null = null;
  let stepper: Stepper | null = null;
  let classTable: tf.Tensor1D | null = null;
  const tracker = new LossTracker();
  const pendingReads = new Set<Promise<unknown>>();
  const userCallbacks = [...(options.callbacks ?? [])];
  const callbacks = orderCallbacks(
    (options.verbose ?? 1) === 1 ? [...userCallbacks, progressBar()] : userCallbacks,
  );
  try {
    // Everything is checked, and the model built, before the first step.
    let source: Source = resolveData(data, WHERE);
    if (source.kind === 'memory') owned.push(...source.owned);
    let validation: Source | null = null;
    let weights: tf.Tensor1D | null = null;
    let outputShape: OutputShape | null = null;
    if (source.kind === 'memory') {
      const sw = resolveSampleWeight(options.sampleWeight, data, source.n, WHERE);
      owned.push(...sw.owned);
      weights = sw.weights;
      outputShape = checkModelFits(model, loss, source.x.shape, source.y.shape);
      if (loss.checkTargets) await loss.checkTargets(source.y, outputShape, WHERE);
      await checkOutputs(model, loss, source.x);
      if (options.validationSplit !== undefined) {
        const split = splitValidation(source, options.validationSplit, weights, owned);
        source = split.training;
        validation = split.validation;
        weights = split.weights;
      }
    } else if (options.validationSplit !== undefined || options.sampleWeight !== undefined) {
      throw new ConfigError({
        where: WHERE,
        problem: `${options.validationSplit !== undefined ? 'validationSplit' : 'sampleWeight'} needs the data in memory, not a stream`,
        fix: 'Pass validationData, and give batches a sampleWeight tensor',
      });
    }
    if (options.validationData) {
      validation = resolveData(options.validationData, WHERE);
      if (validation.kind === 'memory') {
        owned.push(...validation.owned);
        const out = checkModelFits(model, loss, validation.x.shape, validation.y.shape);
        if (loss.checkTargets) await loss.checkTargets(validation.y, out, WHERE);
      }
    }
    optimizer = resolveOptimizer(options.optimizer ?? 'adam', options.learningRate);
    if (decay !== null) average = new WeightAverage(decay);
    stepper = new Stepper(
      model,
      optimizer,
      loss,
      {
        clipValue: options.clipValue,
        clipNorm: options.clipNorm,
        accumulateSteps,
        trainStep: options.trainStep,
      },
      average,
    );
    const rng = new Rng(options.seed ?? 0);
    const shuffle = options.shuffle ?? true;
    const run: Run = {
      epoch: 0,
      globalStep: 0,
      stepsPerEpoch: source.kind === 'memory' ? Math.ceil(source.n / batchSize) : null,
      stopped: false,
      reason: undefined,
    };
    const opt = optimizer;
    const control: TrainingControl = {
      stop(reason?: string) {
        run.stopped = true;
        run.reason ??= reason ?? 'stopped by a callback';
      },
      get stopped() {
        return run.stopped;
      },
      model,
      optimizer: opt,
      get learningRate() {
        return getLearningRate(opt);
      },
      set learningRate(value: number) {
        setLearningRate(opt, value);
      },
      epochs,
      get stepsPerEpoch() {
        return run.stepsPerEpoch;
      },
      get globalStep() {
        return run.globalStep;
      },
      get history() {
        return history;
      },
      async saveCheckpoint(dir: string) {
        const states: Record<string, JsonValue> = {};
        const tensors: Record<string, tf.Tensor[]> = {};
        try {
          userCallbacks.forEach((c, i) => {
            if (typeof c.getState === 'function') states[String(i)] = c.getState();
            if (typeof c.getTensorState === 'function') tensors[String(i)] = c.getTensorState();
          });
          await writeCheckpoint(dir, {
            model,
            optimizer: opt,
            average,
            state: {
              epoch: run.epoch,
              globalStep: run.globalStep,
              rng: rng.getState(),
              learningRate: rateOf(opt),
              history: history.toJSON(),
              callbacks: states,
            },
            callbackTensors: tensors,
          });
        } finally {
          dispose(Object.values(tensors));
        }
      },
    };

    if (options.resumeFrom !== undefined) {
      if (source.kind === 'stream') {
        // A stream's first batch builds the model; a checkpoint needs it built first.
        throw new ConfigError({
          where: WHERE,
          problem: 'resumeFrom needs the model built before training',
          fix: 'Build the model (model.build(inputShape) or inputShape in its config) before resuming on a stream',
        });
      }
      const state = await restoreCheckpoint(options.resumeFrom, model, opt, average);
      history = History.fromJSON(state.history);
      run.epoch = state.epoch;
      run.globalStep = state.globalStep;
      rng.setState(state.rng);
      if (state.learningRate !== null) setLearningRate(opt, state.learningRate);
      const savedTensors = await readCallbackTensors(options.resumeFrom, state);
      try {
        userCallbacks.forEach((c, i) => {
          const saved = state.callbacks[String(i)];
          if (saved !== undefined && typeof c.setState === 'function') c.setState(saved);
          const values = savedTensors.get(String(i));
          if (values && typeof c.setTensorState === 'function') c.setTensorState(values);
        });
      } finally {
        dispose([...savedTensors.values()]);
      }
    }
    if (options.classWeight !== undefined) {
      classWeightTable(options.classWeight, 2, WHERE);
      if (source.kind === 'memory') checkClassWeightTargets(source.y.shape, WHERE);
    }

    const early = callbacks.filter((c) => (c.order ?? 0) < LATE_ORDER);
    const late = callbacks.filter((c) => (c.order ?? 0) >= LATE_ORDER);
    const batchBegin = callbacks.filter((c) => typeof c.onBatchBegin === 'function');
    const batchEnd = callbacks.filter((c) => typeof c.onBatchEnd === 'function');
    const readLoss = () => {
      const read = tracker.mean();
      pendingReads.add(read);
      read.finally(() => pendingReads.delete(read)).catch(() => undefined);
      return read;
    };

    /** Per-row weights for a batch (sample × class), or null; a new tensor the caller disposes. */
    const batchWeights = (y: tf.Tensor, sample: tf.Tensor | null): tf.Tensor | null => {
      if (options.classWeight === undefined) return sample ? tf.clone(sample) : null;
      // Built once the output shape is known (a stream's first batch): it covers every class.
      const classes = (outputShape?.[outputShape.length - 1] as number | null | undefined) ?? 1;
      classTable ??= tf.tensor1d(classWeightTable(options.classWeight, Math.max(classes, 2), WHERE));
      const table = classTable;
      return tf.tidy(() => {
        const byClass = rowClassWeights(y, table);
        return sample ? tf.mul(tf.reshape(sample, [y.shape[0] as number]), byClass) : byClass;
      });
    };

    let checkedStream = false;
    /** One step on a batch whose tensors the loop owns; disposes them. */
    const trainOn = async (batch: CheckedBatch, step: number, epoch: number, variables: tf.Variable[]) => {
      const w = batchWeights(batch.y, batch.sampleWeight);
      try {
        const { loss: cost, yPred } = (stepper as Stepper).step(
          { ...batch, sampleWeight: w },
          variables,
          trainMetrics.length > 0,
        );
        tracker.push(cost, batch.size);
        if (yPred) {
          tf.tidy(() => {
            const shown = loss.toPrediction ? loss.toPrediction(yPred) : yPred;
            for (const metric of trainMetrics) metric.update(batch.y, shown);
          });
          yPred.dispose();
        }
      } finally {
        dispose([batch.x, batch.y, batch.sampleWeight, w]);
      }
      run.globalStep += 1;
      if (batchEnd.length > 0) {
        const info: BatchInfo = { epoch, step, size: batch.size, readLoss };
        await runCallbacks(batchEnd, 'onBatchEnd', step, info, control);
      }
    };

    await runCallbacks(callbacks, 'onTrainBegin', control);
    for (let epoch = run.epoch; epoch < epochs && !run.stopped; epoch++) {
      await runCallbacks(callbacks, 'onEpochBegin', epoch, control);
      // Read per epoch, so a callback that (un)freezes layers takes effect from this epoch.
      const variables = model.built ? model.trainableWeights : [];
      let steps = 0;
      if (source.kind === 'memory') {
        if (variables.length === 0) checkModelFits(model, loss, source.x.shape, source.y.shape);
        const order = shuffle ? tf.tensor1d(rng.permutation(source.n), 'int32') : null;
        const xs = order ? tf.gather(source.x, order) : source.x;
        const ys = order ? tf.gather(source.y, order) : source.y;
        const ws = order && weights ? tf.gather(weights, order) : weights;
        try {
          for (const { start, size } of batchRanges(source.n, batchSize)) {
            if (options.signal?.aborted) control.stop('aborted');
            if (run.stopped) break;
            if (batchBegin.length > 0) await runCallbacks(batchBegin, 'onBatchBegin', steps, control);
            const batch: CheckedBatch = {
              x: sliceRows(xs, start, size),
              y: sliceRows(ys, start, size),
              sampleWeight: ws ? sliceRows(ws, start, size) : null,
              size,
            };
            await trainOn(batch, steps, epoch, variables);
            steps += 1;
          }
        } finally {
          if (order) dispose([order, xs, ys, ws === weights ? null : ws]);
        }
      } else {
        let live = variables;
        for await (const raw of source.open(epoch)) {
          const batch = checkBatch(raw, WHERE);
          if (options.signal?.aborted) control.stop('aborted');
          if (run.stopped) {
            dispose([batch.x, batch.y, batch.sampleWeight]);
            break;
          }
          try {
            if (!checkedStream || live.length === 0) {
              outputShape = checkModelFits(model, loss, batch.x.shape, batch.y.shape);
              if (options.classWeight !== undefined) checkClassWeightTargets(batch.y.shape, WHERE);
              live = model.trainableWeights;
            }
            // Streams cannot be read ahead: labels are checked batch by batch in the first epoch.
            if (!checkedStream && loss.checkTargets)
              await loss.checkTargets(batch.y, outputShape as OutputShape, WHERE);
            if (!checkedStream && steps === 0) await checkOutputs(model, loss, batch.x);
          } catch (error) {
            dispose([batch.x, batch.y, batch.sampleWeight]);
            throw error;
          }
          if (batchBegin.length > 0) await runCallbacks(batchBegin, 'onBatchBegin', steps, control);
          await trainOn(batch, steps, epoch, live);
          steps += 1;
        }
        if (steps === 0 && !run.stopped) {
          throw new ValueError({
            where: WHERE,
            problem: `the data stream gave no batches in epoch ${epoch + 1}`,
            fix: 'Pass a re-iterable stream (batches() is one) or a function (epoch) => stream',
          });
        }
        checkedStream = true;
        run.stepsPerEpoch = steps;
      }
      // Gradients left over from accumulation: applied at a normal epoch end, dropped when training
      // was stopped or aborted mid-epoch (the model keeps its last whole update).
      if (run.stopped) stepper.dispose();
      else stepper.flush(model.trainableWeights);
      if (steps === 0) break;

      const logs: Logs = { loss: await tracker.mean() };
      tracker.reset();
      for (const metric of trainMetrics) logs[metric.key] = await metric.result();
      if (validation) {
        average?.swap();
        try {
          const val = await evaluateSource(model, validation, loss, valMetrics, batchSize, WHERE);
          for (const [key, value] of Object.entries(val)) logs[validationKey(key)] = value;
        } finally {
          average?.swap();
        }
      }
      run.epoch = epoch + 1;
      await runCallbacks(early, 'onEpochEnd', epoch, logs, control);
      // After the early callbacks, so terminateOnNaN can restore weights and give its own reason.
      const lossValue = logs.loss as number;
      if (!Number.isFinite(lossValue)) control.stop(`the loss became ${lossValue} at epoch ${epoch + 1}`);
      history.record(epoch, logs);
      await runCallbacks(late, 'onEpochEnd', epoch, logs, control);
    }
    history.stopReason = run.reason;
    average?.applyToModel();
    await runCallbacks(callbacks, 'onTrainEnd', lastLogs(history), control);
    return history;
  } finally {
    await Promise.allSettled([...pendingReads]);
    stepper?.dispose();
    tracker.reset();
    for (const metric of [...trainMetrics, ...valMetrics]) metric.reset();
    for (const callback of callbacks) callback.dispose?.();
    dispose([...owned, classTable]);
    average?.dispose();
    if (optimizer && !isOptimizer(options.optimizer)) optimizer.dispose();
    history.trainSeconds = (performance.now() - started) / 1000;
  }
}

function rateOf(optimizer: tf.Optimizer): number | null {
  try {
    return getLearningRate(optimizer);
  } catch {
    return null;
  }
}

function lastLogs(history: History): Logs {
  const logs: Logs = {};
  for (const key of Object.keys(history.history)) logs[key] = history.last(key) as number;
  return logs;
}
