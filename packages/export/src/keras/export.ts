import { DTypeError } from '@weft/core';
import { Embedding, type Layer, toSnakeCase } from '@weft/layers';
import { type Files, jsonBytes } from '../files.js';
import { dtypeConfig, KERAS_CLASS, toKerasLayer } from '../keras-config.js';
import { flatLayers } from '../layer-list.js';
import { writeH5 } from './h5.js';
import { zipFiles } from './zip.js';

export const KERAS_CONFIG_FILE = 'config.json';
export const KERAS_METADATA_FILE = 'metadata.json';
export const KERAS_WEIGHTS_FILE = 'model.weights.h5';
/** The Keras release whose `.keras` layout these files follow. */
export const KERAS_VERSION = '3.6.0';

export interface KerasOptions {
  /** `metadata.json`'s `date_saved` and the zip entries' times (default: now). Fix it for reproducible files. */
  date?: Date;
}

/**
 * The Keras path of each layer's variables: `layers/<snake_case class>[_N]`, numbered per class in
 * model order as Keras' saving library names them (not by layer name, which Keras does not keep
 * stable).
 */
export function kerasLayerPaths(layers: readonly Layer[]): string[] {
  const used = new Map<string, number>();
  return layers.map((layer) => {
    const base = toSnakeCase(KERAS_CLASS[layer.className] ?? layer.className);
    const n = used.get(base);
    used.set(base, n === undefined ? 0 : n + 1);
    return `layers/${n === undefined ? base : `${base}_${n + 1}`}`;
  });
}

/**
 * A model as a Keras 3 `.keras` archive: `metadata.json`, `config.json` (the Sequential with an
 * InputLayer carrying `batch_shape`, every layer with `module`, `registered_name` and
 * `build_config`) and `model.weights.h5` (`vars` for the model, then
 * `layers/<snake_case>[_N]/vars/0..k` per layer, float32 datasets in Keras' variable order).
 */
export async function toKeras(model: Layer, options: KerasOptions = {}): Promise<Uint8Array> {
  return zipFiles(await toKerasFiles(model, options), options.date ?? new Date());
}

/** The three entries of the `.keras` archive, unzipped. */
export async function toKerasFiles(model: Layer, options: KerasOptions = {}): Promise<Files> {
  const where = 'toKeras';
  const { layers, inputShape } = flatLayers(model, where);
  const names = new Set(layers.map((l) => l.name));
  let inputName = 'input_layer';
  for (let i = 1; names.has(inputName); i++) inputName = `input_layer_${i}`;
  const entries: unknown[] = [
    {
      module: 'keras.layers',
      class_name: 'InputLayer',
      config: {
        batch_shape: [...inputShape],
        dtype: layers[0] instanceof Embedding ? 'int32' : 'float32',
        sparse: false,
        name: inputName,
      },
      registered_name: null,
    },
  ];
  let shape = inputShape;
  for (const layer of layers) {
    const { className, config } = toKerasLayer(layer, 'keras3', where);
    entries.push({
      module: 'keras.layers',
      class_name: className,
      config,
      registered_name: null,
      build_config: { input_shape: [...shape] },
    });
    shape = layer.computeOutputShape(shape);
  }
  const config = {
    module: 'keras',
    class_name: 'Sequential',
    config: {
      name: model.name,
      trainable: model.trainable,
      dtype: dtypeConfig('keras3'),
      layers: entries,
      build_input_shape: [...inputShape],
    },
    registered_name: null,
    build_config: { input_shape: [...inputShape] },
    compile_config: null,
  };
  const values: { path: string; data: Float32Array; shape: number[] }[][] = [];
  const paths = kerasLayerPaths(layers);
  for (const [i, layer] of layers.entries()) {
    const vars = [];
    for (const { name, variable } of layer.namedWeights) {
      if (variable.dtype !== 'float32')
        throw new DTypeError({ where, problem: `weight "${name}" is not float32` });
      vars.push({
        path: paths[i] as string,
        data: (await variable.data()) as Float32Array,
        shape: [...variable.shape],
      });
    }
    values.push(vars);
  }
  const weights = await writeH5((file) => {
    file.create_group('vars');
    const group = file.create_group('layers');
    paths.forEach((path, i) => {
      const vars = group.create_group(path.slice('layers/'.length)).create_group('vars');
      for (const [k, v] of (values[i] ?? []).entries()) {
        vars.create_dataset({ name: String(k), data: v.data, shape: v.shape, dtype: '<f' });
      }
    });
  });
  const date = options.date ?? new Date();
  return {
    [KERAS_METADATA_FILE]: jsonBytes({ keras_version: KERAS_VERSION, date_saved: kerasDate(date) }),
    [KERAS_CONFIG_FILE]: jsonBytes(config),
    [KERAS_WEIGHTS_FILE]: weights,
  };
}

/** Keras' `%Y-%m-%d@%H:%M:%S`. */
function kerasDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}@${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
