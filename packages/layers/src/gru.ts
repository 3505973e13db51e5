import * as tf from '@tensorflow/tfjs-core';
import { activate } from './activations.js';
import { Recurrent, type RecurrentConfig, type State } from './recurrent.js';

export interface GRUConfig extends RecurrentConfig {}

/**
 * Gated recurrent unit over `[batch, steps, features]` (Keras' GRU with `reset_after`, the
 * formula PyTorch uses): gates in Keras' order update z, reset r, candidate;
 * `n = tanh(x·Wn + bn + r·(h·Un + b'n))`, `h = z·h + (1 − z)·n`. The bias is `[2, 3·units]`
 * (input and recurrent rows). See {@link Recurrent} for masks and `returnSequences`.
 */
export class GRU extends Recurrent {
  constructor(config: GRUConfig) {
    super('GRU', config, 3);
  }

  protected createBias(): tf.Variable {
    return this.addWeight('bias', [2, 3 * this.units], this.biasInitializer);
  }

  protected initialState(batch: number): State {
    return [tf.zeros([batch, this.units])];
  }

  protected step(projected: tf.Tensor, [h]: State): State {
    let x = projected;
    let r = tf.matMul(h as tf.Tensor, this.recurrentKernel as tf.Variable);
    if (this.bias) {
      const [inputBias, recurrentBias] = tf.unstack(this.bias) as [tf.Tensor, tf.Tensor];
      x = tf.add(x, inputBias);
      r = tf.add(r, recurrentBias);
    }
    const [xz, xr, xn] = tf.split(x, 3, -1) as [tf.Tensor, tf.Tensor, tf.Tensor];
    const [hz, hr, hn] = tf.split(r, 3, -1) as [tf.Tensor, tf.Tensor, tf.Tensor];
    const gate = (t: tf.Tensor) => activate(this.recurrentActivation, t);
    const z = gate(tf.add(xz, hz));
    const reset = gate(tf.add(xr, hr));
    const n = activate(this.activation, tf.add(xn, tf.mul(reset, hn)));
    return [tf.add(tf.mul(z, h as tf.Tensor), tf.mul(tf.sub(1, z), n))];
  }
}

export function gru(config: GRUConfig): GRU {
  return new GRU(config);
}
