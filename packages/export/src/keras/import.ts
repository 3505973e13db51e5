import type { Layer } from '@weft/layers';
import { assignWeights, buildSequential, type ReadWeight } from '../assemble.js';
import { asFormatError, formatFail, guarded } from '../errors.js';
import { type Files, isObject, MAX_WEIGHT_BYTES, parseJsonFile, sizeOf } from '../files.js';
import { sequentialSpec } from '../keras-config.js';
import { KERAS_CONFIG_FILE, KERAS_WEIGHTS_FILE, kerasLayerPaths } from './export.js';
import { type Dataset, type Group, readH5 } from './h5.js';
import { unzipFiles } from './zip.js';

const WHERE = 'fromKeras';

/**
 * Imports a Keras 3 `.keras` archive of a Sequential model of the layers Weft has. The zip is
 * checked entry by entry (sizes, CRC-32); `config.json` is mapped layer by layer (unknown
 * classes, custom objects and unsupported options are refused: nothing is evaluated); the model
 * is built from it, and each HDF5 dataset's dtype and shape are checked against its layer before
 * its values are read.
 */
export function fromKeras(bytes: Uint8Array): Promise<Layer> {
  return guarded(WHERE, 'the .keras file', async () => {
    if (!(bytes instanceof Uint8Array)) formatFail(WHERE, 'the input is not bytes (Uint8Array)', { bytes });
    return readKerasFiles(unzipFiles(bytes, { maxBytes: MAX_WEIGHT_BYTES, maxEntries: 1000 }));
  });
}

/** The same, from the archive's entries. */
export function fromKerasFiles(files: Files): Promise<Layer> {
  return guarded(WHERE, 'the .keras files', () => readKerasFiles(files));
}

async function readKerasFiles(files: Files): Promise<Layer> {
  const config = parseJsonFile(WHERE, KERAS_CONFIG_FILE, files[KERAS_CONFIG_FILE]);
  if (!isObject(config) || config.class_name !== 'Sequential' || !isObject(config.config)) {
    formatFail(WHERE, 'only Sequential models can be imported', {
      class_name: isObject(config) ? config.class_name : config,
    });
  }
  const spec = sequentialSpec(WHERE, config.config);
  const h5 = files[KERAS_WEIGHTS_FILE];
  if (!h5) formatFail(WHERE, `${KERAS_WEIGHTS_FILE} is missing`, { entries: Object.keys(files) });
  const model = buildSequential(WHERE, spec);
  let read: Map<Layer, ReadWeight[]>;
  try {
    // Keras names variable groups by class and position, not by layer name: the same rule finds them.
    const paths = kerasLayerPaths(model.layers);
    read = await readH5(h5, (file) => {
      const out = new Map<Layer, ReadWeight[]>();
      model.layers.forEach((layer, i) => {
        const path = paths[i] as string;
        const shapes = layer.namedWeights.map((w) => [...w.variable.shape]);
        const group = file.get(`${path}/vars`) as Group | null;
        const keys = group && typeof group.keys === 'function' ? group.keys() : [];
        if (keys.length !== shapes.length) {
          formatFail(
            WHERE,
            `${path}/vars holds ${keys.length} variables where layer "${layer.name}" has ${shapes.length}`,
          );
        }
        out.set(
          layer,
          shapes.map((shape, k) =>
            readDataset(file.get(`${path}/vars/${k}`) as Dataset | null, `${path}/vars/${k}`, shape),
          ),
        );
      });
      return out;
    });
  } catch (error) {
    model.dispose();
    throw asFormatError(WHERE, KERAS_WEIGHTS_FILE, error);
  }
  return assignWeights(WHERE, model, (layer, role) => {
    const index = layer.namedWeights.findIndex((w) => w.name === `${layer.name}/${role}`);
    return read.get(layer)?.[index];
  });
}

/** One variable, checked (float, little-endian, the layer's shape) before its values are read. */
function readDataset(ds: Dataset | null, path: string, shape: number[]): ReadWeight {
  if (!ds || typeof ds.metadata !== 'object' || !('shape' in ds))
    formatFail(WHERE, `${path} is not a dataset`);
  const meta = ds.metadata as { type?: number; size?: number; littleEndian?: boolean; vlen?: boolean };
  const float = meta.type === 1 && !meta.vlen && (meta.size === 4 || meta.size === 8) && meta.littleEndian;
  if (!float)
    formatFail(WHERE, `${path} is not a little-endian float32/float64 dataset`, { dtype: ds.dtype });
  const dims = ds.shape ?? [];
  if (dims.join() !== shape.join())
    formatFail(WHERE, `${path} has the wrong shape for its layer`, { shape: dims, expected: shape });
  const value = ds.value;
  if (!(value instanceof Float32Array || value instanceof Float64Array) || value.length !== sizeOf(shape))
    formatFail(WHERE, `${path} could not be read as ${sizeOf(shape)} floats`);
  return { shape, data: value instanceof Float32Array ? value : Float32Array.from(value) };
}
