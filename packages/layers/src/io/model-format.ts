import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, DTypeError, FormatError, ValueError } from '@weft/core';
import type { Layer } from '../layer.js';
import { layerFromConfig } from '../registry.js';
import { isPlainObject } from '../validate.js';
import { setWeights } from '../weights.js';
import { readSafetensors, type SafetensorsTensor, writeSafetensors } from './safetensors.js';

/** The newest `formatVersion` this code writes; loaders accept it and every earlier one. */
export const FORMAT_VERSION = 1;

/** `weft.json`: what a saved model (or pipeline) directory holds beside `weights.safetensors`. */
export interface WeftManifest {
  formatVersion: 1;
  kind: 'model' | 'pipeline';
  config: { className: string; config: Record<string, unknown> };
  weights: { name: string; shape: number[]; dtype: 'float32' | 'int32' }[];
  metadata: Record<string, unknown>;
  [extra: string]: unknown;
}

export interface EncodeOptions {
  kind?: 'model' | 'pipeline';
  metadata?: Record<string, unknown>;
  /** Keys merged into the manifest's top level (a Pipeline adds `labels` and `schema`). */
  extra?: Record<string, unknown>;
}

const RESERVED = ['formatVersion', 'kind', 'config', 'weights', 'metadata'];

/**
 * The manifest and safetensors bytes of a built model, in memory (works in browsers). Reads
 * weights with `await data()`, so it is safe on every backend.
 */
export async function encodeModel(
  model: Layer,
  options: EncodeOptions = {},
): Promise<{ manifest: WeftManifest; weights: Uint8Array }> {
  const where = 'encodeModel';
  if (!model.built) {
    throw new ValueError({
      where,
      problem: `model "${model.name}" is not built, so it has no weights to save`,
      fix: 'Build it first: model.build(inputShape), apply it once, or pass inputShape',
    });
  }
  const clash = Object.keys(options.extra ?? {}).filter((key) => RESERVED.includes(key));
  if (clash.length > 0) {
    throw new ConfigError({
      where,
      problem: 'extra keys would overwrite manifest fields',
      received: { keys: clash },
    });
  }
  const named = model.namedWeights;
  const tensors = [];
  const seen = new Set<string>();
  for (const { name, variable } of named) {
    if (seen.has(name)) {
      throw new ValueError({
        where,
        problem: `two weights are named "${name}"`,
        fix: 'Give every layer in the model a distinct name',
      });
    }
    seen.add(name);
    if (variable.dtype !== 'float32' && variable.dtype !== 'int32') {
      throw new DTypeError({
        where,
        problem: `weight "${name}" has an unsupported dtype`,
        received: { dtype: variable.dtype },
      });
    }
    const data = (await variable.data()) as Float32Array | Int32Array;
    tensors.push({ name, shape: [...variable.shape], dtype: variable.dtype, data });
  }
  const manifest: WeftManifest = {
    ...options.extra,
    formatVersion: FORMAT_VERSION,
    kind: options.kind ?? 'model',
    config: { className: model.className, config: model.getConfig() },
    weights: tensors.map(({ name, shape, dtype }) => ({ name, shape, dtype })),
    metadata: options.metadata ?? {},
  };
  return { manifest, weights: writeSafetensors(tensors, { format: 'weft' }) };
}

/**
 * Rebuilds a model from a manifest and safetensors bytes. Everything is validated first: the
 * manifest's version, kind, config and weight list, the safetensors file, and that the two agree
 * (names, shapes, dtypes, byte sizes); then the model is built from its config and must have
 * exactly those weights. Any mismatch throws a {@link FormatError} and leaves no tensors behind.
 */
export function decodeModel(manifest: WeftManifest, weights: Uint8Array): Layer {
  const where = 'decodeModel';
  const fail = (problem: string, received?: Record<string, unknown>, cause?: unknown): never => {
    throw new FormatError({ where, problem, received }, { cause });
  };
  if (!isPlainObject(manifest)) fail('the manifest is not a JSON object', { manifest });
  const version = manifest.formatVersion;
  if (!Number.isInteger(version) || (version as number) < 1)
    fail('formatVersion is missing or invalid', { formatVersion: version });
  if ((version as number) > FORMAT_VERSION) {
    throw new FormatError({
      where,
      problem: `the model was saved by a newer Weft (format ${version}; this one reads up to ${FORMAT_VERSION})`,
      fix: 'Upgrade @weft/layers to load it',
    });
  }
  if (manifest.kind !== 'model' && manifest.kind !== 'pipeline')
    fail('kind must be "model" or "pipeline"', { kind: manifest.kind });
  const config = manifest.config as unknown;
  if (!isPlainObject(config) || typeof config.className !== 'string' || !isPlainObject(config.config)) {
    fail('config must be { className: string, config: object }', { config });
  }
  if (!isPlainObject(manifest.metadata)) fail('metadata must be an object', { metadata: manifest.metadata });
  const list = manifest.weights as unknown;
  if (!Array.isArray(list)) fail('weights must be a list of { name, shape, dtype }', { weights: list });
  const names = new Set<string>();
  for (const w of list as unknown[]) {
    const entry = w as { name?: unknown; shape?: unknown; dtype?: unknown };
    if (!isPlainObject(entry) || typeof entry.name !== 'string' || entry.name === '')
      fail('a weight entry has no name', { weight: w });
    if (names.has(entry.name as string)) fail(`weight "${entry.name}" is listed twice`);
    names.add(entry.name as string);
    if (!Array.isArray(entry.shape) || !entry.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      fail(`weight "${entry.name}" has an invalid shape`, { shape: entry.shape });
    }
    if (entry.dtype !== 'float32' && entry.dtype !== 'int32')
      fail(`weight "${entry.name}" has an invalid dtype`, { dtype: entry.dtype });
  }
  if (!(weights instanceof Uint8Array)) fail('the weights are not bytes (Uint8Array)', { weights });
  const file = readSafetensors(weights).tensors;
  for (const name of file.keys()) {
    if (!names.has(name)) fail(`the weights file holds "${name}", which the manifest does not list`);
  }
  for (const w of manifest.weights) {
    const t = file.get(w.name) as SafetensorsTensor | undefined;
    if (!t) fail(`weight "${w.name}" is missing from the weights file`);
    else if (t.dtype !== w.dtype || t.shape.join() !== w.shape.join()) {
      fail(`weight "${w.name}" differs between the manifest and the weights file`, {
        manifest: `${w.dtype}[${w.shape}]`,
        file: `${t.dtype}[${t.shape}]`,
      });
    }
  }

  let model: Layer | undefined;
  try {
    model = layerFromConfig(manifest.config.className, manifest.config.config);
  } catch (error) {
    fail(`the model config cannot be built: ${(error as Error).message}`, undefined, error);
  }
  const built = model as Layer;
  try {
    if (!built.built) fail('the config has no inputShape, so the model cannot be built');
    const expected = built.namedWeights;
    const same =
      expected.length === manifest.weights.length &&
      expected.every((e, i) => {
        const w = manifest.weights[i] as WeftManifest['weights'][number];
        return (
          e.name === w.name && e.variable.dtype === w.dtype && e.variable.shape.join() === w.shape.join()
        );
      });
    if (!same) {
      fail('the weights do not match the model the config describes', {
        model: expected.map((e) => `${e.name}[${e.variable.shape}]`).join(' '),
        manifest: manifest.weights.map((w) => `${w.name}[${w.shape}]`).join(' '),
      });
    }
    const values = manifest.weights.map((w) => {
      const t = file.get(w.name) as SafetensorsTensor;
      return tf.tensor(t.data, t.shape, t.dtype);
    });
    try {
      setWeights(built, values);
    } finally {
      tf.dispose(values);
    }
    return built;
  } catch (error) {
    built.dispose();
    throw error;
  }
}
