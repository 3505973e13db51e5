import type { Layer } from '@weft/layers';
import { assignWeights, buildSequential, type ReadWeight } from '../assemble.js';
import { formatFail, guarded } from '../errors.js';
import { checkShape, isObject, MAX_WEIGHT_BYTES, parseJsonFile, sizeOf } from '../files.js';
import { sequentialSpec } from '../keras-config.js';
import { TFJS_MODEL_FILE } from './export.js';

const WHERE = 'fromTfjs';
const MAX_LAYERS = 10_000;

/** Reads a file of the model's directory by relative name; undefined when it does not exist. */
export type ReadFile = (name: string) => Promise<Uint8Array | undefined>;

/**
 * Imports a tfjs LayersModel (`model.json` + weight shards) as a Weft Sequential, for the layers
 * Weft has (Dense, Conv2D, MaxPooling2D, Flatten, Dropout, Reshape, LayerNormalization,
 * Embedding; an InputLayer gives the input shape). Everything is validated before the model is
 * built: topology, options Weft lacks, manifest dtypes and shapes, shard byte sizes, and that
 * the weights fit the layers exactly. Nothing in the file is evaluated as code.
 */
export function fromTfjs(read: ReadFile): Promise<Layer> {
  return guarded(WHERE, 'the tfjs model', () => readTfjs(read));
}

async function readTfjs(read: ReadFile): Promise<Layer> {
  const json = parseJsonFile(WHERE, TFJS_MODEL_FILE, await read(TFJS_MODEL_FILE));
  if (!isObject(json)) formatFail(WHERE, `${TFJS_MODEL_FILE} is not a JSON object`);
  if (json.format !== undefined && json.format !== 'layers-model') {
    formatFail(
      WHERE,
      `${TFJS_MODEL_FILE} is not a layers model`,
      { format: json.format },
      {
        fix: 'Graph models (tf.loadGraphModel) cannot be imported as layers',
      },
    );
  }
  let topology = json.modelTopology;
  if (isObject(topology) && isObject(topology.model_config)) topology = topology.model_config;
  if (!isObject(topology) || topology.class_name !== 'Sequential') {
    formatFail(WHERE, 'only Sequential models can be imported', {
      class_name: isObject(topology) ? topology.class_name : topology,
    });
  }
  const spec = sequentialSpec(WHERE, topology.config);
  const weights = await readWeights(json.weightsManifest, read);
  const used = new Set<string>();
  const model = assignWeights(WHERE, buildSequential(WHERE, spec), (layer, role) => {
    // tfjs may scope names (`outer/dense/kernel`); the last two parts name the layer and role.
    const id = `${layer.name}/${role}`;
    const key = [...weights.keys()].find((n) => n === id || n.endsWith(`/${id}`));
    if (key === undefined) return undefined;
    used.add(key);
    return weights.get(key);
  });
  const unused = [...weights.keys()].filter((n) => !used.has(n));
  if (unused.length > 0) {
    model.dispose();
    formatFail(WHERE, 'the weights manifest lists weights no layer has', { unused });
  }
  return model;
}

const DTYPE_BYTES: Record<string, number> = { float32: 4 };

/** The weights listed by the manifest, read from the shards and checked against their sizes. */
async function readWeights(manifest: unknown, read: ReadFile): Promise<Map<string, ReadWeight>> {
  if (!Array.isArray(manifest) || manifest.length > MAX_LAYERS)
    formatFail(WHERE, 'weightsManifest is not a list of groups');
  const out = new Map<string, ReadWeight>();
  let total = 0;
  for (const group of manifest as unknown[]) {
    if (!isObject(group) || !Array.isArray(group.paths) || !Array.isArray(group.weights))
      formatFail(WHERE, 'a weights group is not { paths, weights }', { group });
    const specs = (group.weights as unknown[]).map((w) => {
      if (!isObject(w) || typeof w.name !== 'string')
        return formatFail(WHERE, 'a weight entry has no name', { weight: w });
      if (w.quantization !== undefined)
        formatFail(WHERE, `weight "${w.name}" is quantized, which is not supported`);
      if (!(typeof w.dtype === 'string' && w.dtype in DTYPE_BYTES))
        formatFail(WHERE, `weight "${w.name}" has an unsupported dtype`, {
          dtype: w.dtype,
          supported: Object.keys(DTYPE_BYTES),
        });
      const shape = checkShape(WHERE, `weight "${w.name}"`, w.shape);
      if (out.has(w.name)) formatFail(WHERE, `weight "${w.name}" is listed twice`);
      return { name: w.name, shape, group: w.group, bytes: sizeOf(shape) * 4 };
    });
    const expected = specs.reduce((n, s) => n + s.bytes, 0);
    total += expected;
    if (total > MAX_WEIGHT_BYTES)
      formatFail(WHERE, 'the weights are larger than this reader accepts', { bytes: total });
    const shards: Uint8Array[] = [];
    let size = 0;
    for (const path of group.paths as unknown[]) {
      if (typeof path !== 'string') formatFail(WHERE, 'a shard path is not a string', { path });
      const bytes = await read(path);
      if (!bytes) formatFail(WHERE, `the weight shard "${path}" is missing`);
      size += bytes.length;
      if (size > expected) break;
      shards.push(bytes);
    }
    if (size !== expected) {
      formatFail(
        WHERE,
        'the weight shards do not hold exactly the bytes the manifest describes (truncated or padded?)',
        {
          expectedBytes: expected,
          bytes: size,
        },
      );
    }
    const all = new Uint8Array(expected);
    let at = 0;
    for (const s of shards) {
      all.set(s, at);
      at += s.length;
    }
    at = 0;
    for (const s of specs) {
      // Optimizer state saved beside the model is not part of it.
      if (s.group !== 'optimizer')
        out.set(s.name, { shape: s.shape, data: new Float32Array(all.buffer.slice(at, at + s.bytes)) });
      at += s.bytes;
    }
  }
  return out;
}
