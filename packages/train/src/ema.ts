import * as tf from '@tensorflow/tfjs-core';
import { ConfigError } from '@weft/core';

export interface EmaOptions {
  /** Weight of the old average per step, in (0, 1); e.g. 0.99 or 0.999. */
  decay: number;
}

export function checkEma(options: EmaOptions | undefined, where: string): number | null {
  if (options === undefined) return null;
  const decay = options?.decay;
  if (typeof decay !== 'number' || !(decay > 0 && decay < 1)) {
    throw new ConfigError({
      where,
      problem: 'ema.decay must be a number strictly between 0 and 1',
      received: { decay },
      fix: 'Use e.g. { ema: { decay: 0.99 } }',
    });
  }
  return decay;
}

/**
 * An exponential moving average of weights (Polyak averaging, Keras' `use_ema`): after every
 * optimizer step, avg ← decay·avg + (1 − decay)·w, starting from the weights at the first step.
 * The averages live in their own variables; {@link swap} exchanges them with the model's, so
 * validation runs on the averaged weights and training continues on the raw ones.
 */
export class WeightAverage {
  private readonly averages = new Map<tf.Variable, tf.Variable>();

  constructor(readonly decay: number) {}

  update(variables: readonly tf.Variable[]): void {
    for (const variable of variables) {
      const average = this.averages.get(variable);
      if (!average) {
        this.averages.set(variable, tf.variable(variable, false));
        continue;
      }
      tf.tidy(() => {
        average.assign(tf.add(tf.mul(average, this.decay), tf.mul(variable, 1 - this.decay)));
      });
    }
  }

  /** Exchanges every averaged weight with the model's (call twice to undo). */
  swap(): void {
    for (const [variable, average] of this.averages) {
      tf.tidy(() => {
        const raw = tf.clone(variable);
        variable.assign(average);
        average.assign(raw);
      });
    }
  }

  /** Writes the averages into the model's weights for good. */
  applyToModel(): void {
    for (const [variable, average] of this.averages) variable.assign(average);
  }

  /** The average of `variable`, if it has one (for checkpoints). */
  averageOf(variable: tf.Variable): tf.Variable | undefined {
    return this.averages.get(variable);
  }

  /** Sets the average of `variable` (restoring a checkpoint); the value is copied. */
  setAverage(variable: tf.Variable, value: tf.Tensor): void {
    this.averages.get(variable)?.dispose();
    this.averages.set(variable, tf.variable(value, false));
  }

  dispose(): void {
    for (const average of this.averages.values()) average.dispose();
    this.averages.clear();
  }
}
