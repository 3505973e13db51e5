import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { Dense } from '@weft/layers';
import { describeBackends } from '@weft/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { linearData } from '../../test/helpers.js';
import { fit } from '../fit.js';
import { csvLogger, jsonLogger } from './loggers.js';

let root = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'weft-train-log-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

await describeBackends(
  'loggers',
  () => {
    const train = async (epochs: number, callbacks: Parameters<typeof fit>[2]['callbacks']) => {
      const { x, y } = linearData(1, 20);
      const xs = tf.tensor2d(x);
      const ys = tf.tensor2d(y);
      const model = new Dense({ units: 1, inputShape: [null, 2], seed: 1 });
      const history = await fit(
        model,
        { x: xs, y: ys },
        {
          loss: 'mse',
          epochs,
          validationSplit: 0.2,
          metrics: ['mae'],
          verbose: 0,
          callbacks,
        },
      );
      tf.dispose([xs, ys]);
      model.dispose();
      return history;
    };

    it('csvLogger writes a header and one row per epoch, and appends on request', async () => {
      const path = join(root, 'log.csv');
      const history = await train(3, [csvLogger({ path })]);
      const lines = (await readFile(path, 'utf8')).trim().split('\n');
      expect(lines[0]).toBe('epoch,loss,mae,valLoss,valMae');
      expect(lines).toHaveLength(4);
      expect(lines[3]).toBe(
        `2,${history.history.loss?.[2]},${history.history.mae?.[2]},${history.history.valLoss?.[2]},${history.history.valMae?.[2]}`,
      );
      await train(2, [csvLogger({ path, append: true })]);
      expect((await readFile(path, 'utf8')).trim().split('\n')).toHaveLength(6);
      await train(1, [csvLogger({ path })]);
      expect((await readFile(path, 'utf8')).trim().split('\n')).toHaveLength(2);
    });

    it('jsonLogger rewrites the whole history atomically; both accept a write function', async () => {
      const path = join(root, 'history.json');
      const history = await train(2, [jsonLogger({ path })]);
      expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(JSON.parse(JSON.stringify(history.toJSON())));
      expect((await readdir(root)).filter((f) => f.includes('.tmp-'))).toEqual([]);
      const texts: string[] = [];
      await train(2, [
        csvLogger({ write: (t) => void texts.push(t) }),
        jsonLogger({ write: (t) => void texts.push(t) }),
      ]);
      expect(texts[0]).toMatch(/^epoch,loss,mae,valLoss,valMae\n0,/);
      expect(JSON.parse(texts[texts.length - 1] as string).epoch).toEqual([0, 1]);
      expect(() => csvLogger({})).toThrow(/exactly one of path and write/);
    });
  },
  { only: ['cpu'] },
);
