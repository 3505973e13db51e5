import { ConfigError, Registry } from '@weft/core';
import { Add } from './add.js';
import { AvgPool2D } from './avg-pool2d.js';
import { BatchNormalization } from './batch-normalization.js';
import { Concatenate } from './concatenate.js';
import { Conv1D, type Conv1DConfig } from './conv1d.js';
import { Conv2D, type Conv2DConfig } from './conv2d.js';
import { Dense, type DenseConfig } from './dense.js';
import { Dropout, type DropoutConfig } from './dropout.js';
import { Embedding, type EmbeddingConfig } from './embedding.js';
import { Flatten } from './flatten.js';
import { input, Model } from './functional.js';
import { GlobalAveragePool1D } from './global-average-pool1d.js';
import { GlobalAveragePool2D } from './global-average-pool2d.js';
import { GRU, type GRUConfig } from './gru.js';
import type { Layer } from './layer.js';
import { LayerNormalization } from './layer-normalization.js';
import { LSTM, type LSTMConfig } from './lstm.js';
import { MaxPool2D } from './max-pool2d.js';
import { MultiHeadAttention, type MultiHeadAttentionConfig } from './multi-head-attention.js';
import { PositionalEncoding, type PositionalEncodingConfig } from './positional-encoding.js';
import { Reshape, type ReshapeConfig } from './reshape.js';
import { Sequential } from './sequential.js';
import type { SymbolicTensor } from './symbolic.js';
import { TransformerDecoderLayer, type TransformerDecoderLayerConfig } from './transformer-decoder-layer.js';
import { TransformerEncoderLayer, type TransformerEncoderLayerConfig } from './transformer-encoder-layer.js';
import { isPlainObject } from './validate.js';

/** Builds a layer from its `getConfig()` output. */
export type LayerFactory = (config: Record<string, unknown>) => Layer;

/**
 * Every layer class by its `className`. Adding a layer = one line here (and its file, test,
 * index export and changeset).
 */
export const layerRegistry: Registry<LayerFactory> = new Registry<LayerFactory>('layer')
  .register('Add', (config) => new Add(config))
  .register('AvgPool2D', (config) => new AvgPool2D(config))
  .register('BatchNormalization', (config) => new BatchNormalization(config))
  .register('Concatenate', (config) => new Concatenate(config))
  .register('Conv1D', (config) => new Conv1D(config as unknown as Conv1DConfig))
  .register('Conv2D', (config) => new Conv2D(config as unknown as Conv2DConfig))
  .register('Dense', (config) => new Dense(config as unknown as DenseConfig))
  .register('Dropout', (config) => new Dropout(config as unknown as DropoutConfig))
  .register('Embedding', (config) => new Embedding(config as unknown as EmbeddingConfig))
  .register('Flatten', (config) => new Flatten(config))
  .register('GRU', (config) => new GRU(config as unknown as GRUConfig))
  .register('GlobalAveragePool1D', (config) => new GlobalAveragePool1D(config))
  .register('GlobalAveragePool2D', (config) => new GlobalAveragePool2D(config))
  .register('LayerNormalization', (config) => new LayerNormalization(config))
  .register('LSTM', (config) => new LSTM(config as unknown as LSTMConfig))
  .register('MaxPool2D', (config) => new MaxPool2D(config))
  .register('Model', functionalFromConfig)
  .register(
    'MultiHeadAttention',
    (config) => new MultiHeadAttention(config as unknown as MultiHeadAttentionConfig),
  )
  .register(
    'PositionalEncoding',
    (config) => new PositionalEncoding(config as unknown as PositionalEncodingConfig),
  )
  .register('Reshape', (config) => new Reshape(config as unknown as ReshapeConfig))
  .register('Sequential', sequentialFromConfig)
  .register(
    'TransformerDecoderLayer',
    (config) => new TransformerDecoderLayer(config as unknown as TransformerDecoderLayerConfig),
  )
  .register(
    'TransformerEncoderLayer',
    (config) => new TransformerEncoderLayer(config as unknown as TransformerEncoderLayerConfig),
  );

/** The layer `className` with `config` (as `getConfig()` returns it); a Sequential's children nest as `{ className, config }`. */
export function layerFromConfig(className: string, config: Record<string, unknown>): Layer {
  if (!isPlainObject(config)) {
    throw new ConfigError({
      where: 'layerFromConfig',
      problem: 'the config must be a plain object',
      received: { config },
    });
  }
  return layerRegistry.get(className)(config);
}

function sequentialFromConfig(config: Record<string, unknown>): Layer {
  const { layers, ...rest } = config;
  if (
    !Array.isArray(layers) ||
    layers.some((l) => !isPlainObject(l) || typeof l.className !== 'string' || !isPlainObject(l.config))
  ) {
    throw new ConfigError({
      where: 'layerFromConfig',
      problem: 'a Sequential config needs layers: [{ className, config }, …]',
      received: { layers },
    });
  }
  const children: Layer[] = [];
  try {
    for (const l of layers as { className: string; config: Record<string, unknown> }[]) {
      children.push(layerFromConfig(l.className, l.config));
    }
    return new Sequential(children, rest);
  } catch (error) {
    for (const child of children) child.dispose();
    throw error;
  }
}

/**
 * A functional Model from its config: the inputs are recreated, every layer is built from its
 * own config, and the recorded calls are replayed in order on symbolic tensors.
 */
function functionalFromConfig(config: Record<string, unknown>): Layer {
  const { inputs, layers, nodes, outputs, name, trainable } = config;
  const fail = (problem: string, received?: Record<string, unknown>): never => {
    throw new ConfigError({ where: 'layerFromConfig', problem, received });
  };
  const isList = (v: unknown, item: (x: unknown) => boolean) => Array.isArray(v) && v.every(item);
  if (!isList(inputs, (i) => isPlainObject(i) && typeof i.name === 'string' && Array.isArray(i.shape))) {
    fail('a Model config needs inputs: [{ name, shape, dtype }, …]', { inputs });
  }
  if (
    !isList(layers, (l) => isPlainObject(l) && typeof l.className === 'string' && isPlainObject(l.config))
  ) {
    fail('a Model config needs layers: [{ className, config }, …]', { layers });
  }
  if (
    !isList(
      nodes,
      (n) =>
        isPlainObject(n) && typeof n.layer === 'string' && isList(n.inputs, (r) => typeof r === 'string'),
    )
  ) {
    fail('a Model config needs nodes: [{ layer, inputs: [names], single }, …]', { nodes });
  }
  if (!isList(outputs, (r) => typeof r === 'string'))
    fail('a Model config needs outputs: [names]', { outputs });
  const built: Layer[] = [];
  try {
    const tensors = new Map<string, SymbolicTensor>();
    const modelInputs = (
      inputs as { name: string; shape: (number | null)[]; dtype?: 'float32' | 'int32' }[]
    ).map((i) => {
      const t = input({ name: i.name, shape: i.shape, dtype: i.dtype });
      tensors.set(i.name, t);
      return t;
    });
    const byName = new Map<string, Layer>();
    for (const l of layers as { className: string; config: Record<string, unknown> }[]) {
      const layer = layerFromConfig(l.className, l.config);
      built.push(layer);
      byName.set(layer.name, layer);
    }
    const counts = new Map<string, number>();
    for (const n of nodes as { layer: string; inputs: string[]; single?: boolean }[]) {
      const layer =
        byName.get(n.layer) ?? fail(`a node calls layer "${n.layer}", which the config does not list`);
      const args = n.inputs.map(
        (ref) => tensors.get(ref) ?? fail(`a node reads "${ref}" before anything produces it`),
      );
      const k = counts.get(n.layer) ?? 0;
      counts.set(n.layer, k + 1);
      const single = n.single ?? args.length === 1;
      tensors.set(`${n.layer}/${k}`, layer.apply(single ? (args[0] as SymbolicTensor) : args));
    }
    const modelOutputs = (outputs as string[]).map(
      (ref) => tensors.get(ref) ?? fail(`output "${ref}" is never produced`),
    );
    return new Model({
      inputs: modelInputs,
      outputs: modelOutputs,
      name: name as string | undefined,
      trainable: trainable as boolean | undefined,
    });
  } catch (error) {
    for (const layer of built) layer.dispose();
    throw error;
  }
}
