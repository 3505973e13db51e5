import * as tf from '@tensorflow/tfjs-core';
import { type InputShape, type Layer, layerFromConfig, type Sequential, setWeights } from '@weft/layers';
import { formatFail } from './errors.js';

/** One weight as read from a file: shape and float32 values. */
export interface ReadWeight {
  shape: number[];
  data: Float32Array;
}

export interface SequentialSpec {
  name: string;
  /** With the batch axis first (null). */
  inputShape: unknown;
  /** Weft `{ className, config }` per layer, in order. */
  layers: { className: string; config: Record<string, unknown> }[];
}

/** Checks a batch input shape read from a file: `[batch, sizes…]`, 2 to 5 axes. */
export function checkInputShape(where: string, shape: unknown): InputShape {
  const ok =
    Array.isArray(shape) &&
    shape.length >= 2 &&
    shape.length <= 5 &&
    shape.every((d, i) =>
      i === 0
        ? d === null || (Number.isSafeInteger(d) && d >= 0)
        : Number.isSafeInteger(d) && d > 0 && d < 2 ** 24,
    );
  if (!ok) formatFail(where, 'the input shape is not [batch, sizes…] with 1 to 4 positive sizes', { shape });
  return [null, ...(shape as number[]).slice(1)];
}

/** Builds the Weft Sequential a spec read from a file describes; config problems are FormatErrors. */
export function buildSequential(where: string, spec: SequentialSpec): Sequential {
  if (typeof spec.name !== 'string' || spec.name === '' || /[/\s]/.test(spec.name))
    formatFail(where, 'the model has no usable name', { name: spec.name });
  if (spec.layers.length === 0) formatFail(where, 'the model has no layers');
  const inputShape = checkInputShape(where, spec.inputShape);
  try {
    return layerFromConfig('Sequential', {
      name: spec.name,
      layers: spec.layers,
      inputShape: [...inputShape],
    }) as Sequential;
  } catch (error) {
    return formatFail(where, `the layers cannot be built: ${(error as Error).message}`, undefined, {}, error);
  }
}

/**
 * Assigns weights read from a file to a freshly built model: `weightFor` returns the file's
 * weight for a layer and role (undefined when missing). Every shape is checked before anything
 * is assigned; on any failure the model is disposed, so a bad file leaves no tensors behind.
 */
export function assignWeights(
  where: string,
  model: Sequential,
  weightFor: (layer: Layer, role: string) => ReadWeight | undefined,
): Sequential {
  try {
    const values: ReadWeight[] = [];
    for (const layer of model.layers) {
      for (const w of layer.namedWeights) {
        const found = weightFor(layer, w.name.slice(layer.name.length + 1));
        if (!found) formatFail(where, `weight "${w.name}" is missing from the file`);
        if (found.shape.join() !== w.variable.shape.join() || found.data.length !== w.variable.size) {
          formatFail(where, `weight "${w.name}" does not fit the layer its config describes`, {
            file: found.shape,
            layer: w.variable.shape,
          });
        }
        values.push(found);
      }
    }
    const tensors = values.map((v) => tf.tensor(v.data, v.shape, 'float32'));
    try {
      setWeights(model, tensors);
    } finally {
      tf.dispose(tensors);
    }
    return model;
  } catch (error) {
    model.dispose();
    throw error;
  }
}
