import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, expectClose } from '@weft/testing';
import { unzipSync } from 'fflate';
import { expect, it } from 'vitest';
import { ZOO } from '../../test/zoo.js';
import { toKeras } from './export.js';
import { readH5 } from './h5.js';
import { fromKeras } from './import.js';

/** Every dataset path in an HDF5 file with its shape, and every group (ending in '/'). */
async function h5Layout(bytes: Uint8Array): Promise<Record<string, number[] | null>> {
  return readH5(bytes, (file) => {
    const out: Record<string, number[] | null> = {};
    const walk = (path: string) => {
      const entity = file.get(path) as unknown as { keys?: () => string[]; shape?: number[] };
      if (typeof entity.keys === 'function') {
        out[path === '/' ? '/' : `${path}/`] = null;
        for (const k of entity.keys()) walk(path === '/' ? `/${k}` : `${path}/${k}`);
      } else out[path] = entity.shape ?? [];
    };
    walk('/');
    return out;
  });
}

await describeBackends(
  'Keras 3 .keras',
  () => {
    for (const entry of ZOO.filter((e) => e.formats.includes('keras'))) {
      it(`${entry.name}: round-trips to identical outputs`, async () => {
        const model = entry.make();
        const x = entry.input(3, 8);
        const expected = model.apply(x);
        const back = await fromKeras(await toKeras(model));
        const again = back.apply(x);
        await expectClose(again, expected, { atol: 0, rtol: 0 });
        tf.dispose([x, expected, again]);
        model.dispose();
        back.dispose();
      });
    }

    it('writes the layout Keras 3 reads: config, metadata, and layers/<class>[_N]/vars/<i>', async () => {
      const model = ZOO.find((e) => e.name.startsWith('cnn'))!.make();
      const date = new Date(2024, 0, 2, 3, 4, 5);
      const entries = unzipSync(await toKeras(model, { date }));
      expect(Object.keys(entries).sort()).toEqual(['config.json', 'metadata.json', 'model.weights.h5']);
      const metadata = JSON.parse(new TextDecoder().decode(entries['metadata.json']));
      expect(metadata).toEqual({ keras_version: '3.6.0', date_saved: '2024-01-02@03:04:05' });
      const config = JSON.parse(new TextDecoder().decode(entries['config.json']));
      expect(config).toMatchObject({ module: 'keras', class_name: 'Sequential', registered_name: null });
      const layers = config.config.layers;
      expect(layers[0]).toMatchObject({
        class_name: 'InputLayer',
        config: { batch_shape: [null, 9, 10, 2] },
      });
      expect(layers.map((l: { class_name: string }) => l.class_name)).toEqual([
        'InputLayer',
        'Conv2D',
        'MaxPooling2D',
        'Conv2D',
        'MaxPooling2D',
        'Flatten',
        'Dropout',
        'Dense',
      ]);
      expect(layers[1].build_config).toEqual({ input_shape: [null, 9, 10, 2] });
      expect(await h5Layout(entries['model.weights.h5']!)).toEqual({
        '/': null,
        '/vars/': null,
        '/layers/': null,
        '/layers/conv2d/': null,
        '/layers/conv2d/vars/': null,
        '/layers/conv2d/vars/0': [3, 3, 2, 4],
        '/layers/conv2d/vars/1': [4],
        '/layers/max_pooling2d/': null,
        '/layers/max_pooling2d/vars/': null,
        '/layers/conv2d_1/': null,
        '/layers/conv2d_1/vars/': null,
        '/layers/conv2d_1/vars/0': [2, 3, 4, 5],
        '/layers/conv2d_1/vars/1': [5],
        '/layers/max_pooling2d_1/': null,
        '/layers/max_pooling2d_1/vars/': null,
        '/layers/flatten/': null,
        '/layers/flatten/vars/': null,
        '/layers/dropout/': null,
        '/layers/dropout/vars/': null,
        '/layers/dense/': null,
        '/layers/dense/vars/': null,
        '/layers/dense/vars/0': [30, 3],
        '/layers/dense/vars/1': [3],
      });
      model.dispose();
    });
  },
  { only: ['cpu'] },
);
