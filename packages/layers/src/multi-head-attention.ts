import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, type Rng, ShapeError } from '@weft/core';
import { dropoutWith } from './dropout.js';
import { INITIALIZER_NAMES, type InitializerName } from './initializers.js';
import {
  type ApplyOptions,
  type InputShape,
  isShapeList,
  Layer,
  type LayerConfig,
  maskToFloat,
  type Shapes,
} from './layer.js';
import { oneOf, positiveInt } from './validate.js';

export interface MultiHeadAttentionConfig extends LayerConfig {
  numHeads: number;
  /** Size of each head's queries and keys. */
  keyDim: number;
  /** Size of each head's values. Default keyDim. */
  valueDim?: number;
  /** Size of the output. Default: the query's last axis. */
  outputDim?: number;
  /** Each query attends only to keys at its own step or earlier (a decoder's self-attention). Default false. */
  causal?: boolean;
  /** Dropout on the attention weights in training. Default 0. */
  dropout?: number;
  /** Default true. */
  useBias?: boolean;
  /** Default 'glorotUniform'. */
  kernelInitializer?: InitializerName;
  /** Default 'zeros'. */
  biasInitializer?: InitializerName;
}

const KEYS = [
  'numHeads',
  'keyDim',
  'valueDim',
  'outputDim',
  'causal',
  'dropout',
  'useBias',
  'kernelInitializer',
  'biasInitializer',
];

/** Added to the scores of masked keys: large enough to zero them, finite so a fully masked row stays finite. */
const MASKED = -1e9;

/**
 * Multi-head scaled dot-product attention (Vaswani et al.), as Keras' and PyTorch's:
 * `apply(x)` is self-attention; `apply([query, value])` or `apply([query, value, key])` attends
 * from the query's steps to the value's. Masks: the mask of the keys' input (`ApplyOptions.mask`:
 * the input's mask, or `[queryMask, valueMask, keyMask?]`) hides padded keys, and `causal: true`
 * hides later steps. A query whose keys are all hidden gets a uniform average rather than NaN.
 *
 * Weights, per projection, are 2-D: `query/kernel [queryDim, heads·keyDim]`, `key/kernel`,
 * `value/kernel [valueIn, heads·valueDim]`, `output/kernel [heads·valueDim, outputDim]` (Keras'
 * 3-D kernels reshaped; PyTorch's `in_proj_weight` blocks transposed), heads contiguous.
 */
export class MultiHeadAttention extends Layer {
  readonly numHeads: number;
  readonly keyDim: number;
  readonly valueDim: number;
  readonly outputDim: number | undefined;
  readonly causal: boolean;
  readonly dropout: number;
  readonly useBias: boolean;
  readonly kernelInitializer: InitializerName;
  readonly biasInitializer: InitializerName;
  private w: Record<
    'query' | 'key' | 'value' | 'output',
    { kernel: tf.Variable; bias: tf.Variable | null }
  > | null = null;
  private stream: Rng | null = null;

  constructor(config: MultiHeadAttentionConfig) {
    super('MultiHeadAttention', config, KEYS);
    const where = 'MultiHeadAttention.constructor';
    this.numHeads = positiveInt(where, 'numHeads', config.numHeads);
    this.keyDim = positiveInt(where, 'keyDim', config.keyDim);
    this.valueDim = positiveInt(where, 'valueDim', config.valueDim ?? config.keyDim);
    this.outputDim =
      config.outputDim === undefined ? undefined : positiveInt(where, 'outputDim', config.outputDim);
    this.causal = config.causal ?? false;
    const rate = config.dropout ?? 0;
    if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) {
      throw new ConfigError({ where, problem: 'dropout must be in [0, 1)', received: { dropout: rate } });
    }
    this.dropout = rate;
    this.useBias = config.useBias ?? true;
    this.kernelInitializer = oneOf(
      where,
      'kernelInitializer',
      config.kernelInitializer ?? 'glorotUniform',
      INITIALIZER_NAMES,
    );
    this.biasInitializer = oneOf(
      where,
      'biasInitializer',
      config.biasInitializer ?? 'zeros',
      INITIALIZER_NAMES,
    );
  }

  override computeOutputShape(inputShape: Shapes): InputShape {
    const [query] = this.shapes(inputShape);
    return [...query.slice(0, -1), this.outputDim ?? query.at(-1) ?? null];
  }

  /** The query's mask: the output has the query's steps. */
  protected override get supportsMasking(): boolean {
    return true;
  }

  protected override createWeights(inputShape: Shapes): void {
    const [query, value, key] = this.shapes(inputShape);
    const dims = [query, value, key].map((s) => s.at(-1));
    if (dims.some((d) => d == null) || [query, value, key].some((s) => s.length !== 3)) {
      throw new ShapeError({
        where: 'MultiHeadAttention.build',
        problem: 'query, value and key must be [batch, steps, features] with known features',
        received: { inputShape },
      });
    }
    const [q, v, k] = dims as [number, number, number];
    const heads = this.numHeads;
    const projection = (role: string, input: number, output: number) => ({
      kernel: this.addWeight(`${role}/kernel`, [input, output], this.kernelInitializer),
      bias: this.useBias ? this.addWeight(`${role}/bias`, [output], this.biasInitializer) : null,
    });
    this.w = {
      query: projection('query', q, heads * this.keyDim),
      key: projection('key', k, heads * this.keyDim),
      value: projection('value', v, heads * this.valueDim),
      output: projection('output', heads * this.valueDim, this.outputDim ?? q),
    };
  }

  protected override checkInput(shape: readonly number[] | readonly (readonly number[])[]): void {
    const list = (Array.isArray(shape[0]) ? shape : [shape]) as readonly (readonly number[])[];
    const w = this.w as NonNullable<typeof this.w>;
    const [query, value, key] = [
      list[0],
      list[1] ?? list[0],
      list[2] ?? list[1] ?? list[0],
    ] as (readonly number[])[];
    const ok =
      list.length <= 3 &&
      [query, value, key].every((s) => s?.length === 3) &&
      query?.[2] === w.query.kernel.shape[0] &&
      value?.[2] === w.value.kernel.shape[0] &&
      key?.[2] === w.key.kernel.shape[0] &&
      key?.[1] === value?.[1] &&
      query?.[0] === value?.[0];
    if (!ok) {
      throw this.inputShapeError(
        shape,
        `x [batch, steps, ${w.query.kernel.shape[0]}], or [query, value(, key)] with matching batch and key/value steps`,
      );
    }
  }

  protected call(x: tf.Tensor | tf.Tensor[], options: ApplyOptions): tf.Tensor {
    const w = this.w as NonNullable<typeof this.w>;
    const list = Array.isArray(x) ? x : [x];
    const query = list[0] as tf.Tensor;
    const value = list[1] ?? query;
    const key = list[2] ?? value;
    const masks = Array.isArray(options.mask) ? options.mask : [options.mask ?? null];
    const keyMask = Array.isArray(x) ? (masks[2] ?? masks[1] ?? null) : (masks[0] ?? null);
    const [batch, tq] = query.shape as [number, number];
    const tk = key.shape[1] as number;
    const heads = this.numHeads;
    const project = (t: tf.Tensor, p: { kernel: tf.Variable; bias: tf.Variable | null }, size: number) => {
      let y = tf.matMul(tf.reshape(t, [-1, t.shape[2] as number]), p.kernel);
      if (p.bias) y = tf.add(y, p.bias);
      // [b·t, heads·size] → [b, heads, t, size]
      return tf.transpose(tf.reshape(y, [batch, -1, heads, size]), [0, 2, 1, 3]);
    };
    const q = tf.mul(project(query, w.query, this.keyDim), 1 / Math.sqrt(this.keyDim));
    const k = project(key, w.key, this.keyDim);
    const v = project(value, w.value, this.valueDim);
    let scores = tf.matMul(q, k, false, true); // [b, heads, tq, tk]
    const hidden = this.hiddenKeys(keyMask, batch, tq, tk);
    if (hidden) scores = tf.add(scores, tf.mul(hidden, MASKED));
    let weights = tf.softmax(scores, -1);
    if (options.training && this.dropout > 0) {
      this.stream ??= this.rng().fork('dropout');
      weights = dropoutWith(weights, this.dropout, this.stream);
    }
    const context = tf.reshape(tf.transpose(tf.matMul(weights, v), [0, 2, 1, 3]), [
      batch * tq,
      heads * this.valueDim,
    ]);
    let y = tf.matMul(context, w.output.kernel);
    if (w.output.bias) y = tf.add(y, w.output.bias);
    return tf.reshape(y, [batch, tq, -1]);
  }

  /** 1 where a query may not look (padded keys, later steps when causal), broadcastable to [b, heads, tq, tk]; null if none. */
  private hiddenKeys(keyMask: tf.Tensor | null, batch: number, tq: number, tk: number): tf.Tensor | null {
    let hidden: tf.Tensor | null = null;
    if (keyMask) hidden = tf.reshape(tf.sub(1, maskToFloat(keyMask)), [batch, 1, 1, tk]);
    if (this.causal) {
      const later = new Float32Array(tq * tk);
      // Query i sits at step i + (tk − tq) of the keys, so a shorter query is the sequence's end.
      for (let i = 0; i < tq; i++) for (let j = 0; j < tk; j++) later[i * tk + j] = j > i + (tk - tq) ? 1 : 0;
      const future = tf.tensor(later, [1, 1, tq, tk]);
      hidden = hidden ? tf.maximum(hidden, future) : future;
    }
    return hidden;
  }

  private shapes(inputShape: Shapes): [InputShape, InputShape, InputShape] {
    const list = isShapeList(inputShape) ? inputShape : [inputShape as InputShape];
    const [query, value = query, key = value] = list as InputShape[];
    return [query as InputShape, value as InputShape, key as InputShape];
  }

  protected override randomStreams(): Record<string, Rng> {
    if (this.dropout === 0) return {};
    this.stream ??= this.rng().fork('dropout');
    return { dropout: this.stream };
  }

  protected override ownConfig(): Record<string, unknown> {
    return {
      numHeads: this.numHeads,
      keyDim: this.keyDim,
      valueDim: this.valueDim,
      ...(this.outputDim === undefined ? {} : { outputDim: this.outputDim }),
      causal: this.causal,
      dropout: this.dropout,
      useBias: this.useBias,
      kernelInitializer: this.kernelInitializer,
      biasInitializer: this.biasInitializer,
    };
  }
}

export function multiHeadAttention(config: MultiHeadAttentionConfig): MultiHeadAttention {
  return new MultiHeadAttention(config);
}
