import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, expectClose } from '@weft/testing';
import { unzipSync } from 'fflate';
import { expect, it } from 'vitest';
import { toKeras } from '../src/keras/export.js';
import { readH5 } from '../src/keras/h5.js';
import { fromKeras } from '../src/keras/import.js';
import { toOnnx } from '../src/onnx/export.js';
import { fixtureName, housePipeline, ZOO } from './zoo.js';

// Written by scripts/make-fixtures.ts and read by scripts/check-fixtures.py (python3-onnx, python3-h5py).
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`fixtures/${name}`, import.meta.url)));
const json = (name: string) => JSON.parse(new TextDecoder().decode(fixture(name)));
const REGENERATE = 'the exporter changed: rerun scripts/make-fixtures.ts and scripts/check-fixtures.py';

interface H5Entry {
  shape: number[];
  dtype: string;
  sum: number;
}

/** Every group (path ending in '/') and dataset of an HDF5 file, as the package's reader sees it. */
function layout(bytes: Uint8Array): Promise<Record<string, H5Entry | null>> {
  return readH5(bytes, (file) => {
    const out: Record<string, H5Entry | null> = {};
    const walk = (path: string) => {
      for (const key of (file.get(path || '/') as unknown as { keys(): string[] }).keys()) {
        const child = `${path}/${key}`;
        const entity = file.get(child) as unknown as {
          keys?: () => string[];
          shape: number[];
          value: Float32Array;
          dtype: string;
        };
        if (typeof entity.keys === 'function') {
          out[`${child}/`] = null;
          walk(child);
        } else {
          const sum = Array.from(entity.value).reduce((a, b) => a + b, 0);
          out[child] = { shape: entity.shape, dtype: entity.dtype === '<f' ? '<f4' : entity.dtype, sum };
        }
      }
    };
    walk('');
    return out;
  });
}

await describeBackends(
  'fixtures checked by Python',
  () => {
    const checker = json('onnx-checker.json');

    for (const entry of ZOO.filter((e) => e.formats.includes('onnx'))) {
      it(`${entry.name}: today's ONNX bytes are the ones onnx.checker (full check) accepted`, async () => {
        const name = `${fixtureName(entry)}.onnx`;
        expect(checker[name]).toMatchObject({
          ok: true,
          ir_version: 8,
          opset: [{ domain: '', version: 17 }],
        });
        const model = entry.make();
        const bytes = await toOnnx(model);
        model.dispose();
        expect(Buffer.from(bytes).equals(Buffer.from(fixture(name))), REGENERATE).toBe(true);
      });
    }

    it("the house-price pipeline's ONNX (scalers baked in) passed onnx.checker", async () => {
      const { pipeline } = await housePipeline(3);
      const bytes = await toOnnx(pipeline);
      pipeline.dispose();
      expect(checker['house-pipeline.onnx'].ok).toBe(true);
      expect(Buffer.from(bytes).equals(Buffer.from(fixture('house-pipeline.onnx'))), REGENERATE).toBe(true);
    });

    it('h5py and the package reader see the same HDF5 layout and values in a .keras file', async () => {
      const seen = json('keras-h5py-layout.json');
      const entries = unzipSync(fixture('weft-cnn.keras'));
      expect(Object.keys(entries).sort()).toEqual(seen.entries);
      const ours = await layout(entries['model.weights.h5']!);
      expect(Object.keys(ours).sort()).toEqual(Object.keys(seen.layout).sort());
      for (const [path, entry] of Object.entries(seen.layout) as [string, H5Entry | null][]) {
        if (!entry) continue;
        expect(ours[path]).toMatchObject({ shape: entry.shape, dtype: entry.dtype });
        expect(ours[path]!.sum).toBeCloseTo(entry.sum, 4);
      }
    });

    it("today's exporter writes the layout h5py read (paths, shapes, dtypes)", async () => {
      const seen = json('keras-h5py-layout.json');
      const model = ZOO.find((e) => e.name.startsWith('cnn'))!.make();
      const entries = unzipSync(await toKeras(model));
      model.dispose();
      const ours = await layout(entries['model.weights.h5']!);
      const strip = (l: Record<string, H5Entry | null>) =>
        Object.fromEntries(Object.entries(l).map(([k, v]) => [k, v && { shape: v.shape, dtype: v.dtype }]));
      expect(strip(ours)).toEqual(strip(seen.layout));
      const config = JSON.parse(new TextDecoder().decode(entries['config.json']));
      expect(config.config.layers.map((l: { class_name: string }) => l.class_name)).toEqual(seen.classes);
    });

    it('imports a .keras file whose weights h5py wrote as Keras does, matching numpy (1e-5)', async () => {
      const expected = json('h5py-written.expected.json');
      const model = await fromKeras(fixture('h5py-written.keras'));
      expect(model.namedWeights.map((w) => w.name)).toEqual([
        'dense/kernel',
        'dense/bias',
        'layer_normalization/gamma',
        'layer_normalization/beta',
        'dense_1/kernel',
        'dense_1/bias',
      ]);
      const x = tf.tensor2d(expected.input);
      const y = model.apply(x);
      await expectClose(y, expected.output, { atol: 1e-5, rtol: 1e-5 });
      tf.dispose([x, y]);
      model.dispose();
    });
  },
  { only: ['cpu'] },
);
