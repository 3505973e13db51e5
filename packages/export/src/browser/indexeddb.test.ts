import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, FormatError, NotFoundError } from '@weft/core';
import { describeBackends, expectClose } from '@weft/testing';
import { IDBFactory } from 'fake-indexeddb';
import { expect, it } from 'vitest';
import { housePipeline, ZOO } from '../../test/zoo.js';
import { IDB_DATABASE, IDB_STORE, loadFromIndexedDB, saveToIndexedDB } from './indexeddb.js';

const cnn = () => ZOO.find((e) => e.name.startsWith('cnn'))!;

await describeBackends(
  'saveToIndexedDB / loadFromIndexedDB',
  () => {
    for (const format of ['weft', 'keras', 'tfjs'] as const) {
      it(`${format}: a stored CNN loads back with bit-identical predictions`, async () => {
        const indexedDB = new IDBFactory();
        const original = cnn().make();
        const x = cnn().input(2, 3);
        const expected = original.apply(x);
        await saveToIndexedDB(original, 'my-cnn', { format, indexedDB });
        const loaded = await loadFromIndexedDB('my-cnn', { indexedDB });
        expect(loaded).toMatchObject({ format, kind: 'model' });
        if (loaded.kind !== 'model') throw new Error('expected a model');
        const y = loaded.model.apply(x);
        await expectClose(y, expected, { atol: 0, rtol: 0 });
        tf.dispose([x, expected, y]);
        loaded.model.dispose();
        original.dispose();
      });
    }

    it('stores a whole pipeline that predicts raw rows identically; a second save replaces the first', async () => {
      const indexedDB = new IDBFactory();
      const first = await housePipeline(5);
      const second = await housePipeline(6);
      await saveToIndexedDB(first.pipeline, 'house', { indexedDB });
      await saveToIndexedDB(second.pipeline, 'house', { indexedDB });
      const loaded = await loadFromIndexedDB('house', { indexedDB });
      if (loaded.kind !== 'pipeline') throw new Error('expected a pipeline');
      const expected = await second.pipeline.predictRows(second.rows);
      expect(await loaded.pipeline.predictRows(second.rows)).toEqual(expected);
      expect(await first.pipeline.predictRows(second.rows)).not.toEqual(expected);
      for (const p of [first.pipeline, second.pipeline, loaded.pipeline]) p.dispose();
    });

    it('a missing key is a NotFoundError; a record it did not write is a FormatError', async () => {
      const indexedDB = new IDBFactory();
      await expect(loadFromIndexedDB('nothing', { indexedDB })).rejects.toThrow(NotFoundError);
      const model = cnn().make();
      await saveToIndexedDB(model, 'ok', { indexedDB }); // creates the store
      model.dispose();
      await new Promise<void>((resolve, reject) => {
        const req = indexedDB.open(IDB_DATABASE, 1);
        req.onsuccess = () => {
          const tx = req.result.transaction(IDB_STORE, 'readwrite');
          tx.objectStore(IDB_STORE).put({ files: { 'weft.json': 'not bytes' } }, 'garbage');
          tx.objectStore(IDB_STORE).put({ files: { 'weft.json': new Uint8Array([1, 2]) } }, 'broken');
          tx.oncomplete = () => {
            req.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
        req.onerror = () => reject(req.error);
      });
      await expect(loadFromIndexedDB('garbage', { indexedDB })).rejects.toThrow(FormatError);
      await expect(loadFromIndexedDB('broken', { indexedDB })).rejects.toThrow(FormatError);
    });

    it('refuses an empty key, and says so where there is no IndexedDB', async () => {
      const model = cnn().make();
      await expect(saveToIndexedDB(model, '', { indexedDB: new IDBFactory() })).rejects.toThrow(ConfigError);
      await expect(loadFromIndexedDB('x')).rejects.toThrow(/IndexedDB is not available here/);
      model.dispose();
    });
  },
  { only: ['cpu'] },
);
