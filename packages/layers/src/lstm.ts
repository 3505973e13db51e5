import * as tf from '@tensorflow/tfjs-core';
import { activate } from './activations.js';
import { Recurrent, type RecurrentConfig, type State } from './recurrent.js';

export interface LSTMConfig extends RecurrentConfig {
  /** Start the forget gate's bias at 1 (Keras' default), so early training remembers. Default true. */
  unitForgetBias?: boolean;
}

/**
 * Long short-term memory over `[batch, steps, features]` (Keras' LSTM): gates in the order input,
 * forget, cell, output (PyTorch's order too), `c = f·c + i·tanh(·)`, `h = o·tanh(c)`. See
 * {@link Recurrent} for weights, masks and `returnSequences`.
 */
export class LSTM extends Recurrent {
  readonly unitForgetBias: boolean;

  constructor(config: LSTMConfig) {
    const { unitForgetBias, ...rest } = config;
    super('LSTM', rest, 4);
    this.unitForgetBias = unitForgetBias ?? true;
  }

  protected createBias(): tf.Variable {
    const bias = this.addWeight('bias', [4 * this.units], this.biasInitializer);
    if (this.unitForgetBias) {
      const u = this.units;
      const values = tf.tidy(() =>
        tf.concat([tf.slice(bias, 0, u), tf.ones([u]), tf.slice(bias, 2 * u, 2 * u)]),
      );
      bias.assign(values);
      values.dispose();
    }
    return bias;
  }

  protected initialState(batch: number): State {
    return [tf.zeros([batch, this.units]), tf.zeros([batch, this.units])];
  }

  protected step(projected: tf.Tensor, [h, c]: State): State {
    let z = tf.add(projected, tf.matMul(h as tf.Tensor, this.recurrentKernel as tf.Variable));
    if (this.bias) z = tf.add(z, this.bias);
    const [i, f, g, o] = tf.split(z, 4, -1) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
    const gate = (t: tf.Tensor) => activate(this.recurrentActivation, t);
    const cell = tf.add(tf.mul(gate(f), c as tf.Tensor), tf.mul(gate(i), activate(this.activation, g)));
    return [tf.mul(gate(o), activate(this.activation, cell)), cell];
  }

  protected override ownConfig(): Record<string, unknown> {
    return { ...super.ownConfig(), unitForgetBias: this.unitForgetBias };
  }
}

export function lstm(config: LSTMConfig): LSTM {
  return new LSTM(config);
}
