import * as tf from '@tensorflow/tfjs-core';
import { defaultRng, Rng, ShapeError, ValueError } from '@weft/core';
import { type InitializerName, initialTensor } from './initializers.js';
import { checkKeys } from './validate.js';

/** A full shape including the batch axis first; the batch (or any unknown axis) may be null. */
export type InputShape = readonly (number | null)[];

export interface LayerConfig {
  /** Unique within a model; defaults to Keras-style auto names ('dense', 'dense_1', …). */
  name?: string;
  /** When false the layer's weights are frozen: `trainableWeights` is empty. Default true. */
  trainable?: boolean;
  /** Seeds the initializers; without one a seed is drawn from core's `defaultRng()` at build time. */
  seed?: number;
  /** Builds the layer for this input shape (batch axis included, may be null) before first use. */
  inputShape?: InputShape;
}

export interface ApplyOptions {
  /** Training mode (dropout active). Default false. */
  training?: boolean;
}

/** A weight with its model-unique name (`<layerName>/<role>`) and its own trainable flag. */
export interface NamedWeight {
  name: string;
  variable: tf.Variable;
  /** False for state that is never trained (e.g. running statistics), whatever the layer's flag. */
  trainable: boolean;
}

/** The options every layer accepts; a layer's own config checks its keys against these plus its own. */
export const LAYER_CONFIG_KEYS = ['name', 'trainable', 'seed', 'inputShape'] as const;

const nameCounts = new Map<string, number>();

/** Keras' auto names: the first 'dense', then 'dense_1', 'dense_2', … (per process). */
export function uniqueLayerName(base: string): string {
  const count = nameCounts.get(base) ?? 0;
  nameCounts.set(base, count + 1);
  return count === 0 ? base : `${base}_${count}`;
}

/** 'Dense' → 'dense', 'LayerNormalization' → 'layer_normalization', 'Conv2D' → 'conv2d' (Keras' rule). */
export function toSnakeCase(className: string): string {
  return className
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/**
 * The base of every layer. A layer owns tfjs variables, created once by {@link Layer.build} from
 * seeded initializers; {@link Layer.apply} is synchronous so it composes inside `tf.tidy` and
 * `tf.grad`. Subclasses implement `call`, and `createWeights`/`computeOutputShape`/`ownConfig`
 * where they have weights, change shapes or have options.
 */
export abstract class Layer {
  /** The registry key: 'Dense', 'Sequential', … */
  readonly className: string;
  readonly name: string;
  /** The initializers' seed; drawn at build time when not given, then kept (and saved in the config). */
  seed: number | undefined;
  private _trainable: boolean;
  private _built = false;
  private _disposed = false;
  private _inputShape: InputShape | null = null;
  private pendingInputShape: InputShape | undefined;
  private readonly ownWeights: NamedWeight[] = [];

  protected constructor(className: string, config: LayerConfig, ownKeys: readonly string[] = []) {
    const where = `${className}.constructor`;
    checkKeys(where, config, [...LAYER_CONFIG_KEYS, ...ownKeys]);
    if (
      config.name !== undefined &&
      (typeof config.name !== 'string' || config.name === '' || /[/\s]/.test(config.name))
    ) {
      throw new ValueError({
        where,
        problem: 'the layer name must be a non-empty string without "/" or spaces',
        received: { name: config.name },
        fix: 'Weight names are "<layer name>/<weight>", so pick a name such as "dense_out"',
      });
    }
    if (config.trainable !== undefined && typeof config.trainable !== 'boolean') {
      throw new ValueError({
        where,
        problem: 'trainable must be a boolean',
        received: { trainable: config.trainable },
      });
    }
    if (config.seed !== undefined && (typeof config.seed !== 'number' || !Number.isFinite(config.seed))) {
      throw new ValueError({
        where,
        problem: 'the seed must be a finite number',
        received: { seed: config.seed },
      });
    }
    if (config.inputShape !== undefined) checkShape(where, config.inputShape);
    this.className = className;
    this.name = config.name ?? uniqueLayerName(toSnakeCase(className));
    this._trainable = config.trainable ?? true;
    this.seed = config.seed;
    this.pendingInputShape = config.inputShape;
  }

  get built(): boolean {
    this.materialize();
    return this._built;
  }

  /** The shape the layer was built for (batch axis null), or null before it is built. */
  get inputShape(): InputShape | null {
    this.materialize();
    return this._inputShape;
  }

  get trainable(): boolean {
    return this._trainable;
  }

  /** Freezes (false) or unfreezes the layer and every layer inside it, like Keras. */
  set trainable(value: boolean) {
    this._trainable = value;
    for (const w of this.ownWeights) w.variable.trainable = value && w.trainable;
    for (const layer of this.sublayers) layer.trainable = value;
  }

  /** Creates the weights for `inputShape` (batch axis included). Idempotent. */
  build(inputShape: InputShape): void {
    this.checkAlive('build');
    if (this._built) return;
    const where = `${this.className}.build`;
    checkShape(where, inputShape);
    const shape: InputShape = [null, ...inputShape.slice(1)];
    try {
      this.createWeights(shape);
    } catch (error) {
      for (const w of this.ownWeights.splice(0)) w.variable.dispose();
      throw error;
    }
    this._inputShape = shape;
    this._built = true;
    this.pendingInputShape = undefined;
  }

  /**
   * Runs the layer on `x` (building it on first call). Synchronous; intermediate tensors are
   * freed, the result is a new tensor the caller owns, and `x` is never disposed.
   */
  apply(x: tf.Tensor, options: ApplyOptions = {}): tf.Tensor {
    this.checkAlive('apply');
    if (!(x instanceof tf.Tensor)) {
      throw new ValueError({
        where: `${this.className}.apply`,
        problem: 'the input is not a tfjs tensor',
        received: { x },
        fix: 'Convert data with toTensor from @weft/core first',
      });
    }
    this.materialize();
    this.build(x.shape);
    this.checkInput(x.shape);
    return tf.tidy(() => {
      const y = this.call(x, options);
      return y === x ? tf.clone(x) : y;
    });
  }

  /** The output shape for an input shape (batch axis included). Identity unless the layer overrides it. */
  computeOutputShape(inputShape: InputShape): InputShape {
    return inputShape;
  }

  /** Every weight with its name, in a stable order (this layer's own first, then its sublayers'). */
  get namedWeights(): NamedWeight[] {
    this.materialize();
    return [...this.ownWeights, ...this.sublayers.flatMap((layer) => layer.namedWeights)];
  }

  get weights(): tf.Variable[] {
    return this.namedWeights.map((w) => w.variable);
  }

  /** The weights an optimizer should update: empty when the layer is frozen. */
  get trainableWeights(): tf.Variable[] {
    if (!this._trainable) return [];
    this.materialize();
    return [
      ...this.ownWeights.filter((w) => w.trainable).map((w) => w.variable),
      ...this.sublayers.flatMap((layer) => layer.trainableWeights),
    ];
  }

  get nonTrainableWeights(): tf.Variable[] {
    const trainable = new Set(this.trainableWeights);
    return this.weights.filter((v) => !trainable.has(v));
  }

  /** Plain JSON: name, trainable, seed, the layer's own options, and `inputShape` once built. */
  getConfig(): Record<string, unknown> {
    this.materialize();
    const config: Record<string, unknown> = { name: this.name, trainable: this._trainable };
    if (this.seed !== undefined) config.seed = this.seed;
    Object.assign(config, this.ownConfig());
    const shape = this._inputShape ?? this.pendingInputShape;
    if (shape) config.inputShape = [...shape];
    return config;
  }

  countParams(): number {
    return this.weights.reduce((total, v) => total + v.size, 0);
  }

  /** Disposes the layer's variables (and its sublayers'); the layer cannot be used afterwards. */
  dispose(): void {
    if (this._disposed) return;
    for (const w of this.ownWeights.splice(0)) w.variable.dispose();
    for (const layer of this.sublayers) layer.dispose();
    this._disposed = true;
  }

  /** The computation, on an input already checked against the build shape; runs inside `tf.tidy`. */
  protected abstract call(x: tf.Tensor, options: ApplyOptions): tf.Tensor;

  /** Creates weights with {@link Layer.addWeight}; `inputShape` has a null batch axis. */
  protected createWeights(_inputShape: InputShape): void {}

  /** The layer's own options, for {@link Layer.getConfig}. */
  protected ownConfig(): Record<string, unknown> {
    return {};
  }

  /** Layers nested in this one (a Sequential's layers): their weights follow this one's own. */
  protected get sublayers(): readonly Layer[] {
    return [];
  }

  /**
   * Checks an input against the build shape: same rank, same non-batch sizes. Layers that accept
   * more (Dense takes any rank ≥ 2) override it.
   */
  protected checkInput(shape: readonly number[]): void {
    const built = this._inputShape as InputShape;
    const mismatch =
      shape.length !== built.length || built.some((d, i) => i > 0 && d !== null && d !== shape[i]);
    if (mismatch) throw this.inputShapeError(shape, `shape ${formatShape(built)}`);
  }

  protected inputShapeError(shape: readonly number[], expected: string): ShapeError {
    return new ShapeError({
      where: `${this.className}.apply`,
      problem: `the input does not fit layer "${this.name}"`,
      expected,
      received: { shape: [...shape] },
      fix: 'Check the previous layer, or reshape the input',
    });
  }

  /** Adds a weight named `<layerName>/<role>`, initialized from this layer's seed forked by `role`. */
  protected addWeight(
    role: string,
    shape: readonly number[],
    initializer: InitializerName,
    options: { trainable?: boolean } = {},
  ): tf.Variable {
    const trainable = options.trainable ?? true;
    const value = initialTensor(initializer, shape, this.rng().fork(role));
    const variable = tf.variable(value, this._trainable && trainable);
    value.dispose();
    this.ownWeights.push({ name: `${this.name}/${role}`, variable, trainable });
    return variable;
  }

  /** This layer's generator: from its seed, drawing (and keeping) one when it has none. */
  protected rng(): Rng {
    this.seed ??= defaultRng().nextSeed();
    return new Rng(this.seed);
  }

  private materialize(): void {
    if (!this._built && this.pendingInputShape && !this._disposed) this.build(this.pendingInputShape);
  }

  private checkAlive(method: string): void {
    if (this._disposed) {
      throw new ValueError({
        where: `${this.className}.${method}`,
        problem: `layer "${this.name}" was disposed`,
        fix: 'Create a new layer (or load the model again)',
      });
    }
  }
}

/** `(None, 10)`, as Keras prints shapes. */
export function formatShape(shape: InputShape): string {
  const parts = shape.map((d) => (d === null ? 'None' : String(d)));
  return `(${parts.join(', ')}${parts.length === 1 ? ',' : ''})`;
}

function checkShape(where: string, shape: unknown): asserts shape is InputShape {
  const ok =
    Array.isArray(shape) &&
    shape.length > 0 &&
    shape.every(
      (d, i) => d === null || (typeof d === 'number' && Number.isInteger(d) && d >= (i === 0 ? 0 : 1)),
    );
  if (!ok) {
    throw new ShapeError({
      where,
      problem: 'the input shape is not a list of positive sizes',
      expected: 'the full shape with the batch axis first, e.g. [null, 4]',
      received: { inputShape: shape },
    });
  }
}
