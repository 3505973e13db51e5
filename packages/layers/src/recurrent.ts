import * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from '@weft/core';
import { ACTIVATION_NAMES, type ActivationName } from './activations.js';
import { INITIALIZER_NAMES, type InitializerName } from './initializers.js';
import {
  type ApplyOptions,
  type InputShape,
  Layer,
  type LayerConfig,
  type Mask,
  maskToFloat,
} from './layer.js';
import { checkRegularizer, type Regularizer } from './regularizers.js';
import { oneOf, positiveInt } from './validate.js';

export interface RecurrentConfig extends LayerConfig {
  units: number;
  /** Return every step's output `[batch, steps, units]` instead of the last `[batch, units]`. Default false. */
  returnSequences?: boolean;
  /** Default 'tanh'. */
  activation?: ActivationName;
  /** The gates' activation. Default 'sigmoid'. */
  recurrentActivation?: ActivationName;
  /** Default true. */
  useBias?: boolean;
  /** Default 'glorotUniform'. */
  kernelInitializer?: InitializerName;
  /** Default 'orthogonal'. */
  recurrentInitializer?: InitializerName;
  /** Default 'zeros'. */
  biasInitializer?: InitializerName;
  /** A penalty on the input kernel, e.g. `{ l2: 1e-4 }`. */
  kernelRegularizer?: Regularizer;
}

export const RECURRENT_KEYS = [
  'units',
  'returnSequences',
  'activation',
  'recurrentActivation',
  'useBias',
  'kernelInitializer',
  'recurrentInitializer',
  'biasInitializer',
  'kernelRegularizer',
];

/** The state a step carries: `[h]` for a GRU, `[h, c]` for an LSTM, each `[batch, units]`. */
export type State = tf.Tensor[];

/**
 * What LSTM and GRU share (Keras' layouts): `kernel [in, gates·units]`, `recurrent_kernel
 * [units, gates·units]`, a bias, a zero initial state, and an unrolled loop over the steps whose
 * input projections are computed for all steps at once. Masked steps (`ApplyOptions.mask`,
 * `[batch, steps]`) leave the state unchanged, so padding at the end does not change the last
 * output; with `returnSequences` a masked step outputs the state it carries.
 */
export abstract class Recurrent extends Layer {
  readonly units: number;
  readonly returnSequences: boolean;
  readonly activation: ActivationName;
  readonly recurrentActivation: ActivationName;
  readonly useBias: boolean;
  readonly kernelInitializer: InitializerName;
  readonly recurrentInitializer: InitializerName;
  readonly biasInitializer: InitializerName;
  readonly kernelRegularizer: Regularizer | undefined;
  protected kernel: tf.Variable | null = null;
  protected recurrentKernel: tf.Variable | null = null;
  protected bias: tf.Variable | null = null;

  protected constructor(
    className: string,
    config: RecurrentConfig,
    private readonly gates: number,
  ) {
    super(className, config, RECURRENT_KEYS);
    const where = `${className}.constructor`;
    this.units = positiveInt(where, 'units', config.units);
    this.returnSequences = config.returnSequences ?? false;
    this.activation = oneOf(where, 'activation', config.activation ?? 'tanh', ACTIVATION_NAMES);
    this.recurrentActivation = oneOf(
      where,
      'recurrentActivation',
      config.recurrentActivation ?? 'sigmoid',
      ACTIVATION_NAMES,
    );
    this.useBias = config.useBias ?? true;
    this.kernelInitializer = oneOf(
      where,
      'kernelInitializer',
      config.kernelInitializer ?? 'glorotUniform',
      INITIALIZER_NAMES,
    );
    this.recurrentInitializer = oneOf(
      where,
      'recurrentInitializer',
      config.recurrentInitializer ?? 'orthogonal',
      INITIALIZER_NAMES,
    );
    this.biasInitializer = oneOf(
      where,
      'biasInitializer',
      config.biasInitializer ?? 'zeros',
      INITIALIZER_NAMES,
    );
    this.kernelRegularizer = checkRegularizer(where, 'kernelRegularizer', config.kernelRegularizer);
  }

  override computeOutputShape(inputShape: InputShape): InputShape {
    const [batch = null, steps = null] = inputShape;
    return this.returnSequences ? [batch, steps, this.units] : [batch, this.units];
  }

  override computeMask(_x: tf.Tensor | readonly tf.Tensor[], mask: Mask | undefined): tf.Tensor | null {
    return this.returnSequences && mask && !Array.isArray(mask) ? (mask as tf.Tensor) : null;
  }

  protected override createWeights(inputShape: InputShape): void {
    const features = inputShape[2];
    if (inputShape.length !== 3 || features == null) {
      throw new ShapeError({
        where: `${this.className}.build`,
        problem: 'recurrent layers take [batch, steps, features] with known features',
        received: { inputShape },
      });
    }
    const width = this.gates * this.units;
    this.kernel = this.addWeight('kernel', [features, width], this.kernelInitializer, {
      regularizer: this.kernelRegularizer,
    });
    this.recurrentKernel = this.addWeight('recurrent_kernel', [this.units, width], this.recurrentInitializer);
    if (this.useBias) this.bias = this.createBias();
  }

  protected override checkInput(shape: readonly number[]): void {
    const features = this.kernel?.shape[0];
    if (shape.length !== 3 || shape[2] !== features)
      throw this.inputShapeError(shape, `[batch, steps, ${features}]`);
  }

  protected call(x: tf.Tensor, options: ApplyOptions): tf.Tensor {
    const [batch, steps, features] = x.shape as [number, number, number];
    const projected = tf.reshape(
      tf.matMul(tf.reshape(x, [batch * steps, features]), this.kernel as tf.Variable),
      [batch, steps, -1],
    );
    const inputs = tf.unstack(projected, 1);
    const mask = options.mask && !Array.isArray(options.mask) ? maskToFloat(options.mask as tf.Tensor) : null;
    const keep = mask ? tf.unstack(tf.reshape(mask, [batch, steps, 1]), 1) : null;
    let state: State = this.initialState(batch);
    const outputs: tf.Tensor[] = [];
    for (let t = 0; t < steps; t++) {
      const next = this.step(inputs[t] as tf.Tensor, state);
      const m = keep?.[t];
      state = m
        ? next.map((s, i) => tf.add(tf.mul(m, s), tf.mul(tf.sub(1, m), state[i] as tf.Tensor)))
        : next;
      if (this.returnSequences) outputs.push(state[0] as tf.Tensor);
    }
    return this.returnSequences ? tf.stack(outputs, 1) : (state[0] as tf.Tensor);
  }

  /** The bias weight (a GRU's has two rows). */
  protected abstract createBias(): tf.Variable;

  /** One step: from the step's projected input `x·kernel` and the state, the next state (output first). */
  protected abstract step(projected: tf.Tensor, state: State): State;

  protected abstract initialState(batch: number): State;

  protected override ownConfig(): Record<string, unknown> {
    return {
      units: this.units,
      returnSequences: this.returnSequences,
      activation: this.activation,
      recurrentActivation: this.recurrentActivation,
      useBias: this.useBias,
      kernelInitializer: this.kernelInitializer,
      recurrentInitializer: this.recurrentInitializer,
      biasInitializer: this.biasInitializer,
      ...(this.kernelRegularizer ? { kernelRegularizer: { ...this.kernelRegularizer } } : {}),
    };
  }
}
