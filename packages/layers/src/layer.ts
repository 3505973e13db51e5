import * as tf from '@tensorflow/tfjs-core';
import { defaultRng, FormatError, Rng, type RngState, ShapeError, ValueError } from '@weft/core';
import { type InitializerName, initialTensor } from './initializers.js';
import { penalty, type Regularizer } from './regularizers.js';
import { isSymbolic, SymbolicTensor } from './symbolic.js';
import { checkKeys } from './validate.js';

/** A full shape including the batch axis first; the batch (or any unknown axis) may be null. */
export type InputShape = readonly (number | null)[];

/** One input's shape, or one shape per input for layers that take several (Add, attention, …). */
export type Shapes = InputShape | readonly InputShape[];

/**
 * Which steps of a sequence are real (non-zero) and which are padding, shaped like the input
 * without its feature axis (`[batch, steps]`); one per input for layers that take several.
 */
export type Mask = tf.Tensor | null | readonly (tf.Tensor | null)[];

export interface LayerConfig {
  /** Unique within a model; defaults to Keras-style auto names ('dense', 'dense_1', …). */
  name?: string;
  /** When false the layer's weights are frozen: `trainableWeights` is empty. Default true. */
  trainable?: boolean;
  /** Seeds the initializers; without one a seed is drawn from core's `defaultRng()` at build time. */
  seed?: number;
  /** Builds the layer for this input shape (batch axis included, may be null) before first use; one per input for layers with several. */
  inputShape?: Shapes;
}

export interface ApplyOptions {
  /** Training mode (dropout active, batch statistics). Default false. */
  training?: boolean;
  /**
   * The input's mask (see {@link Mask}); layers that use one (attention, recurrent layers,
   * sequence pooling) ignore padded steps. Containers pass each layer the mask of its input.
   */
  mask?: Mask;
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
  private _inputShape: Shapes | null = null;
  private pendingInputShape: Shapes | undefined;
  private readonly ownWeights: NamedWeight[] = [];
  private readonly penalties = new Map<tf.Variable, Regularizer>();

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

  /**
   * The shape the layer was built for (batch axis null), or null before it is built. For a layer
   * with several inputs, the first one's ({@link Layer.inputShapes} has them all).
   */
  get inputShape(): InputShape | null {
    this.materialize();
    const shape = this._inputShape;
    return shape && isShapeList(shape) ? (shape[0] as InputShape) : (shape as InputShape | null);
  }

  /** Every input's build shape (one entry for a single-input layer), or null before it is built. */
  get inputShapes(): InputShape[] | null {
    this.materialize();
    const shape = this._inputShape;
    return shape ? (isShapeList(shape) ? [...shape] : [shape as InputShape]) : null;
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

  /** Creates the weights for `inputShape` (batch axis included; one per input for several). Idempotent. */
  build(inputShape: Shapes): void {
    this.checkAlive('build');
    if (this._built) return;
    const where = `${this.className}.build`;
    checkShape(where, inputShape);
    const unbatched = (s: InputShape): InputShape => [null, ...s.slice(1)];
    const shape: Shapes = isShapeList(inputShape)
      ? inputShape.map(unbatched)
      : unbatched(inputShape as InputShape);
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
   * freed, the result is a new tensor the caller owns, and `x` is never disposed. Layers with
   * several inputs take a list. Given symbolic tensors (from `input()`), it records the call for
   * a functional model and returns the symbolic output.
   */
  apply(x: tf.Tensor | readonly tf.Tensor[], options?: ApplyOptions): tf.Tensor;
  apply(x: SymbolicTensor | readonly SymbolicTensor[], options?: ApplyOptions): SymbolicTensor;
  apply(
    x: tf.Tensor | readonly tf.Tensor[] | SymbolicTensor | readonly SymbolicTensor[],
    options: ApplyOptions = {},
  ): tf.Tensor | SymbolicTensor {
    this.checkAlive('apply');
    if (isSymbolic(x)) return this.applySymbolic(x);
    const list = Array.isArray(x) ? (x as tf.Tensor[]) : [x];
    if (list.length === 0 || !list.every((t) => typeof t === 'object' && t instanceof tf.Tensor)) {
      throw new ValueError({
        where: `${this.className}.apply`,
        problem: 'the input is not a tfjs tensor (or a list of them)',
        received: { x },
        fix: 'Convert data with toTensor from @weft/core first',
      });
    }
    this.materialize();
    const shapes = Array.isArray(x) ? list.map((t) => t.shape) : (x as tf.Tensor).shape;
    this.build(shapes);
    this.checkInput(shapes);
    return tf.tidy(() => {
      const y = this.call(Array.isArray(x) ? [...list] : (x as tf.Tensor), options);
      return list.includes(y) ? tf.clone(y) : y;
    });
  }

  /**
   * The mask of this layer's output given its input's (`ApplyOptions.mask`), for containers to
   * pass on. By default a layer that keeps the steps of its input (see `supportsMasking`) passes
   * the first input's mask through, and any other layer drops it. Returns a tensor, the input
   * mask itself, or null; call it inside a `tf.tidy`.
   */
  computeMask(_x: tf.Tensor | readonly tf.Tensor[], mask: Mask | undefined): tf.Tensor | null {
    if (!this.supportsMasking || !mask) return null;
    return isMaskList(mask) ? (mask[0] ?? null) : (mask as tf.Tensor | null);
  }

  /** True for layers whose output keeps the input's steps, so its mask still applies (Dense, Dropout, …). */
  protected get supportsMasking(): boolean {
    return false;
  }

  /** Records a call on symbolic tensors: builds for their shapes and returns the symbolic output. */
  private applySymbolic(x: SymbolicTensor | readonly SymbolicTensor[]): SymbolicTensor {
    const single = !Array.isArray(x);
    const inputs = single ? [x as SymbolicTensor] : [...(x as SymbolicTensor[])];
    const shapes = single ? inputs[0]?.shape : inputs.map((t) => t.shape);
    this.materialize();
    this.build(shapes as Shapes);
    const probe = (shapes: Shapes) =>
      isShapeList(shapes) ? shapes.map(concrete) : concrete(shapes as InputShape);
    this.checkInput(probe(shapes as Shapes));
    const out = this.computeOutputShape(shapes as Shapes);
    return new SymbolicTensor(out, 'float32', { layer: this, inputs, single }, this.name);
  }

  /** The output shape for an input shape (batch axis included). Identity unless the layer overrides it. */
  computeOutputShape(inputShape: Shapes): InputShape {
    return isShapeList(inputShape) ? (inputShape[0] as InputShape) : (inputShape as InputShape);
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
    if (shape) config.inputShape = isShapeList(shape) ? shape.map((s) => [...s]) : [...(shape as InputShape)];
    return config;
  }

  /**
   * The weight penalties (`kernelRegularizer: { l2 }`, …) of this layer and the layers inside it,
   * summed into a scalar the caller owns, or null when no trainable weight has one. Call it inside
   * the function being differentiated and add it to the data loss (`@weft/train`'s `fit` does):
   * `optimizer.minimize(() => tf.add(loss(y, model.apply(x)), model.regularizationLoss() ?? 0))`.
   * Frozen weights add nothing (their penalty would be a constant).
   */
  regularizationLoss(): tf.Scalar | null {
    const terms = this.penaltyTerms();
    if (terms.length === 0) return null;
    return tf.tidy(() => tf.addN(terms.map((term) => term())) as tf.Scalar);
  }

  /** One thunk per regularized trainable weight, this layer's and its sublayers'. */
  private penaltyTerms(): (() => tf.Scalar)[] {
    if (!this._trainable) return [];
    this.materialize();
    const own = this.ownWeights.flatMap((w) => {
      const regularizer = this.penalties.get(w.variable);
      return regularizer && w.trainable ? [() => penalty(regularizer, w.variable)] : [];
    });
    return [...own, ...this.sublayers.flatMap((layer) => layer.penaltyTerms())];
  }

  /**
   * The state of every generator this layer and the layers inside it draw from while training
   * (dropout masks), keyed `<layer name>/<role>`: saved in checkpoints so a resumed run draws the
   * same masks as an uninterrupted one.
   */
  getRandomState(): Record<string, RngState> {
    const state: Record<string, RngState> = {};
    for (const { key, rng } of this.streamEntries()) state[key] = rng.getState();
    return state;
  }

  /**
   * Restores {@link Layer.getRandomState}'s result. The keys must be exactly this model's and each
   * seed the one its generator was created from (the same layer seeds); everything is checked
   * before any generator changes.
   */
  setRandomState(state: Record<string, RngState>): void {
    const where = `${this.className}.setRandomState`;
    const entries = this.streamEntries();
    const expected = entries.map((e) => e.key);
    const given = state !== null && typeof state === 'object' ? Object.keys(state) : [];
    if (given.length !== expected.length || !expected.every((key) => Object.hasOwn(state, key))) {
      throw new FormatError({
        where,
        problem: `the random state does not fit layer "${this.name}"`,
        expected: expected.length > 0 ? expected.join(', ') : 'no keys (the layer draws no random numbers)',
        received: { keys: given.join(', ') },
        fix: 'Pass the state of a model with the same layers (getRandomState of the same architecture)',
      });
    }
    for (const { key, layer, rng } of entries) {
      const saved = state[key];
      if (!isRngState(saved)) {
        throw new FormatError({
          where,
          problem: `the random state of "${key}" is not a generator state`,
          expected: '{ seed, words: [4 unsigned 32-bit integers], spareNormal }',
          received: { [key]: saved },
        });
      }
      if (saved.seed !== rng.seed) {
        throw new FormatError({
          where,
          problem: `the random state of "${key}" belongs to another seed than layer "${layer.name}"'s`,
          expected: `seed ${rng.seed}`,
          received: { seed: saved.seed },
          fix: 'Build the model with the same seed (and layer seeds) as the run that saved the state',
        });
      }
    }
    for (const { key, rng } of entries) rng.setState(state[key] as RngState);
  }

  /** This layer's generators, then its sublayers', with their keys. */
  private streamEntries(): { key: string; layer: Layer; rng: Rng }[] {
    this.materialize();
    const own = Object.entries(this.randomStreams()).map(([role, rng]) => ({
      key: `${this.name}/${role}`,
      layer: this as Layer,
      rng,
    }));
    return [...own, ...this.sublayers.flatMap((layer) => layer.streamEntries())];
  }

  countParams(): number {
    return this.weights.reduce((total, v) => total + v.size, 0);
  }

  /** Disposes the layer's variables (and its sublayers'); the layer cannot be used afterwards. */
  dispose(): void {
    if (this._disposed) return;
    for (const w of this.ownWeights.splice(0)) w.variable.dispose();
    this.penalties.clear();
    for (const layer of this.sublayers) layer.dispose();
    this._disposed = true;
  }

  /**
   * The computation, on an input already checked against the build shape (a list for layers
   * with several inputs); runs inside `tf.tidy`.
   */
  protected abstract call(x: tf.Tensor | tf.Tensor[], options: ApplyOptions): tf.Tensor;

  /** Creates weights with {@link Layer.addWeight}; `inputShape` has a null batch axis. */
  protected createWeights(_inputShape: Shapes): void {}

  /** The layer's own options, for {@link Layer.getConfig}. */
  protected ownConfig(): Record<string, unknown> {
    return {};
  }

  /** Layers nested in this one (a Sequential's layers): their weights follow this one's own. */
  protected get sublayers(): readonly Layer[] {
    return [];
  }

  /**
   * The generators this layer itself draws from while training, by role (`{ dropout: stream }`),
   * created if needed: what {@link Layer.getRandomState} saves. Layers with randomness override it.
   */
  protected randomStreams(): Record<string, Rng> {
    return {};
  }

  /**
   * Checks an input against the build shape: same rank, same non-batch sizes. Layers that accept
   * more (Dense takes any rank ≥ 2) override it.
   */
  protected checkInput(shape: readonly number[] | readonly (readonly number[])[]): void {
    const built = this._inputShape as Shapes;
    const fits = (b: InputShape, s: readonly number[]) =>
      s.length === b.length && b.every((d, i) => i === 0 || d === null || d === s[i]);
    const actual = isNumberList(shape) ? [shape] : (shape as readonly (readonly number[])[]);
    const expected = isShapeList(built) ? built : [built as InputShape];
    if (actual.length !== expected.length || actual.some((s, i) => !fits(expected[i] as InputShape, s))) {
      throw this.inputShapeError(shape, `shape ${expected.map(formatShape).join(', ')}`);
    }
  }

  protected inputShapeError(
    shape: readonly number[] | readonly (readonly number[])[],
    expected: string,
  ): ShapeError {
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
    options: { trainable?: boolean; regularizer?: Regularizer } = {},
  ): tf.Variable {
    const trainable = options.trainable ?? true;
    const value = initialTensor(initializer, shape, this.rng().fork(role));
    const variable = tf.variable(value, this._trainable && trainable);
    value.dispose();
    this.ownWeights.push({ name: `${this.name}/${role}`, variable, trainable });
    if (options.regularizer) this.penalties.set(variable, options.regularizer);
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

/**
 * A mask as float32 0/1 (any non-zero value keeps a step). Bool masks go through int32: on
 * tfjs-backend-webgpu 4.22 a float32 cast straight from bool can reach later kernels typed as
 * i32 (a TransposeProgram then fails to compile).
 */
export function maskToFloat(mask: tf.Tensor): tf.Tensor {
  if (mask.dtype === 'float32') return mask;
  return tf.cast(mask.dtype === 'bool' ? tf.cast(mask, 'int32') : mask, 'float32');
}

/** True for a list of shapes (one per input) rather than one shape. */
export function isShapeList(shape: Shapes): shape is readonly InputShape[] {
  return shape.length > 0 && Array.isArray(shape[0]);
}

function isNumberList(shape: readonly number[] | readonly (readonly number[])[]): shape is readonly number[] {
  return !Array.isArray(shape[0]);
}

function isMaskList(mask: Mask): mask is readonly (tf.Tensor | null)[] {
  return Array.isArray(mask);
}

function isRngState(value: unknown): value is RngState {
  const s = value as RngState | null;
  const word = (w: unknown) => Number.isInteger(w) && (w as number) >= 0 && (w as number) < 2 ** 32;
  return (
    typeof s === 'object' &&
    s !== null &&
    Number.isInteger(s.seed) &&
    Array.isArray(s.words) &&
    s.words.length === 4 &&
    s.words.every(word) &&
    (s.spareNormal === null || typeof s.spareNormal === 'number')
  );
}

/** A shape with unknown sizes replaced by 1, for checks that need numbers. */
function concrete(shape: InputShape): number[] {
  return shape.map((d) => d ?? 1);
}

function checkShape(where: string, shape: unknown): asserts shape is Shapes {
  const one = (s: unknown) =>
    Array.isArray(s) &&
    s.length > 0 &&
    s.every((d, i) => d === null || (typeof d === 'number' && Number.isInteger(d) && d >= (i === 0 ? 0 : 1)));
  const ok = one(shape) || (Array.isArray(shape) && shape.length > 0 && shape.every(one));
  if (!ok) {
    throw new ShapeError({
      where,
      problem: 'the input shape is not a list of positive sizes',
      expected: 'the full shape with the batch axis first, e.g. [null, 4]',
      received: { inputShape: shape },
    });
  }
}
