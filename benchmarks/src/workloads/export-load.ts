/**
 * Saving and loading models with @weft/export, to files in a temporary directory (removed at the
 * end), for two architectures: the digits MLP (64-64-10, 9,034 parameters) and the Fashion CNN
 * (Conv(32, 3)-Pool-Conv(64, 3)-Pool-Dense(128)-Dense(10), 225,034 parameters), freshly initialized
 * (saving does not depend on the values). One result line per model and format:
 * - `export-load-<model>-native`: `save(model, dir)` (weft.json + weights.safetensors), then
 *   `load(dir)`, which rebuilds the model from its config;
 * - `export-load-<model>-safetensors`: `save(model, file, { format: 'safetensors' })`, then reading
 *   the file and `importWeights` into a built model of the same architecture;
 * - `export-load-<model>-onnx`: `save(model, file, { format: 'onnx' })` (ONNX is export-only).
 * The time is save + load (save alone for ONNX), median of max(repeats, 5) after one warm-up;
 * figures msPerSave, msPerLoad (medians), fileKB, and roundTripExact (1 when the reloaded model
 * predicts bit for bit what the saved one does). Twin: reference/export_torch.py.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@weft/core';
import { importWeights, load, save } from '@weft/export';
import type { Layer } from '@weft/layers';
import { cnn, mlp } from '@weft/models';
import { median, report, workloadArgs } from '../measure.js';

const MODELS: { name: string; make: () => Layer; input: number[] }[] = [
  {
    name: 'mlp',
    make: () => mlp({ inputs: 64, hidden: [64, 64], outputs: 10, outputActivation: 'softmax', seed: 0 }),
    input: [8, 64],
  },
  {
    name: 'cnn',
    make: () => cnn({ inputShape: [28, 28, 1], classes: 10, filters: [32, 64], dense: 128, seed: 0 }),
    input: [8, 28, 28, 1],
  },
];

const { backend, repeats } = await workloadArgs();
const dir = await mkdtemp(join(tmpdir(), 'weft-bench-export-'));
const rng = new Rng(0);

async function loadModel(path: string): Promise<Layer> {
  const loaded = await load(path);
  if (loaded.kind !== 'model') throw new Error(`${path} holds a ${loaded.kind}, not a model`);
  return loaded.model;
}

/** Whether `loaded` gives exactly the outputs `original` gives on `x`. */
async function sameOutputs(original: Layer, loaded: Layer, x: tf.Tensor): Promise<number> {
  const [a, b] = [original.apply(x), loaded.apply(x)];
  const [da, db] = await Promise.all([a.data(), b.data()]);
  tf.dispose([a, b]);
  return da.length === db.length && da.every((v, i) => v === db[i]) ? 1 : 0;
}

async function size(path: string): Promise<number> {
  const info = await stat(path);
  if (info.isFile()) return info.size;
  const files = ['weft.json', 'weights.safetensors'].map((f) => stat(join(path, f)));
  return (await Promise.all(files)).reduce((sum, f) => sum + f.size, 0);
}

try {
  for (const { name, make, input } of MODELS) {
    const model = make();
    // safetensors loads into a built model with the same layer names, as load_state_dict does:
    // a native round trip gives one (a second make() would name its layers dense_3, …).
    await save(model, join(dir, `${name}-twin`));
    const twin = await loadModel(join(dir, `${name}-twin`));
    // Zeroed, so roundTripExact shows that importWeights really brought the weights back.
    tf.tidy(() => {
      for (const w of twin.trainableWeights) w.assign(tf.zerosLike(w));
    });
    const x = tf.tensor(rng.fillUniform(new Float32Array(input.reduce((a, b) => a * b, 1))), input);
    const formats = [
      {
        format: 'native',
        target: join(dir, `${name}-native`),
        save: (target: string) => save(model, target),
        load: loadModel,
      },
      {
        format: 'safetensors',
        target: join(dir, `${name}.safetensors`),
        save: (target: string) => save(model, target, { format: 'safetensors' }),
        load: async (target: string) => {
          // A plain Uint8Array view: given the Buffer itself, readSafetensors' bytes.slice() is
          // Buffer's (a view, not a copy) and the weights come out wrong (noted for @weft/layers).
          const file = await readFile(target);
          importWeights(twin, new Uint8Array(file.buffer, file.byteOffset, file.byteLength));
          return twin;
        },
      },
      {
        format: 'onnx',
        target: join(dir, `${name}.onnx`),
        save: (target: string) => save(model, target, { format: 'onnx' }),
        load: null,
      },
    ];
    for (const f of formats) {
      const saves: number[] = [];
      const loads: number[] = [];
      const totals: number[] = [];
      let exact = Number.NaN;
      for (let i = 0; i <= Math.max(repeats, 5); i++) {
        let start = performance.now();
        await f.save(f.target);
        const saved = performance.now() - start;
        let loaded = 0;
        if (f.load) {
          start = performance.now();
          const back = await f.load(f.target);
          loaded = performance.now() - start;
          if (i === 0) exact = await sameOutputs(model, back, x);
          if (back !== twin) back.dispose();
        }
        if (i === 0) continue; // warm-up
        saves.push(saved);
        loads.push(loaded);
        totals.push((saved + loaded) / 1000);
      }
      const figures: Record<string, number> = { msPerSave: median(saves) };
      if (f.load) Object.assign(figures, { msPerLoad: median(loads), roundTripExact: exact });
      figures.fileKB = (await size(f.target)) / 1024;
      report({
        workload: `export-load-${name}-${f.format}`,
        backend,
        seconds: median(totals),
        samples: totals,
        figures,
      });
    }
    tf.dispose(x);
    model.dispose();
    twin.dispose();
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
