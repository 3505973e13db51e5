import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { Layer } from '@weft/layers';
import { describeBackends, expectClose } from '@weft/testing';
import { expect, it } from 'vitest';
import { ZOO } from '../../test/zoo.js';
import type { Files } from '../files.js';
import { TFJS_MODEL_FILE, TFJS_WEIGHTS_FILE, toTfjs } from './export.js';
import { fromTfjs } from './import.js';

/** tfjs' own loader, fed from memory (file:// needs tfjs-node). */
async function loadInTfjs(files: Files): Promise<tfl.LayersModel> {
  const json = JSON.parse(new TextDecoder().decode(files[TFJS_MODEL_FILE]));
  const bin = files[TFJS_WEIGHTS_FILE] as Uint8Array;
  return tfl.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest[0].weights,
      weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
    }),
  );
}

/** What tfjs' own `model.save` writes, as files. */
async function savedByTfjs(model: tfl.LayersModel): Promise<Files> {
  let files: Files = {};
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const json = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
      };
      files = {
        'model.json': new TextEncoder().encode(JSON.stringify(json)),
        'weights.bin': new Uint8Array(artifacts.weightData as ArrayBuffer),
      };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return files;
}

const reader = (files: Files) => async (name: string) => files[name];

await describeBackends(
  'tfjs LayersModel',
  () => {
    for (const entry of ZOO.filter((e) => e.formats.includes('tfjs'))) {
      it(`${entry.name}: tf.loadLayersModel gives Weft's outputs, and it imports back identically`, async () => {
        const model = entry.make();
        const x = entry.input(3, 5);
        const expected = model.apply(x);
        const files = await toTfjs(model);
        const json = JSON.parse(new TextDecoder().decode(files[TFJS_MODEL_FILE]));
        expect(json.format).toBe('layers-model');
        expect(json.modelTopology.config.layers[0].config.batch_input_shape).toEqual(model.inputShape);
        const theirs = await loadInTfjs(files);
        const predicted = theirs.predict(x) as tf.Tensor;
        await expectClose(predicted, expected, { atol: 1e-5, rtol: 1e-5 });
        const back = await fromTfjs(reader(files));
        const again = back.apply(x);
        await expectClose(again, expected, { atol: 0, rtol: 0 });
        expect(back.namedWeights.map((w) => w.name)).toEqual(model.namedWeights.map((w) => w.name));
        tf.dispose([x, expected, predicted, again]);
        theirs.dispose();
        model.dispose();
        back.dispose();
      });
    }

    it('imports a model that tfjs-layers itself built and saved', async () => {
      const theirs = tfl.sequential({
        layers: [
          tfl.layers.conv2d({
            inputShape: [6, 6, 1],
            filters: 3,
            kernelSize: 3,
            activation: 'relu',
            padding: 'same',
          }),
          tfl.layers.maxPooling2d({ poolSize: 2 }),
          tfl.layers.flatten(),
          tfl.layers.dropout({ rate: 0.2 }),
          tfl.layers.dense({ units: 4, activation: 'softmax', biasInitializer: 'randomNormal' }),
        ],
      });
      const files = await savedByTfjs(theirs);
      const ours: Layer = await fromTfjs(reader(files));
      const x = tf.randomNormal([2, 6, 6, 1], 0, 1, 'float32', 3);
      const [a, b] = [ours.apply(x), theirs.predict(x) as tf.Tensor];
      await expectClose(a, b, { atol: 1e-5, rtol: 1e-5 });
      tf.dispose([x, a, b]);
      theirs.dispose();
      ours.dispose();
    });

    it('refuses to export an activation tfjs cannot name', async () => {
      const model = ZOO.find((e) => e.name === 'leaky relu')!.make();
      await expect(toTfjs(model)).rejects.toThrow(/leakyRelu/);
      model.dispose();
    });
  },
  { only: ['cpu', 'wasm'] },
);
