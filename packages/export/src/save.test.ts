import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, FormatError, NotFoundError } from '@weft/core';
import { Dense, type Layer, sequential } from '@weft/layers';
import { mlp } from '@weft/models';
import { describeBackends, expectClose } from '@weft/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runOnnx } from '../test/ort.js';
import { housePipeline, ZOO } from '../test/zoo.js';
import { type ExportFormat, load, save, toFiles } from './save.js';
import { exportTutorialArtifacts } from './tutorial.js';
import { exportWeights, importWeights } from './weights.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'weft-export-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const cnn = () => ZOO.find((e) => e.name.startsWith('cnn'))!;

async function modelOf(loaded: Awaited<ReturnType<typeof load>>): Promise<Layer> {
  if (loaded.kind !== 'model') throw new Error(`expected a model, got ${loaded.kind}`);
  return loaded.model;
}

await describeBackends(
  'save / load',
  () => {
    for (const format of ['weft', 'tfjs', 'keras'] as ExportFormat[]) {
      it(`${format}: a saved CNN loads back with bit-identical predictions, from a path and from memory`, async () => {
        const original = cnn().make();
        const x = cnn().input(2, 1);
        const expected = original.apply(x);
        const target = join(dir, `cnn-${format}`);
        await save(original, target, { format });
        const fromPath = await load(target);
        expect(fromPath.format).toBe(format);
        const fromMemory = await load(await toFiles(original, { format }));
        for (const loaded of [await modelOf(fromPath), await modelOf(fromMemory)]) {
          const y = loaded.apply(x);
          await expectClose(y, expected, { atol: 0, rtol: 0 });
          y.dispose();
          loaded.dispose();
        }
        tf.dispose([x, expected]);
        original.dispose();
      });
    }

    it('weft: a pipeline loads back whole and predicts raw rows identically', async () => {
      const { pipeline, rows } = await housePipeline(5);
      const target = join(dir, 'pipeline');
      await save(pipeline, target);
      const loaded = await load(target);
      if (loaded.kind !== 'pipeline') throw new Error('expected a pipeline');
      expect(await loaded.pipeline.predictRows(rows)).toEqual(await pipeline.predictRows(rows));
      expect(loaded.pipeline.features).toEqual(pipeline.features);
      loaded.pipeline.dispose();
      pipeline.dispose();
    });

    it('safetensors: weights alone, read back by load and assigned with importWeights', async () => {
      const original = mlp({ inputs: 3, hidden: [4], outputs: 2, seed: 1 });
      const target = join(dir, 'weights.safetensors');
      await save(original, target, { format: 'safetensors' });
      const loaded = await load(target);
      if (loaded.kind !== 'weights') throw new Error('expected weights');
      expect([...loaded.tensors.keys()]).toEqual(original.namedWeights.map((w) => w.name));
      expect(loaded.metadata.format).toBe('weft');
      const bytes = new Uint8Array(await readFile(target));
      // The same architecture under the same layer names, initialized differently.
      const named = sequential(
        original.layers.map(
          (l) => new Dense({ units: (l as Dense).units, activation: (l as Dense).activation, name: l.name }),
        ),
        { inputShape: [null, 3], seed: 99 },
      );
      importWeights(named, bytes);
      const x = tf.randomNormal([4, 3], 0, 1, 'float32', 2);
      const [a, b] = [original.apply(x), named.apply(x)];
      await expectClose(b, a, { atol: 0, rtol: 0 });
      // A model with other layer names, or a broken file, is refused before anything is assigned.
      const copy = mlp({ inputs: 3, hidden: [4], outputs: 2, seed: 99 });
      const before = Array.from(await copy.weights[0]!.data());
      expect(() => importWeights(copy, bytes)).toThrow(/missing from the file|has no weight for/);
      expect(() => importWeights(copy, bytes.subarray(0, 20))).toThrow(FormatError);
      expect(Array.from(await copy.weights[0]!.data())).toEqual(before);
      tf.dispose([x, a, b]);
      for (const m of [original, copy, named]) m.dispose();
    });

    it('onnx: written atomically as one file; loading it back is refused with a FormatError', async () => {
      const original = mlp({ inputs: 2, hidden: [3], outputs: 1, seed: 2 });
      const target = join(dir, 'm.onnx');
      await save(original, target, { format: 'onnx' });
      await expect(load(target)).rejects.toThrow(/ONNX files are written by this package but not read back/);
      original.dispose();
    });

    it('a failed save leaves the previous file untouched and no temporary files', async () => {
      const target = join(dir, 'keep.onnx');
      await writeFile(target, 'previous');
      const leaky = ZOO.find((e) => e.name === 'leaky relu')!.make();
      const before = await readdir(dir);
      await expect(save(leaky, join(dir, 'tfjs-leaky'), { format: 'tfjs' })).rejects.toThrow(ConfigError);
      const { pipeline } = await housePipeline(1);
      await expect(save(pipeline, target, { format: 'keras' })).rejects.toThrow(/bare network/);
      await expect(save(pipeline, target, { format: 'weights' as ExportFormat })).rejects.toThrow(
        /unknown format/,
      );
      expect(await readFile(target, 'utf8')).toBe('previous');
      expect((await readdir(dir)).sort()).toEqual(before.sort());
      leaky.dispose();
      pipeline.dispose();
    });

    it('reports a missing path and an unreadable directory', async () => {
      await expect(load(join(dir, 'nothing-here'))).rejects.toThrow(NotFoundError);
      const empty = join(dir, 'empty');
      const m = mlp({ inputs: 1, hidden: [], outputs: 1, seed: 1 });
      await save(m, empty, { format: 'tfjs' });
      m.dispose();
      await rm(join(empty, 'model.json'), { force: true });
      await expect(load(empty)).rejects.toThrow(FormatError);
    });

    it('exportTutorialArtifacts writes model.onnx, tfjs/, model.keras and preprocessing.json that reproduce the pipeline', async () => {
      const { pipeline, rows } = await housePipeline(7);
      const out = join(dir, 'tutorial');
      const result = await exportTutorialArtifacts(pipeline, out);
      expect(result.skipped).toEqual([]);
      expect(result.written).toEqual(['model.onnx', 'tfjs/', 'model.keras', 'preprocessing.json']);
      expect((await readdir(out)).sort()).toEqual([
        'model.keras',
        'model.onnx',
        'preprocessing.json',
        'tfjs',
      ]);
      expect((await readdir(join(out, 'tfjs'))).sort()).toEqual(['group1-shard1of1.bin', 'model.json']);
      // sample.json, as the tutorial writes it: raw rows in, the pipeline's raw-unit predictions out.
      const inputs = rows
        .objects()
        .map((r) => pipeline.features.map((f) => (r as Record<string, number>)[f] as number));
      const outputs = await pipeline.predictRows(rows);
      const x = tf.tensor2d(inputs);
      const onnx = await runOnnx(await readFile(join(out, 'model.onnx')), x);
      await expectClose(onnx.data, outputs.flat(), { atol: 1e-4, rtol: 1e-4 });
      // The bare network plus preprocessing.json's ops gives the same numbers.
      const pre = JSON.parse(await readFile(join(out, 'preprocessing.json'), 'utf8'));
      expect(pre.features).toEqual(pipeline.features);
      const keras = await modelOf(await load(join(out, 'model.keras')));
      const apply = (t: tf.Tensor, ops: { op: 'sub' | 'div' | 'mul' | 'add'; value: number[] }[]) =>
        ops.reduce(
          (acc, o) =>
            ({ sub: tf.sub, div: tf.div, mul: tf.mul, add: tf.add })[o.op](acc, tf.tensor1d(o.value)),
          t,
        );
      const y = tf.tidy(() => apply(keras.apply(apply(x, pre.input.ops)), pre.output.ops));
      await expectClose(y, outputs, { atol: 1e-4, rtol: 1e-4 });
      tf.dispose([x, y]);
      keras.dispose();
      pipeline.dispose();
    });
  },
  { only: ['cpu'] },
);

// Keeps exportWeights in the public surface tested directly too.
it('exportWeights refuses an unbuilt model', async () => {
  await expect(exportWeights(new Dense({ units: 1 }))).rejects.toThrow(/not built/);
});
