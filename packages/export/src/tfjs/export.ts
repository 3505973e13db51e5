import { DTypeError } from '@weft/core';
import type { Layer } from '@weft/layers';
import { type Files, jsonBytes } from '../files.js';
import { toKerasLayer } from '../keras-config.js';
import { flatLayers } from '../layer-list.js';
import { VERSION } from '../version.js';

export const TFJS_MODEL_FILE = 'model.json';
export const TFJS_WEIGHTS_FILE = 'group1-shard1of1.bin';

/**
 * A model as a tfjs LayersModel: `model.json` (Keras-2 snake_case topology, `batch_input_shape`
 * on the first layer, one weights manifest group) plus one binary shard of little-endian float32
 * weights in manifest order. `tf.loadLayersModel` of tfjs-layers 4.22 loads it, and
 * `tensorflowjs_converter` turns it into a Keras file.
 */
export async function toTfjs(model: Layer): Promise<Files> {
  const where = 'toTfjs';
  const { layers, inputShape } = flatLayers(model, where);
  const configs = layers.map((layer, i) => {
    const { className, config } = toKerasLayer(layer, 'keras2', where);
    return {
      class_name: className,
      config: i === 0 ? { batch_input_shape: [...inputShape], ...config } : config,
    };
  });
  const specs: { name: string; shape: number[]; dtype: 'float32' }[] = [];
  const chunks: Uint8Array[] = [];
  for (const { name, variable } of layers.flatMap((l) => l.namedWeights)) {
    if (variable.dtype !== 'float32') {
      throw new DTypeError({
        where,
        problem: `weight "${name}" is not float32`,
        received: { dtype: variable.dtype },
      });
    }
    const data = (await variable.data()) as Float32Array;
    specs.push({ name, shape: [...variable.shape], dtype: 'float32' });
    chunks.push(new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)));
  }
  const bin = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    bin.set(c, offset);
    offset += c.length;
  }
  const modelJson = {
    format: 'layers-model',
    generatedBy: `weft ${VERSION}`,
    convertedBy: null,
    modelTopology: {
      class_name: 'Sequential',
      config: { name: model.name, layers: configs },
      keras_version: 'tfjs-layers 4.22.0',
      backend: 'tensor_flow.js',
    },
    weightsManifest: [{ paths: [TFJS_WEIGHTS_FILE], weights: specs }],
  };
  return { [TFJS_MODEL_FILE]: jsonBytes(modelJson), [TFJS_WEIGHTS_FILE]: bin };
}
