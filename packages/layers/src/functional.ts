import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, ShapeError, ValueError } from '@weft/core';
import {
  type ApplyOptions,
  formatShape,
  type InputShape,
  isShapeList,
  Layer,
  type Mask,
  type Shapes,
  uniqueLayerName,
} from './layer.js';
import { formatTable } from './summary.js';
import { type SymbolicShape, SymbolicTensor } from './symbolic.js';

export interface InputConfig {
  /** The shape of one example, without the batch axis; unknown sizes (a sequence length) may be null. */
  shape: (number | null)[];
  /** Default 'float32'; 'int32' for token ids. */
  dtype?: 'float32' | 'int32';
  /** Unique within a model; default 'input', 'input_1', … */
  name?: string;
}

/** A model input: a symbolic tensor of shape `[null, ...shape]` to apply layers to. */
export function input(config: InputConfig): SymbolicTensor {
  const { shape, dtype = 'float32', name } = config;
  const ok =
    Array.isArray(shape) && shape.every((d) => d === null || (Number.isInteger(d) && (d as number) > 0));
  if (!ok) {
    throw new ShapeError({
      where: 'input',
      problem: 'shape must list positive sizes (or null) for each axis after the batch',
      received: { shape },
      fix: 'Leave the batch axis out: input({ shape: [28, 28, 1] })',
    });
  }
  if (dtype !== 'float32' && dtype !== 'int32') {
    throw new ConfigError({
      where: 'input',
      problem: "dtype must be 'float32' or 'int32'",
      received: { dtype },
    });
  }
  if (name !== undefined && (typeof name !== 'string' || name === '' || /[/\s]/.test(name))) {
    throw new ValueError({
      where: 'input',
      problem: 'the name must be a non-empty string without "/" or spaces',
      received: { name },
    });
  }
  return new SymbolicTensor([null, ...shape], dtype, null, name ?? uniqueLayerName('input'));
}

export interface ModelConfig {
  inputs: SymbolicTensor | SymbolicTensor[];
  outputs: SymbolicTensor | SymbolicTensor[];
  name?: string;
  trainable?: boolean;
}

/** One recorded layer call. */
interface Step {
  layer: Layer;
  inputs: SymbolicTensor[];
  output: SymbolicTensor;
  single: boolean;
  /** `<layer name>/<k>` for the layer's k-th call: how configs refer to the output. */
  ref: string;
}

/**
 * A functional model: a graph of layer calls from `input()`s to outputs, with several inputs and
 * outputs allowed, shared layers (one layer applied twice uses the same weights) and masks
 * passed along each edge. `apply` runs a single-output model (and composes in `tf.tidy` and
 * `tf.grad` like any layer); `applyMany` returns every output. Its config lists the inputs, the
 * layers and the calls, so `layerFromConfig('Model', config)` and `loadModel` rebuild it.
 */
export class Model extends Layer {
  readonly inputs: readonly SymbolicTensor[];
  readonly outputs: readonly SymbolicTensor[];
  /** Every layer once, in the order the graph first calls it. */
  readonly layers: readonly Layer[];
  private readonly steps: readonly Step[];
  private readonly refs: Map<SymbolicTensor, string>;

  constructor(config: ModelConfig) {
    super('Model', { name: config.name, trainable: config.trainable });
    const where = 'Model.constructor';
    const list = (v: unknown, what: string): SymbolicTensor[] => {
      const items = Array.isArray(v) ? v : [v];
      if (items.length === 0 || !items.every((t) => t instanceof SymbolicTensor)) {
        throw new ConfigError({
          where,
          problem: `${what} must be a symbolic tensor or a non-empty list of them`,
          received: { [what]: v },
          fix: 'Make inputs with input({ shape }) and outputs by applying layers to them',
        });
      }
      return items as SymbolicTensor[];
    };
    const inputs = list(config.inputs, 'inputs');
    const outputs = list(config.outputs, 'outputs');
    for (const t of inputs) {
      if (t.node !== null) {
        throw new ConfigError({
          where,
          problem: `"${t.name}" is a layer output, not a model input`,
          fix: 'List the tensors made by input() as inputs',
        });
      }
    }
    if (new Set(inputs.map((t) => t.name)).size !== inputs.length || new Set(inputs).size !== inputs.length) {
      throw new ConfigError({
        where,
        problem: 'two inputs have the same name',
        received: { inputs: inputs.map((t) => t.name) },
      });
    }
    const steps: Step[] = [];
    const seen = new Set<SymbolicTensor>();
    const calls = new Map<Layer, number>();
    const visit = (t: SymbolicTensor, path: Set<SymbolicTensor>) => {
      if (seen.has(t)) return;
      if (path.has(t)) throw new ConfigError({ where, problem: 'the graph has a cycle' });
      if (t.node === null) {
        if (!inputs.includes(t)) {
          throw new ConfigError({
            where,
            problem: `the outputs depend on input "${t.name}", which is not among the model's inputs`,
            fix: 'Add it to inputs',
          });
        }
      } else {
        path.add(t);
        for (const source of t.node.inputs) visit(source, path);
        path.delete(t);
        const k = calls.get(t.node.layer) ?? 0;
        calls.set(t.node.layer, k + 1);
        steps.push({
          layer: t.node.layer,
          inputs: [...t.node.inputs],
          output: t,
          single: t.node.single,
          ref: `${t.node.layer.name}/${k}`,
        });
      }
      seen.add(t);
    };
    for (const t of outputs) visit(t, new Set());
    const layers = [...new Set(steps.map((s) => s.layer))];
    const names = new Set<string>(inputs.map((t) => t.name));
    for (const layer of layers) {
      if (names.has(layer.name)) {
        throw new ConfigError({
          where,
          problem: `two layers (or a layer and an input) are named "${layer.name}"`,
          expected: 'unique names within a model (weights are saved as "<layer name>/<weight>")',
          fix: 'Give them distinct names, or leave names out to get automatic ones',
        });
      }
      names.add(layer.name);
    }
    this.inputs = inputs;
    this.outputs = outputs;
    this.layers = layers;
    this.steps = steps;
    this.refs = new Map<SymbolicTensor, string>([
      ...inputs.map((t) => [t, t.name] as const),
      ...steps.map((s) => [s.output, s.ref] as const),
    ]);
    if (config.trainable === false) this.trainable = false;
    this.build(inputs.length === 1 ? (inputs[0] as SymbolicTensor).shape : inputs.map((t) => t.shape));
  }

  /** The first output's shape, found by replaying the graph's shapes (inputs may vary in null axes). */
  override computeOutputShape(inputShape: Shapes): InputShape {
    return this.outputShapes(inputShape)[0] as InputShape;
  }

  /** Every output's shape for these input shapes. */
  outputShapes(inputShape: Shapes): InputShape[] {
    const given = isShapeList(inputShape) ? inputShape : [inputShape as InputShape];
    const shapes = new Map<SymbolicTensor, SymbolicShape>(
      this.inputs.map((t, i) => [t, given[i] ?? t.shape]),
    );
    for (const step of this.steps) {
      const args = step.inputs.map((t) => shapes.get(t) as SymbolicShape);
      shapes.set(step.output, step.layer.computeOutputShape(step.single ? (args[0] as InputShape) : args));
    }
    return this.outputs.map((t) => shapes.get(t) as InputShape);
  }

  /** Every output, as tensors the caller owns (synchronous, like `apply`). */
  applyMany(x: tf.Tensor | readonly tf.Tensor[], options: ApplyOptions = {}): tf.Tensor[] {
    const list = this.checkInputs(x);
    return tf.tidy(() => this.run(list, options));
  }

  /** A Keras-like table: each input and layer, its output shape, parameters, and what feeds it. */
  summary(): string {
    const rows: string[][] = this.inputs.map((t) => [
      `${t.name} (InputLayer)`,
      formatShape(t.shape),
      '0',
      '-',
    ]);
    const listed = new Set<Layer>();
    for (const step of this.steps) {
      const from = step.inputs.map((t) => this.refs.get(t) as string).join(', ');
      const first = !listed.has(step.layer);
      listed.add(step.layer);
      rows.push([
        `${step.layer.name} (${step.layer.className})`,
        formatShape(step.output.shape),
        first ? step.layer.countParams().toLocaleString('en-US') : '(shared)',
        from,
      ]);
    }
    return formatTable(this, ['Layer (type)', 'Output Shape', 'Param #', 'Connected to'], rows);
  }

  protected override createWeights(): void {}

  protected call(x: tf.Tensor | tf.Tensor[], options: ApplyOptions): tf.Tensor {
    if (this.outputs.length !== 1) {
      throw new ValueError({
        where: 'Model.apply',
        problem: `model "${this.name}" has ${this.outputs.length} outputs`,
        fix: 'Use model.applyMany(x) to get them all',
      });
    }
    return this.run(Array.isArray(x) ? x : [x], options)[0] as tf.Tensor;
  }

  protected override get sublayers(): readonly Layer[] {
    return this.layers;
  }

  protected override ownConfig(): Record<string, unknown> {
    return {
      inputs: this.inputs.map((t) => ({ name: t.name, shape: t.shape.slice(1), dtype: t.dtype })),
      layers: this.layers.map((layer) => ({ className: layer.className, config: layer.getConfig() })),
      nodes: this.steps.map((s) => ({
        layer: s.layer.name,
        inputs: s.inputs.map((t) => this.refs.get(t) as string),
        single: s.single,
      })),
      outputs: this.outputs.map((t) => this.refs.get(t) as string),
    };
  }

  /** Runs the graph; each layer gets its input's mask, and computes the mask of its output. */
  private run(inputs: readonly tf.Tensor[], options: ApplyOptions): tf.Tensor[] {
    const values = new Map<SymbolicTensor, tf.Tensor>(this.inputs.map((t, i) => [t, inputs[i] as tf.Tensor]));
    const given = options.mask;
    const masks = new Map<SymbolicTensor, tf.Tensor | null>(
      this.inputs.map((t, i) => [t, (Array.isArray(given) ? given[i] : i === 0 ? given : null) ?? null]),
    );
    for (const step of this.steps) {
      const args = step.inputs.map((t) => values.get(t) as tf.Tensor);
      const argMasks = step.inputs.map((t) => masks.get(t) ?? null);
      const x = step.single ? (args[0] as tf.Tensor) : args;
      const mask: Mask = step.single ? (argMasks[0] as tf.Tensor | null) : argMasks;
      values.set(step.output, step.layer.apply(x, { ...options, mask }));
      masks.set(step.output, step.layer.computeMask(x, mask));
    }
    return this.outputs.map((t) => values.get(t) as tf.Tensor);
  }

  /** Checks the number of inputs first, then each one's shape. */
  protected override checkInput(shape: readonly number[] | readonly (readonly number[])[]): void {
    const count = Array.isArray(shape[0]) ? shape.length : 1;
    if (count !== this.inputs.length) {
      throw new ValueError({
        where: 'Model.apply',
        problem: `model "${this.name}" takes ${this.inputs.length} inputs but ${count} were given`,
        expected: this.inputs.map((t) => `${t.name} ${formatShape(t.shape)}`).join(', '),
        received: { count },
      });
    }
    super.checkInput(shape);
  }

  private checkInputs(x: tf.Tensor | readonly tf.Tensor[]): tf.Tensor[] {
    const list = Array.isArray(x) ? [...x] : [x as tf.Tensor];
    if (list.length === 0 || !list.every((t) => typeof t === 'object' && t instanceof tf.Tensor)) {
      throw new ValueError({
        where: 'Model.apply',
        problem: 'the inputs are not tfjs tensors',
        received: { x },
      });
    }
    this.checkInput(list.length === 1 ? (list[0] as tf.Tensor).shape : list.map((t) => t.shape));
    return list;
  }
}

/** A functional model from `input()`s to outputs (see {@link Model}). */
export function model(config: ModelConfig): Model {
  return new Model(config);
}
