import * as tf from '@tensorflow/tfjs-core';
import { FormatError, NotFoundError } from '@weft/core';
import { describeBackends, expectClose } from '@weft/testing';
import { expect, it } from 'vitest';
import { housePipeline, ZOO } from '../../test/zoo.js';
import type { Files } from '../files.js';
import { toFiles } from '../save.js';
import { loadFromUrl } from './url.js';

const cnn = () => ZOO.find((e) => e.name.startsWith('cnn'))!;

/** A stand-in for a static file server: serves `files` under `root`, 404 for anything else, and logs requests. */
function server(root: string, files: Files) {
  const requested: string[] = [];
  const fetch = (async (input: RequestInfo | URL) => {
    const url = String(input);
    requested.push(url);
    const bytes = url.startsWith(root) ? files[url.slice(root.length)] : undefined;
    return bytes
      ? new Response(bytes as Uint8Array<ArrayBuffer>, { status: 200 })
      : new Response('not found', { status: 404 });
  }) as typeof globalThis.fetch;
  return { fetch, requested };
}

await describeBackends(
  'loadFromUrl',
  () => {
    for (const format of ['weft', 'tfjs'] as const) {
      it(`${format}: loads a served directory (with or without the trailing slash) identically`, async () => {
        const model = cnn().make();
        const x = cnn().input(2, 5);
        const expected = model.apply(x);
        const { fetch } = server('https://models.test/cnn/', await toFiles(model, { format }));
        for (const url of ['https://models.test/cnn/', 'https://models.test/cnn']) {
          const loaded = await loadFromUrl(url, { fetch });
          expect(loaded).toMatchObject({ format, kind: 'model' });
          if (loaded.kind !== 'model') throw new Error('expected a model');
          const y = loaded.model.apply(x);
          await expectClose(y, expected, { atol: 0, rtol: 0 });
          y.dispose();
          loaded.model.dispose();
        }
        tf.dispose([x, expected]);
        model.dispose();
      });
    }

    it('loads a served pipeline with its preprocessing, and a single .keras file', async () => {
      const { pipeline, rows } = await housePipeline(7);
      const dir = server('https://models.test/house/', await toFiles(pipeline));
      const loaded = await loadFromUrl('https://models.test/house/', { fetch: dir.fetch });
      if (loaded.kind !== 'pipeline') throw new Error('expected a pipeline');
      expect(await loaded.pipeline.predictRows(rows)).toEqual(await pipeline.predictRows(rows));
      expect(dir.requested).toContain('https://models.test/house/preprocess.json');
      loaded.pipeline.dispose();

      const keras = server('https://models.test/', await toFiles(pipeline.model, { format: 'keras' }));
      const fromFile = await loadFromUrl('https://models.test/model.keras', { fetch: keras.fetch });
      expect(fromFile).toMatchObject({ format: 'keras', kind: 'model' });
      expect(keras.requested).toEqual(['https://models.test/model.keras']);
      if (fromFile.kind === 'model') fromFile.model.dispose();
      pipeline.dispose();
    });

    it('missing files are NotFoundErrors, damaged ones FormatErrors, and nothing leaks', async () => {
      const model = cnn().make();
      const files = await toFiles(model);
      model.dispose();
      const root = 'https://models.test/m/';
      await expect(loadFromUrl(root, { fetch: server(root, {}).fetch })).rejects.toThrow(NotFoundError);
      await expect(loadFromUrl(`${root}model.keras`, { fetch: server(root, {}).fetch })).rejects.toThrow(
        /HTTP 404/,
      );
      const noWeights = { 'weft.json': files['weft.json']! };
      await expect(loadFromUrl(root, { fetch: server(root, noWeights).fetch })).rejects.toThrow(
        NotFoundError,
      );
      const weights = files['weights.safetensors']!;
      const truncated = { ...files, 'weights.safetensors': weights.subarray(0, weights.length - 9) };
      await expect(loadFromUrl(root, { fetch: server(root, truncated).fetch })).rejects.toThrow(FormatError);
    });
  },
  { only: ['cpu'] },
);
