import * as tf from '@tensorflow/tfjs-core';
import { WeftOptimizer } from './base.js';
import { checkFraction, checkRate } from './check.js';
import type { FusedStep } from './fused/apply.js';
import { FUSED_KERNELS } from './fused/kernels.js';

export interface MomentumOptions {
  /** Default 0.01. */
  learningRate?: number;
  /** Default 0.9. */
  momentum?: number;
  /** Nesterov's variant (default false). */
  nesterov?: boolean;
}

/**
 * SGD with momentum, PyTorch's and tfjs' form: v ← μ·v + g, then w ← w − lr·v (or, Nesterov,
 * w ← w − lr·(g + μ·v)).
 */
export class Momentum extends WeftOptimizer {
  static get className(): string {
    return 'WeftMomentum';
  }
  protected readonly slotNames = ['momentum'] as const;
  readonly momentum: number;
  readonly nesterov: boolean;

  constructor(options: MomentumOptions = {}) {
    super(checkRate(options.learningRate ?? 0.01, 'learningRate', 'Momentum'));
    this.momentum = checkFraction(options.momentum ?? 0.9, 'momentum', 'Momentum');
    this.nesterov = options.nesterov ?? false;
  }

  protected update(variable: tf.Variable, gradient: tf.Tensor, [velocity]: tf.Variable[]): void {
    const v = tf.add(tf.mul(velocity as tf.Variable, this.momentum), gradient);
    const direction = this.nesterov ? tf.add(gradient, tf.mul(v, this.momentum)) : v;
    velocity?.assign(v);
    variable.assign(tf.sub(variable, tf.mul(direction, this.learningRate)));
  }

  protected override fusedStep(): FusedStep {
    return {
      kernelName: FUSED_KERNELS.momentum.name,
      attrs: { lr: this.learningRate, momentum: this.momentum, nesterov: this.nesterov },
    };
  }

  getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, momentum: this.momentum, nesterov: this.nesterov };
  }
}
