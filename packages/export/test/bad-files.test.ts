import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { FormatError, NotFoundError, Rng } from '@weft/core';
import { Conv2D, Dense, sequential } from '@weft/layers';
import { mlp } from '@weft/models';
import { describeBackends } from '@weft/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Files } from '../src/files.js';
import { toKerasFiles } from '../src/keras/export.js';
import { writeH5 } from '../src/keras/h5.js';
import { fromKeras } from '../src/keras/import.js';
import { crc32, zipFiles } from '../src/keras/zip.js';
import { load, save, toFiles } from '../src/save.js';
import { fromTfjs } from '../src/tfjs/import.js';
import { housePipeline } from './zoo.js';

const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);
const bytesOf = (value: unknown) =>
  new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));
const DATE = new Date(2025, 0, 1);

let tfjs: Files;
let kerasFiles: Files;
let keras: Uint8Array;
let weftPipeline: Files;
let safetensors: Uint8Array;

// biome-ignore lint/suspicious/noExplicitAny: the cases edit arbitrary JSON.
type Json = Record<string, any>;

/** tfjs files with model.json edited. */
function tfjsWith(edit: (json: Json) => void, extra: Files = {}): Files {
  const json = JSON.parse(text(tfjs['model.json']));
  edit(json);
  return { ...tfjs, 'model.json': bytesOf(json), ...extra };
}

/** A .keras archive with one entry replaced (or removed with undefined), CRCs recomputed. */
function kerasWith(name: string, content: Uint8Array | undefined): Uint8Array {
  const files = { ...kerasFiles };
  if (content) files[name] = content;
  else delete files[name];
  return zipFiles(files, DATE);
}

function kerasConfigWith(edit: (config: Json) => void): Uint8Array {
  const config = JSON.parse(text(kerasFiles['config.json']));
  edit(config);
  return kerasWith('config.json', bytesOf(config));
}

/** An HDF5 file laid out as Keras' but with `edit` deciding each layer's datasets. */
function h5With(
  conv: [number[], Float32Array | Int32Array | Float64Array][],
  dense: [number[], Float32Array][],
) {
  return writeH5((file) => {
    file.create_group('vars');
    const layers = file.create_group('layers');
    for (const [name, vars] of [
      ['conv2d', conv],
      ['dense', dense],
    ] as const) {
      const group = layers.create_group(name).create_group('vars');
      vars.forEach(([shape, data], i) => {
        const dtype = data instanceof Int32Array ? '<i' : data instanceof Float64Array ? '<d' : '<f';
        group.create_dataset({ name: String(i), data, shape, dtype });
      });
    }
  });
}
const f32 = (shape: number[]) => new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(0.5);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'weft-bad-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Case = [string, () => Promise<unknown>, RegExp];

const CASES: Case[] = [
  // tfjs LayersModel
  ['tfjs: model.json missing', () => fromTfjs(async () => undefined), /model.json is missing/],
  [
    'tfjs: model.json not JSON',
    () => load({ ...tfjs, 'model.json': bytesOf('{"format": ') }),
    /not valid UTF-8 JSON/,
  ],
  [
    'tfjs: model.json not UTF-8',
    () => load({ ...tfjs, 'model.json': new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) }),
    /UTF-8/,
  ],
  ['tfjs: a graph model', () => load(tfjsWith((j) => (j.format = 'graph-model'))), /not a layers model/],
  [
    'tfjs: a functional model',
    () => load(tfjsWith((j) => (j.modelTopology.class_name = 'Model'))),
    /only Sequential/,
  ],
  [
    'tfjs: a layer class that would need code (Lambda)',
    () => load(tfjsWith((j) => (j.modelTopology.config.layers[1].class_name = 'Lambda'))),
    /"Lambda", which cannot be imported/,
  ],
  [
    'tfjs: an option Weft lacks (channels_first)',
    () => load(tfjsWith((j) => (j.modelTopology.config.layers[0].config.data_format = 'channels_first'))),
    /data_format is not supported/,
  ],
  [
    'tfjs: an unknown activation',
    () => load(tfjsWith((j) => (j.modelTopology.config.layers[1].config.activation = 'selu'))),
    /activation is not supported/,
  ],
  [
    'tfjs: no input shape',
    () => load(tfjsWith((j) => delete j.modelTopology.config.layers[0].config.batch_input_shape)),
    /no input shape/,
  ],
  [
    'tfjs: truncated weights',
    () => load({ ...tfjs, 'group1-shard1of1.bin': tfjs['group1-shard1of1.bin']!.subarray(0, 30) }),
    /do not hold exactly/,
  ],
  [
    'tfjs: trailing bytes in the shard',
    () =>
      load({
        ...tfjs,
        'group1-shard1of1.bin': new Uint8Array([...tfjs['group1-shard1of1.bin']!, 0, 0, 0, 0]),
      }),
    /do not hold exactly/,
  ],
  [
    'tfjs: a missing shard',
    () => load({ 'model.json': tfjs['model.json']! }),
    /shard "group1-shard1of1.bin" is missing/,
  ],
  [
    'tfjs: a wrong dtype',
    () => load(tfjsWith((j) => (j.weightsManifest[0].weights[0].dtype = 'float16'))),
    /unsupported dtype/,
  ],
  [
    'tfjs: quantized weights',
    () =>
      load(
        tfjsWith(
          (j) => (j.weightsManifest[0].weights[0].quantization = { dtype: 'uint8', min: 0, scale: 1 }),
        ),
      ),
    /quantized/,
  ],
  [
    'tfjs: a shape that does not fit the layer',
    () => load(tfjsWith((j) => (j.weightsManifest[0].weights[2].shape = [3, 2]))),
    /does not fit the layer/,
  ],
  [
    'tfjs: an oversized shape',
    () => load(tfjsWith((j) => (j.weightsManifest[0].weights[0].shape = [1e6, 1e6, 1, 2]))),
    /invalid shape/,
  ],
  [
    'tfjs: a weight no layer has',
    () => load(tfjsWith((j) => (j.weightsManifest[0].weights[1].name = 'stray/bias'))),
    /missing from the file|no layer has/,
  ],
  [
    'tfjs: a layer name with a slash',
    () => load(tfjsWith((j) => (j.modelTopology.config.layers[1].config.name = 'a/b'))),
    /no usable name/,
  ],
  // Keras .keras
  ['keras: not a zip', () => fromKeras(bytesOf('definitely not a zip file, just text')), /not a zip archive/],
  [
    'keras: truncated archive',
    () => load(keras.subarray(0, Math.floor(keras.length / 2))),
    /not a zip archive|truncated/,
  ],
  [
    'keras: corrupted bytes (CRC)',
    () => {
      const bad = keras.slice();
      const at = bad.length - 400;
      bad[at] = (bad[at] as number) ^ 0xff;
      return load(bad);
    },
    /CRC-32/,
  ],
  [
    'keras: model.weights.h5 missing',
    () => load(kerasWith('model.weights.h5', undefined)),
    /model.weights.h5 is missing/,
  ],
  [
    'keras: config.json missing',
    () => load(kerasWith('config.json', undefined)),
    /not a format|config.json is missing/,
  ],
  [
    'keras: a Functional model',
    () => load(kerasConfigWith((c) => (c.class_name = 'Functional'))),
    /only Sequential/,
  ],
  [
    'keras: a custom layer class',
    () => load(kerasConfigWith((c) => (c.config.layers[1].class_name = 'MyCustomLayer'))),
    /cannot be imported/,
  ],
  [
    'keras: RMS scaling LayerNormalization is refused',
    () =>
      load(
        kerasConfigWith(
          (c) =>
            (c.config.layers[2] = {
              class_name: 'LayerNormalization',
              config: { name: 'ln', rms_scaling: true },
            }),
        ),
      ),
    /rms_scaling is not supported/,
  ],
  [
    'keras: HDF5 that is garbage',
    () => load(kerasWith('model.weights.h5', bytesOf('HDF5? no.'.repeat(50)))),
    /model.weights.h5 cannot be read/,
  ],
  [
    'keras: a dataset of the wrong shape',
    async () =>
      load(
        kerasWith(
          'model.weights.h5',
          await h5With(
            [
              [[2, 2, 1, 2], f32([2, 2, 1, 2])],
              [[2], f32([2])],
            ],
            [
              [[3, 2], f32([3, 2])],
              [[3], f32([3])],
            ],
          ),
        ),
      ),
    /wrong shape/,
  ],
  [
    'keras: an integer dataset',
    async () =>
      load(
        kerasWith(
          'model.weights.h5',
          await h5With(
            [
              [[2, 2, 1, 2], new Int32Array(8)],
              [[2], f32([2])],
            ],
            [
              [[3, 3, 2, 3], f32([18, 3])],
              [[3], f32([3])],
            ],
          ),
        ),
      ),
    /not a little-endian float/,
  ],
  [
    'keras: a missing variable',
    async () => load(kerasWith('model.weights.h5', await h5With([[[2, 2, 1, 2], f32([2, 2, 1, 2])]], []))),
    /holds 1 variables where layer/,
  ],
  [
    'keras: a zip entry claiming 3 GB (zip bomb)',
    async () => {
      const bad = keras.slice();
      const view = new DataView(bad.buffer);
      const cd = view.getUint32(bad.length - 22 + 16, true);
      view.setUint32(cd + 24, 3e9, true);
      return load(bad);
    },
    /larger than this reader accepts/,
  ],
  // safetensors, native, other
  [
    'safetensors: truncated',
    () => load(safetensors.subarray(0, safetensors.length - 5)),
    /runs past the end|bytes no tensor/,
  ],
  [
    'weft: a pipeline without preprocess.json',
    () =>
      load({
        'weft.json': weftPipeline['weft.json']!,
        'weights.safetensors': weftPipeline['weights.safetensors']!,
      }),
    /preprocess.json/,
  ],
  [
    'weft: a scaler state with a negative scale',
    () => {
      const pre = JSON.parse(text(weftPipeline['preprocess.json']));
      pre.features.transform.scale[0] = -1;
      return load({ ...weftPipeline, 'preprocess.json': bytesOf(pre) });
    },
    /scale/,
  ],
  ['onnx: export-only', async () => load(new Uint8Array([0x08, 0x08, 0x12, 0x04])), /not read back/],
  ['unknown bytes', () => load(new Uint8Array([1, 2, 3])), /not a format this package reads/],
];

await describeBackends(
  'bad files',
  () => {
    beforeAll(async () => {
      const model = sequential(
        [new Conv2D({ filters: 2, kernelSize: 2, activation: 'relu' }), new Dense({ units: 3 })],
        { inputShape: [null, 4, 4, 1], seed: 1 },
      );
      tfjs = await toFiles(model, { format: 'tfjs' });
      kerasFiles = await toKerasFiles(model, { date: DATE });
      keras = zipFiles(kerasFiles, DATE);
      safetensors = (await toFiles(model, { format: 'safetensors' }))['model.safetensors']!;
      model.dispose();
      const { pipeline } = await housePipeline(2);
      weftPipeline = await toFiles(pipeline);
      pipeline.dispose();
    });

    it(`has at least 20 cases (${CASES.length})`, () => {
      expect(CASES.length).toBeGreaterThanOrEqual(20);
    });

    for (const [what, run, message] of CASES) {
      it(`${what}: FormatError, no tensors left`, async () => {
        const before = tf.memory().numTensors;
        const error = await run().then(
          () => null,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(FormatError);
        expect((error as Error).message).toMatch(message);
        expect(tf.memory().numTensors).toBe(before);
      });
    }

    it('a tfjs manifest cannot read files outside its directory', async () => {
      const target = join(dir, 'escape');
      const model = mlp({ inputs: 2, hidden: [], outputs: 1, seed: 1 });
      await save(model, target, { format: 'tfjs' });
      model.dispose();
      await writeFile(join(dir, 'outside.bin'), new Uint8Array(12));
      const json = JSON.parse(text(tfjs['model.json']));
      json.weightsManifest[0].paths = ['../outside.bin'];
      await writeFile(join(target, 'model.json'), JSON.stringify(json));
      await expect(load(target)).rejects.toThrow(/shard "..\/outside.bin" is missing/);
      await expect(load(join(dir, 'no-such-model'))).rejects.toThrow(NotFoundError);
    });

    it('a seeded fuzz over mutated bytes of every format gives a model or a FormatError, never anything else', async () => {
      const rng = new Rng(20251125);
      const mutate = (bytes: Uint8Array): Uint8Array => {
        const choice = rng.int(4);
        if (choice === 0) return bytes.subarray(0, rng.int(bytes.length));
        const out = bytes.slice();
        const n = 1 + rng.int(choice === 3 ? 32 : 4);
        for (let i = 0; i < n; i++) out[rng.int(out.length)] = rng.int(256);
        return out;
      };
      // Raw HDF5 fuzzing needs a valid zip around it, else the CRC check catches everything first.
      const targets: [string, () => Promise<unknown>][] = [];
      for (let i = 0; i < 60; i++) {
        targets.push(['keras zip', () => load(mutate(keras))]);
        targets.push([
          'keras h5',
          () => load(kerasWith('model.weights.h5', mutate(kerasFiles['model.weights.h5']!))),
        ]);
        targets.push([
          'keras config',
          () => load(kerasWith('config.json', mutate(kerasFiles['config.json']!))),
        ]);
        targets.push(['tfjs json', () => load({ ...tfjs, 'model.json': mutate(tfjs['model.json']!) })]);
        targets.push([
          'tfjs weights',
          () => load({ ...tfjs, 'group1-shard1of1.bin': mutate(tfjs['group1-shard1of1.bin']!) }),
        ]);
        targets.push(['safetensors', () => load(mutate(safetensors))]);
        targets.push([
          'weft manifest',
          () => load({ ...weftPipeline, 'weft.json': mutate(weftPipeline['weft.json']!) }),
        ]);
        targets.push([
          'weft preprocess',
          () => load({ ...weftPipeline, 'preprocess.json': mutate(weftPipeline['preprocess.json']!) }),
        ]);
      }
      const before = tf.memory().numTensors;
      const outcomes: Record<string, number> = {};
      for (const [name, run] of targets) {
        const result = await run().then(
          (loaded) => loaded,
          (e: unknown) => e,
        );
        if (result instanceof Error) {
          expect(result, `${name}: ${result.message}`).toBeInstanceOf(FormatError);
          outcomes[`${name}: error`] = (outcomes[`${name}: error`] ?? 0) + 1;
        } else {
          const loaded = result as Awaited<ReturnType<typeof load>>;
          if (loaded.kind === 'model') loaded.model.dispose();
          if (loaded.kind === 'pipeline') loaded.pipeline.dispose();
          outcomes[`${name}: loaded`] = (outcomes[`${name}: loaded`] ?? 0) + 1;
        }
      }
      expect(tf.memory().numTensors).toBe(before);
      // Most mutations are caught; the CRC catches every one inside a stored zip entry.
      expect(outcomes['keras zip: error']).toBeGreaterThan(50);
      // After all that, a good file still loads (the HDF5 module was not left broken).
      const good = await load(keras);
      if (good.kind === 'model') good.model.dispose();
      expect(good.kind).toBe('model');
      expect(crc32(bytesOf('123456789'))).toBe(0xcbf43926);
      expect((await readdir(dir)).filter((f) => f.includes('.tmp-'))).toEqual([]);
    });
  },
  { only: ['cpu'] },
);
