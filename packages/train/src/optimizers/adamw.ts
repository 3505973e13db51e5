import * as tf from '@tensorflow/tfjs-core';
import { ConfigError } from '@weft/core';
import { WeftOptimizer } from './base.js';
import { checkFraction, checkRate } from './check.js';
import type { FusedStep } from './fused/apply.js';
import { FUSED_KERNELS } from './fused/kernels.js';

export interface AdamWOptions {
  /** Default 0.001. */
  learningRate?: number;
  /** Default 0.9. */
  beta1?: number;
  /** Default 0.999. */
  beta2?: number;
  /** Default 1e-7 (Keras; PyTorch uses 1e-8). */
  epsilon?: number;
  /** Decoupled weight decay (default 0.01, as PyTorch's AdamW); 0 gives Adam. */
  weightDecay?: number;
}

/**
 * AdamW (Loshchilov & Hutter): Adam whose weight decay is applied to the weights directly,
 * w ← w·(1 − lr·λ), instead of being added to the gradient, then the Adam step
 * w ← w − lr·m̂ / (√v̂ + ε) with bias-corrected moments. The bias corrections are computed in
 * float64 from the step count, so restoring a checkpoint resumes the exact same sequence.
 * Matches `torch.optim.AdamW` (tested); tfjs has no AdamW.
 */
export class AdamW extends WeftOptimizer {
  static get className(): string {
    return 'WeftAdamW';
  }
  protected readonly slotNames = ['m', 'v'] as const;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly weightDecay: number;

  constructor(options: AdamWOptions = {}, owner = 'AdamW') {
    super(checkRate(options.learningRate ?? 0.001, 'learningRate', owner));
    this.beta1 = checkFraction(options.beta1 ?? 0.9, 'beta1', owner);
    this.beta2 = checkFraction(options.beta2 ?? 0.999, 'beta2', owner);
    this.epsilon = checkRate(options.epsilon ?? 1e-7, 'epsilon', owner);
    const decay = options.weightDecay ?? 0.01;
    if (typeof decay !== 'number' || !(decay >= 0) || !Number.isFinite(decay)) {
      throw new ConfigError({
        where: `${owner}.constructor`,
        problem: 'weightDecay must be a non-negative finite number',
        received: { weightDecay: decay },
      });
    }
    this.weightDecay = decay;
  }

  protected update(variable: tf.Variable, gradient: tf.Tensor, [m, v]: tf.Variable[], step: number): void {
    const lr = this.learningRate;
    const m1 = tf.add(tf.mul(m as tf.Variable, this.beta1), tf.mul(gradient, 1 - this.beta1));
    const v1 = tf.add(tf.mul(v as tf.Variable, this.beta2), tf.mul(tf.square(gradient), 1 - this.beta2));
    m?.assign(m1);
    v?.assign(v1);
    const mHat = tf.div(m1, 1 - this.beta1 ** step);
    const vHat = tf.div(v1, 1 - this.beta2 ** step);
    const decayed = this.weightDecay > 0 ? tf.mul(variable, 1 - lr * this.weightDecay) : variable;
    variable.assign(tf.sub(decayed, tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), this.epsilon)), lr)));
  }

  /** {@link update}'s constants, computed the same way (float64, then float32 in the kernel). */
  protected override fusedStep(step: number): FusedStep {
    const lr = this.learningRate;
    return {
      kernelName: FUSED_KERNELS.adamw.name,
      attrs: {
        lr,
        beta1: this.beta1,
        beta2: this.beta2,
        oneMinusBeta1: 1 - this.beta1,
        oneMinusBeta2: 1 - this.beta2,
        bias1: 1 - this.beta1 ** step,
        bias2: 1 - this.beta2 ** step,
        // Without decay the composite path skips the multiply; w·1 is exact, so the kernel keeps it.
        decay: this.weightDecay > 0 ? 1 - lr * this.weightDecay : 1,
        epsilon: this.epsilon,
      },
    };
  }

  getConfig(): tf.serialization.ConfigDict {
    return {
      learningRate: this.learningRate,
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      weightDecay: this.weightDecay,
    };
  }
}

/** Adam (Kingma & Ba): {@link AdamW} without weight decay. Keras' defaults (ε 1e-7). */
export class Adam extends AdamW {
  static override get className(): string {
    return 'WeftAdam';
  }

  constructor(options: Omit<AdamWOptions, 'weightDecay'> = {}) {
    super({ ...options, weightDecay: 0 }, 'Adam');
  }
}
