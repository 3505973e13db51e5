import * as tf from '@tensorflow/tfjs-core';
import { WeftOptimizer } from './base.js';
import { checkRate } from './check.js';
import type { FusedStep } from './fused/apply.js';
import { FUSED_KERNELS } from './fused/kernels.js';

/** Plain gradient descent: w ← w − lr·g. */
export class SGD extends WeftOptimizer {
  static get className(): string {
    return 'WeftSGD';
  }
  protected readonly slotNames = [] as const;

  constructor(options: { learningRate?: number } = {}) {
    super(checkRate(options.learningRate ?? 0.01, 'learningRate', 'SGD'));
  }

  protected update(variable: tf.Variable, gradient: tf.Tensor): void {
    variable.assign(tf.sub(variable, tf.mul(gradient, this.learningRate)));
  }

  protected override fusedStep(): FusedStep {
    return { kernelName: FUSED_KERNELS.sgd.name, attrs: { lr: this.learningRate } };
  }

  getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate };
  }
}
