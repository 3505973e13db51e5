import { ConfigError } from '@weft/core';
import {
  type ActivationName,
  Conv2D,
  Dense,
  Dropout,
  Embedding,
  Flatten,
  type InitializerName,
  type Layer,
  LayerNormalization,
  MaxPool2D,
  Reshape,
} from '@weft/layers';
import { formatFail } from './errors.js';
import { isObject } from './files.js';

/**
 * Layer configs in Keras' snake_case vocabulary, shared by the tfjs LayersModel format (Keras 2
 * configs, `flavor: 'keras2'`) and the Keras 3 `.keras` format (`'keras3'`: initializers and
 * dtypes carry `module` / `registered_name`). Weights keep Keras' order per layer, which is
 * Weft's too: Dense/Conv2D kernel then bias, LayerNormalization gamma then beta, Embedding table.
 */
export type Flavor = 'keras2' | 'keras3';

/** Keras class name of each Weft layer class the exchange formats support. */
export const KERAS_CLASS: Record<string, string> = {
  Dense: 'Dense',
  Conv2D: 'Conv2D',
  MaxPool2D: 'MaxPooling2D',
  Flatten: 'Flatten',
  Dropout: 'Dropout',
  Reshape: 'Reshape',
  LayerNormalization: 'LayerNormalization',
  Embedding: 'Embedding',
};

const INITIALIZERS: Partial<Record<InitializerName, [string, Record<string, unknown>]>> = {
  glorotUniform: ['GlorotUniform', {}],
  glorotNormal: ['GlorotNormal', {}],
  heNormal: ['HeNormal', {}],
  heUniform: ['HeUniform', {}],
  zeros: ['Zeros', {}],
  ones: ['Ones', {}],
  normal: ['RandomNormal', { mean: 0, stddev: 0.05 }],
  uniform: ['RandomUniform', { minval: -0.05, maxval: 0.05 }],
  orthogonal: ['Orthogonal', { gain: 1 }],
};

const ACTIVATIONS: Record<Flavor, Partial<Record<ActivationName, string>>> = {
  keras2: {
    linear: 'linear',
    relu: 'relu',
    sigmoid: 'sigmoid',
    tanh: 'tanh',
    softmax: 'softmax',
    gelu: 'gelu',
  },
  keras3: {
    linear: 'linear',
    relu: 'relu',
    sigmoid: 'sigmoid',
    tanh: 'tanh',
    softmax: 'softmax',
    gelu: 'gelu',
    // Keras 3's leaky_relu has negative_slope 0.2, Weft's slope; tfjs has no such activation name.
    leakyRelu: 'leaky_relu',
  },
};

function wrap(flavor: Flavor, module: string, className: string, config: Record<string, unknown>) {
  return flavor === 'keras3'
    ? { module, class_name: className, config, registered_name: null }
    : { class_name: className, config };
}

function initializer(flavor: Flavor, name: InitializerName) {
  // Initializers do not change the saved weights; one Keras lacks is written as its default.
  const [className, config] = INITIALIZERS[name] ?? ['GlorotUniform', {}];
  return wrap(flavor, 'keras.initializers', className, { ...config, seed: null });
}

export function dtypeConfig(flavor: Flavor): unknown {
  return flavor === 'keras3'
    ? { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null }
    : 'float32';
}

function activationName(
  flavor: Flavor,
  layer: Layer & { activation: ActivationName },
  where: string,
): string {
  const name = ACTIVATIONS[flavor][layer.activation];
  if (!name) {
    throw new ConfigError({
      where,
      problem: `layer "${layer.name}" uses the activation "${layer.activation}", which this format cannot express`,
      expected: Object.keys(ACTIVATIONS[flavor]).join(', '),
      fix: flavor === 'keras2' ? 'Export to ONNX or .keras instead' : undefined,
    });
  }
  return name;
}

/** Keras `{ class_name, config }` of one Weft layer. */
export function toKerasLayer(
  layer: Layer,
  flavor: Flavor,
  where: string,
): { className: string; config: Record<string, unknown> } {
  const className = KERAS_CLASS[layer.className];
  if (!className) {
    throw new ConfigError({
      where,
      problem: `layer "${layer.name}" (${layer.className}) has no Keras equivalent here`,
      expected: `Sequential models of ${Object.keys(KERAS_CLASS).join(', ')}`,
    });
  }
  const base = { name: layer.name, trainable: layer.trainable, dtype: dtypeConfig(flavor) };
  const none = (...keys: string[]) => Object.fromEntries(keys.map((k) => [k, null]));
  let own: Record<string, unknown> = {};
  if (layer instanceof Dense) {
    own = {
      units: layer.units,
      activation: activationName(flavor, layer, where),
      use_bias: layer.useBias,
      kernel_initializer: initializer(flavor, layer.kernelInitializer),
      bias_initializer: initializer(flavor, layer.biasInitializer),
      ...none(
        'kernel_regularizer',
        'bias_regularizer',
        'activity_regularizer',
        'kernel_constraint',
        'bias_constraint',
      ),
    };
  } else if (layer instanceof Conv2D) {
    own = {
      filters: layer.filters,
      kernel_size: [...layer.kernelSize],
      strides: [...layer.strides],
      padding: layer.padding,
      data_format: 'channels_last',
      dilation_rate: [...layer.dilationRate],
      ...(flavor === 'keras3' ? { groups: 1 } : {}),
      activation: activationName(flavor, layer, where),
      use_bias: layer.useBias,
      kernel_initializer: initializer(flavor, layer.kernelInitializer),
      bias_initializer: initializer(flavor, layer.biasInitializer),
      ...none(
        'kernel_regularizer',
        'bias_regularizer',
        'activity_regularizer',
        'kernel_constraint',
        'bias_constraint',
      ),
    };
  } else if (layer instanceof MaxPool2D) {
    own = {
      pool_size: [...layer.poolSize],
      padding: layer.padding,
      strides: [...layer.strides],
      data_format: 'channels_last',
    };
  } else if (layer instanceof Flatten) {
    own = { data_format: 'channels_last' };
  } else if (layer instanceof Dropout) {
    own = { rate: layer.rate, seed: null, noise_shape: null };
  } else if (layer instanceof Reshape) {
    own = { target_shape: [...layer.targetShape] };
  } else if (layer instanceof LayerNormalization) {
    own = {
      axis: -1,
      epsilon: layer.epsilon,
      center: layer.center,
      scale: layer.scale,
      ...(flavor === 'keras3' ? { rms_scaling: false } : {}),
      beta_initializer: initializer(flavor, 'zeros'),
      gamma_initializer: initializer(flavor, 'ones'),
      ...none('beta_regularizer', 'gamma_regularizer', 'beta_constraint', 'gamma_constraint'),
    };
  } else if (layer instanceof Embedding) {
    own = {
      input_dim: layer.inputDim,
      output_dim: layer.outputDim,
      embeddings_initializer: initializer(flavor, layer.embeddingsInitializer),
      ...none('embeddings_regularizer', 'activity_regularizer', 'embeddings_constraint'),
      mask_zero: layer.maskZero,
      ...(flavor === 'keras2' ? { input_length: null } : {}),
    };
  }
  return { className, config: { ...base, ...own } };
}

// ---------------------------------------------------------------- import

/** Reads values out of one layer's Keras config; anything unexpected is a FormatError. */
class Reader {
  constructor(
    readonly where: string,
    readonly layer: string,
    readonly config: Record<string, unknown>,
  ) {}

  fail(problem: string, received?: Record<string, unknown>): never {
    return formatFail(this.where, `layer "${this.layer}": ${problem}`, received);
  }

  int(key: string): number {
    const v = this.config[key];
    if (!Number.isSafeInteger(v) || (v as number) <= 0)
      this.fail(`${key} must be a positive integer`, { [key]: v });
    return v as number;
  }

  pair(key: string, fallback?: [number, number]): [number, number] {
    const v = this.config[key] ?? fallback;
    const p = typeof v === 'number' ? [v, v] : v;
    if (!Array.isArray(p) || p.length !== 2 || !p.every((d) => Number.isSafeInteger(d) && d > 0))
      this.fail(`${key} must be a positive integer or a pair of them`, { [key]: v });
    return [(p as number[])[0] as number, (p as number[])[1] as number];
  }

  bool(key: string, fallback: boolean): boolean {
    const v = this.config[key] ?? fallback;
    if (typeof v !== 'boolean') this.fail(`${key} must be a boolean`, { [key]: v });
    return v as boolean;
  }

  number(key: string, fallback: number): number {
    const v = this.config[key] ?? fallback;
    if (typeof v !== 'number' || !Number.isFinite(v))
      this.fail(`${key} must be a finite number`, { [key]: v });
    return v as number;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
    const v = this.config[key] ?? fallback;
    if (!allowed.includes(v as T)) this.fail(`${key} is not supported`, { [key]: v, supported: allowed });
    return v as T;
  }

  /** An option Weft does not have must be absent or at its Keras default. */
  only(key: string, allowed: unknown[]): void {
    const v = this.config[key];
    if (v === undefined || v === null) return;
    if (!allowed.some((a) => JSON.stringify(a) === JSON.stringify(v)))
      this.fail(`${key} is not supported`, { [key]: v, supported: allowed });
  }

  activation(): ActivationName {
    const v = this.config.activation ?? 'linear';
    const found = (Object.keys(ACTIVATIONS.keras3) as ActivationName[]).find(
      (a) => ACTIVATIONS.keras3[a] === v,
    );
    if (!found)
      this.fail('the activation is not supported', {
        activation: v,
        supported: Object.values(ACTIVATIONS.keras3),
      });
    return found as ActivationName;
  }

  initializer(key: string, fallback: InitializerName): InitializerName {
    // Initializers only matter before weights are loaded: map the known ones, keep the default otherwise.
    const v = this.config[key];
    const className = isObject(v) ? v.class_name : v;
    const found = (Object.keys(INITIALIZERS) as InitializerName[]).find(
      (n) => INITIALIZERS[n]?.[0] === className,
    );
    return found ?? fallback;
  }
}

/** Keras class names accepted on import, besides InputLayer. */
export const IMPORTABLE = [...Object.values(KERAS_CLASS), 'MaxPool2D'];

/**
 * The Weft layer class and config for one Keras layer. Options Weft does not implement (dilation,
 * channels_first, masking, RMS scaling, …) are refused rather than silently dropped.
 */
export function fromKerasLayer(
  className: string,
  config: Record<string, unknown>,
  where: string,
): { className: string; config: Record<string, unknown> } {
  const name = config.name;
  if (typeof name !== 'string' || name === '' || name.length > 200 || /[/\s]/.test(name))
    formatFail(where, 'a layer has no usable name (a non-empty string without "/" or spaces)', { name });
  const r = new Reader(where, name as string, config);
  const base = { name, trainable: r.bool('trainable', true) };
  r.only('data_format', ['channels_last']);
  switch (className) {
    case 'Dense':
      return {
        className: 'Dense',
        config: {
          ...base,
          units: r.int('units'),
          activation: r.activation(),
          useBias: r.bool('use_bias', true),
          kernelInitializer: r.initializer('kernel_initializer', 'glorotUniform'),
          biasInitializer: r.initializer('bias_initializer', 'zeros'),
        },
      };
    case 'Conv2D':
      r.only('groups', [1]);
      return {
        className: 'Conv2D',
        config: {
          ...base,
          filters: r.int('filters'),
          kernelSize: r.pair('kernel_size'),
          strides: r.pair('strides', [1, 1]),
          dilationRate: r.pair('dilation_rate', [1, 1]),
          padding: r.oneOf('padding', ['valid', 'same'], 'valid'),
          activation: r.activation(),
          useBias: r.bool('use_bias', true),
          kernelInitializer: r.initializer('kernel_initializer', 'glorotUniform'),
          biasInitializer: r.initializer('bias_initializer', 'zeros'),
        },
      };
    case 'MaxPooling2D':
    case 'MaxPool2D': {
      const poolSize = r.pair('pool_size', [2, 2]);
      return {
        className: 'MaxPool2D',
        config: {
          ...base,
          poolSize,
          strides: r.pair('strides', poolSize),
          padding: r.oneOf('padding', ['valid', 'same'], 'valid'),
        },
      };
    }
    case 'Flatten':
      return { className: 'Flatten', config: base };
    case 'Dropout': {
      r.only('noise_shape', []);
      const rate = r.number('rate', 0);
      if (!(rate >= 0 && rate < 1)) r.fail('rate must be in [0, 1)', { rate });
      return { className: 'Dropout', config: { ...base, rate } };
    }
    case 'Reshape': {
      const t = config.target_shape;
      if (
        !Array.isArray(t) ||
        t.length === 0 ||
        t.length > 8 ||
        !t.every((d) => Number.isSafeInteger(d) && (d > 0 || d === -1))
      )
        r.fail('target_shape must be a list of positive sizes (one may be -1)', { target_shape: t });
      return { className: 'Reshape', config: { ...base, targetShape: [...(t as number[])] } };
    }
    case 'LayerNormalization': {
      r.only('axis', [-1, [-1]]);
      r.only('rms_scaling', [false]);
      const epsilon = r.number('epsilon', 1e-3);
      if (!(epsilon > 0)) r.fail('epsilon must be positive', { epsilon });
      return {
        className: 'LayerNormalization',
        config: { ...base, epsilon, center: r.bool('center', true), scale: r.bool('scale', true) },
      };
    }
    case 'Embedding':
      return {
        className: 'Embedding',
        config: {
          ...base,
          inputDim: r.int('input_dim'),
          outputDim: r.int('output_dim'),
          embeddingsInitializer: r.initializer('embeddings_initializer', 'uniform'),
          maskZero: r.bool('mask_zero', false),
        },
      };
    default:
      return formatFail(
        where,
        `layer "${name}" has the class ${JSON.stringify(className)}, which cannot be imported`,
        undefined,
        {
          expected: `one of InputLayer, ${IMPORTABLE.join(', ')}`,
        },
      );
  }
}

/** The roles of a Weft layer's weights in Keras order (what the files list per layer). */
export function weightRoles(layer: Layer): string[] {
  return layer.namedWeights.map((w) => w.name.slice(layer.name.length + 1));
}

const MAX_LAYERS = 10_000;

/**
 * The Sequential's name, input shape and Weft layer configs from a Keras `Sequential` config (Keras
 * 2, tfjs or Keras 3: the input shape comes from an InputLayer's `batch_shape` /
 * `batch_input_shape`, or from the first layer's `batch_input_shape`).
 */
export function sequentialSpec(
  where: string,
  config: unknown,
): { name: string; inputShape: unknown; layers: { className: string; config: Record<string, unknown> }[] } {
  // Keras 2.0 wrote the layer list itself as the config.
  const list = Array.isArray(config) ? config : isObject(config) ? config.layers : undefined;
  const name = isObject(config) && typeof config.name === 'string' ? config.name : 'sequential';
  if (!Array.isArray(list) || list.length > MAX_LAYERS)
    formatFail(where, 'the Sequential config has no layer list');
  let inputShape: unknown;
  const layers: { className: string; config: Record<string, unknown> }[] = [];
  for (const entry of list as unknown[]) {
    if (!isObject(entry) || typeof entry.class_name !== 'string' || !isObject(entry.config)) {
      formatFail(where, 'a layer entry is not { class_name, config }', { entry });
    }
    const c = entry.config;
    if (entry.class_name === 'InputLayer') {
      if (layers.length > 0 || inputShape !== undefined) formatFail(where, 'an InputLayer is not first');
      inputShape = c.batch_input_shape ?? c.batch_shape;
      continue;
    }
    if (layers.length === 0 && inputShape === undefined) inputShape = c.batch_input_shape ?? c.batch_shape;
    layers.push(fromKerasLayer(entry.class_name, c, where));
  }
  if (inputShape === undefined) {
    formatFail(where, 'the model has no input shape (batch_input_shape on its first layer)', undefined, {
      fix: 'Build the model with an input shape before saving it',
    });
  }
  return { name, inputShape, layers };
}
