import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, DTypeError } from '@weft/core';
import {
  type Layer,
  readSafetensors,
  type SafetensorsTensor,
  setWeights,
  writeSafetensors,
} from '@weft/layers';
import { formatFail } from './errors.js';

/**
 * The weights of a built model alone, as safetensors bytes: tensors named `<layer>/<role>` in
 * tfjs' layouts (the same names and layouts as the native format), readable by the Python
 * `safetensors` library and transformers.js.
 */
export async function exportWeights(
  model: Layer,
  metadata: Record<string, string> = {},
): Promise<Uint8Array> {
  if (!model.built) {
    throw new ConfigError({
      where: 'exportWeights',
      problem: `model "${model.name}" is not built, so it has no weights`,
      fix: 'Build it first: pass inputShape, call model.build(shape), or apply it once',
    });
  }
  const tensors = [];
  for (const { name, variable } of model.namedWeights) {
    if (variable.dtype !== 'float32' && variable.dtype !== 'int32') {
      throw new DTypeError({
        where: 'exportWeights',
        problem: `weight "${name}" has a dtype safetensors export does not support`,
        received: { dtype: variable.dtype },
      });
    }
    const data = (await variable.data()) as Float32Array | Int32Array;
    tensors.push({ name, shape: [...variable.shape], dtype: variable.dtype, data });
  }
  return writeSafetensors(tensors, { format: 'weft', ...metadata });
}

export interface ImportWeightsOptions {
  /** Refuse tensors the model has no weight for (default true). */
  strict?: boolean;
}

/**
 * Assigns safetensors weights to a built model, by name. Every name, shape and dtype is checked
 * before anything is assigned: a bad file leaves the model untouched.
 */
export function importWeights(model: Layer, bytes: Uint8Array, options: ImportWeightsOptions = {}): void {
  const where = 'importWeights';
  if (!model.built) {
    throw new ConfigError({ where, problem: `model "${model.name}" is not built`, fix: 'Build it first' });
  }
  const { tensors } = readSafetensors(bytes);
  const named = model.namedWeights;
  const wanted = new Set(named.map((w) => w.name));
  if (options.strict ?? true) {
    const extra = [...tensors.keys()].filter((name) => !wanted.has(name));
    if (extra.length > 0) formatFail(where, 'the file holds tensors the model has no weight for', { extra });
  }
  const picked = named.map((w) => {
    const t = tensors.get(w.name) as SafetensorsTensor | undefined;
    if (!t)
      return formatFail(where, `weight "${w.name}" is missing from the file`, { names: [...tensors.keys()] });
    if (t.dtype !== w.variable.dtype || t.shape.join() !== w.variable.shape.join()) {
      formatFail(where, `weight "${w.name}" does not fit the model`, {
        model: `${w.variable.dtype}[${w.variable.shape}]`,
        file: `${t.dtype}[${t.shape}]`,
      });
    }
    return t;
  });
  const values = picked.map((t) => tf.tensor(t.data, t.shape, t.dtype));
  try {
    setWeights(model, values);
  } finally {
    tf.dispose(values);
  }
}
