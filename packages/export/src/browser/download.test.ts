import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, expectClose } from '@weft/testing';
import { unzipSync } from 'fflate';
import { expect, it } from 'vitest';
import { ZOO } from '../../test/zoo.js';
import { load, toFiles } from '../save.js';
import { downloadBlob, toBlob } from './download.js';

const cnn = () => ZOO.find((e) => e.name.startsWith('cnn'))!;
const bytesOf = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());

await describeBackends(
  'toBlob / downloadBlob',
  () => {
    it('one-file formats: the Blob is the file toFiles writes', async () => {
      const model = cnn().make();
      for (const format of ['onnx', 'keras', 'safetensors'] as const) {
        const files = await toFiles(model, { format, date: new Date(2025, 0, 1) });
        const blob = await toBlob(model, { format, date: new Date(2025, 0, 1) });
        // protobufjs hands ONNX bytes over as a Buffer: compare the bytes, not the classes.
        expect(Buffer.from(await bytesOf(blob)).equals(Buffer.from(Object.values(files)[0]!))).toBe(true);
      }
      expect((await toBlob(model, { format: 'keras' })).type).toBe('application/zip');
      model.dispose();
    });

    for (const format of ['weft', 'tfjs'] as const) {
      it(`${format}: the download is a zip of the directory's files, which load back identically`, async () => {
        const model = cnn().make();
        const x = cnn().input(2, 4);
        const expected = model.apply(x);
        // No document in Node: downloadBlob returns the Blob without touching the DOM.
        const blob = await downloadBlob(model, `cnn-${format}.zip`, { format });
        const entries = unzipSync(await bytesOf(blob));
        expect(entries).toEqual(await toFiles(model, { format }));
        const loaded = await load(entries);
        if (loaded.kind !== 'model') throw new Error('expected a model');
        const y = loaded.model.apply(x);
        await expectClose(y, expected, { atol: 0, rtol: 0 });
        tf.dispose([x, expected, y]);
        loaded.model.dispose();
        model.dispose();
      });
    }
  },
  { only: ['cpu'] },
);
