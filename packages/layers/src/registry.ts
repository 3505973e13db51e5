import { ConfigError, Registry } from '@weft/core';
import { Conv2D, type Conv2DConfig } from './conv2d.js';
import { Dense, type DenseConfig } from './dense.js';
import { Dropout, type DropoutConfig } from './dropout.js';
import { Embedding, type EmbeddingConfig } from './embedding.js';
import { Flatten } from './flatten.js';
import type { Layer } from './layer.js';
import { LayerNormalization } from './layer-normalization.js';
import { MaxPool2D } from './max-pool2d.js';
import { Reshape, type ReshapeConfig } from './reshape.js';
import { Sequential } from './sequential.js';
import { isPlainObject } from './validate.js';

/** Builds a layer from its `getConfig()` output. */
export type LayerFactory = (config: Record<string, unknown>) => Layer;

/**
 * Every layer class by its `className`. Adding a layer = one line here (and its file, test,
 * index export and changeset).
 */
export const layerRegistry: Registry<LayerFactory> = new Registry<LayerFactory>('layer')
  .register('Conv2D', (config) => new Conv2D(config as unknown as Conv2DConfig))
  .register('Dense', (config) => new Dense(config as unknown as DenseConfig))
  .register('Dropout', (config) => new Dropout(config as unknown as DropoutConfig))
  .register('Embedding', (config) => new Embedding(config as unknown as EmbeddingConfig))
  .register('Flatten', (config) => new Flatten(config))
  .register('LayerNormalization', (config) => new LayerNormalization(config))
  .register('MaxPool2D', (config) => new MaxPool2D(config))
  .register('Reshape', (config) => new Reshape(config as unknown as ReshapeConfig))
  .register('Sequential', sequentialFromConfig);

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
