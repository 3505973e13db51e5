import { Registry } from '@weft/core';
import type { Layer } from '@weft/layers';
import { type MlpOptions, mlp } from './mlp.js';

/** Builds a model from plain-data options. */
export type ModelFactory = (options: Record<string, unknown>) => Layer;

/** The model zoo by name. Adding a model = its file, its test, and one line here. */
export const modelRegistry: Registry<ModelFactory> = new Registry<ModelFactory>('model').register(
  'mlp',
  (options) => mlp(options as unknown as MlpOptions),
);
