import * as tf from '@tensorflow/tfjs-core';
import { WeftOptimizer } from './base.js';
import { checkFraction, checkRate } from './check.js';
import type { FusedStep } from './fused/apply.js';
import { FUSED_KERNELS } from './fused/kernels.js';

export interface RMSPropOptions {
  /** Default 0.001. */
  learningRate?: number;
  /** Decay of the mean square (default 0.9). */
  rho?: number;
  /** Default 1e-7 (Keras). */
  epsilon?: number;
}

/** RMSProp as Keras and tfjs define it: s ← ρ·s + (1 − ρ)·g², w ← w − lr·g / √(s + ε). */
export class RMSProp extends WeftOptimizer {
  static get className(): string {
    return 'WeftRMSProp';
  }
  protected readonly slotNames = ['rms'] as const;
  readonly rho: number;
  readonly epsilon: number;

  constructor(options: RMSPropOptions = {}) {
    super(checkRate(options.learningRate ?? 0.001, 'learningRate', 'RMSProp'));
    this.rho = checkFraction(options.rho ?? 0.9, 'rho', 'RMSProp');
    this.epsilon = checkRate(options.epsilon ?? 1e-7, 'epsilon', 'RMSProp');
  }

  protected update(variable: tf.Variable, gradient: tf.Tensor, [meanSquare]: tf.Variable[]): void {
    const s = tf.add(tf.mul(meanSquare as tf.Variable, this.rho), tf.mul(tf.square(gradient), 1 - this.rho));
    meanSquare?.assign(s);
    const step = tf.div(tf.mul(gradient, this.learningRate), tf.sqrt(tf.add(s, this.epsilon)));
    variable.assign(tf.sub(variable, step));
  }

  protected override fusedStep(): FusedStep {
    return {
      kernelName: FUSED_KERNELS.rmsprop.name,
      attrs: { lr: this.learningRate, rho: this.rho, oneMinusRho: 1 - this.rho, epsilon: this.epsilon },
    };
  }

  getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, rho: this.rho, epsilon: this.epsilon };
  }
}
