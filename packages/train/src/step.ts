import * as tf from '@tensorflow/tfjs-core';
import type { Layer } from '@weft/layers';
import type { CheckedBatch } from './batching.js';
import type { WeightAverage } from './ema.js';
import { weightedMean } from './losses/reduce.js';
import type { Loss } from './losses/types.js';

/** What a custom train step receives besides the batch. */
export interface TrainStepContext {
  model: Layer;
  /** The configured loss, reduced to a scalar (weighted when weights are given). */
  loss(yTrue: tf.Tensor, yPred: tf.Tensor, sampleWeight?: tf.Tensor | null): tf.Scalar;
}

/**
 * A custom forward pass (Lightning's `training_step`): returns the scalar to minimize, and
 * optionally the predictions metrics should see. Synchronous: it runs inside the gradient tape.
 * `fit` adds the model's regularization loss to what it returns.
 */
export type TrainStep = (
  batch: { x: tf.Tensor; y: tf.Tensor; sampleWeight: tf.Tensor | null },
  context: TrainStepContext,
) => tf.Scalar | { loss: tf.Scalar; yPred?: tf.Tensor };

export interface StepperOptions {
  /** Clip every gradient element to [−clipValue, clipValue]. */
  clipValue?: number;
  /** Rescale all gradients together so their global L2 norm is at most clipNorm. */
  clipNorm?: number;
  /** Sum gradients over this many batches before one optimizer step (default 1). */
  accumulateSteps: number;
  trainStep?: TrainStep;
}

/** The penalty of the model's regularized weights, if the layers define one. */
function regularization(model: Layer): tf.Scalar | null {
  const fn = (model as { regularizationLoss?: () => tf.Scalar | null }).regularizationLoss;
  return typeof fn === 'function' ? fn.call(model) : null;
}

/**
 * One training step after another: forward and backward pass, gradient accumulation, clipping,
 * the optimizer update and the weight average. Everything it creates is freed per step except
 * the kept loss (and prediction) it returns and the accumulated gradients it holds.
 */
export class Stepper {
  private accumulated: tf.NamedTensorMap | null = null;
  private pending = 0;
  /** Optimizer updates applied (fewer than batches when accumulating). */
  updates = 0;

  constructor(
    private readonly model: Layer,
    private readonly optimizer: tf.Optimizer,
    private readonly loss: Loss,
    private readonly options: StepperOptions,
    private readonly average: WeightAverage | null,
  ) {}

  /**
   * Trains on one batch. Returns the batch's loss (a kept scalar the caller disposes) and, when
   * asked, the predictions (kept too; raw model outputs).
   */
  step(
    batch: CheckedBatch,
    variables: tf.Variable[],
    keepPrediction: boolean,
  ): { loss: tf.Scalar; yPred: tf.Tensor | null } {
    let yPred: tf.Tensor | null = null;
    let value: tf.Scalar;
    let grads: tf.NamedTensorMap;
    try {
      ({ value, grads } = tf.variableGrads(() => {
        const out = this.forward(batch);
        if (keepPrediction && out.yPred) yPred = tf.keep(out.yPred);
        return out.loss;
      }, variables));
    } catch (error) {
      if (yPred) (yPred as tf.Tensor).dispose();
      throw error;
    }
    const live = Object.fromEntries(Object.entries(grads).filter(([, g]) => g != null)) as tf.NamedTensorMap;
    if (this.options.accumulateSteps === 1) {
      this.apply(live, variables);
      tf.dispose(Object.values(grads));
    } else {
      this.accumulate(live);
      tf.dispose(Object.values(grads));
      if (this.pending === this.options.accumulateSteps) this.flush(variables);
    }
    return { loss: value, yPred };
  }

  /** Applies gradients accumulated over fewer than `accumulateSteps` batches (end of an epoch). */
  flush(variables: tf.Variable[]): void {
    if (!this.accumulated || this.pending === 0) return;
    const scale = 1 / this.pending;
    const mean = tf.tidy(() =>
      Object.fromEntries(
        Object.entries(this.accumulated as tf.NamedTensorMap).map(([k, g]) => [k, tf.mul(g, scale)]),
      ),
    ) as tf.NamedTensorMap;
    this.dropAccumulated();
    this.apply(mean, variables);
    tf.dispose(Object.values(mean));
  }

  /** Frees held gradients (an aborted or failed run). */
  dispose(): void {
    this.dropAccumulated();
  }

  private forward(batch: CheckedBatch): { loss: tf.Scalar; yPred: tf.Tensor | null } {
    const context: TrainStepContext = {
      model: this.model,
      loss: (yTrue, yPred, w = null) => weightedMean(this.loss.perSample(yTrue, yPred), w, this.loss.name),
    };
    let loss: tf.Scalar;
    let yPred: tf.Tensor | null = null;
    if (this.options.trainStep) {
      const out = this.options.trainStep(
        { x: batch.x, y: batch.y, sampleWeight: batch.sampleWeight },
        context,
      );
      if (out instanceof tf.Tensor) loss = out;
      else ({ loss, yPred = null } = out);
    } else {
      yPred = this.model.apply(batch.x, { training: true });
      loss = context.loss(batch.y, yPred, batch.sampleWeight);
    }
    const penalty = regularization(this.model);
    return { loss: penalty ? tf.add(loss, penalty) : loss, yPred };
  }

  private accumulate(grads: tf.NamedTensorMap): void {
    const previous = this.accumulated;
    this.accumulated = tf.tidy(() =>
      Object.fromEntries(
        Object.entries(grads).map(([name, g]) => {
          const before = previous?.[name];
          return [name, before ? tf.add(before, g) : tf.clone(g)];
        }),
      ),
    ) as tf.NamedTensorMap;
    if (previous) tf.dispose(Object.values(previous));
    this.pending += 1;
  }

  private dropAccumulated(): void {
    if (this.accumulated) tf.dispose(Object.values(this.accumulated));
    this.accumulated = null;
    this.pending = 0;
  }

  private apply(grads: tf.NamedTensorMap, variables: tf.Variable[]): void {
    const { clipValue, clipNorm } = this.options;
    const clipped =
      clipValue === undefined && clipNorm === undefined
        ? grads
        : (tf.tidy(() => {
            let entries = Object.entries(grads);
            if (clipValue !== undefined) {
              entries = entries.map(([k, g]) => [k, tf.clipByValue(g, -clipValue, clipValue)]);
            }
            if (clipNorm !== undefined && entries.length > 0) {
              const norm = tf.sqrt(tf.addN(entries.map(([, g]) => tf.sum(tf.square(g)))));
              const scale = tf.div(clipNorm, tf.maximum(norm, clipNorm));
              entries = entries.map(([k, g]) => [k, tf.mul(g, scale)]);
            }
            return Object.fromEntries(entries);
          }) as tf.NamedTensorMap);
    this.optimizer.applyGradients(clipped);
    if (clipped !== grads) tf.dispose(Object.values(clipped));
    this.updates += 1;
    this.average?.update(variables);
  }
}
