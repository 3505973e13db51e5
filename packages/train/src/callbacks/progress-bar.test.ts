import * as tf from '@tensorflow/tfjs-core';
import { Dense } from '@weft/layers';
import { describeBackends } from '@weft/testing';
import { expect, it } from 'vitest';
import { linearData } from '../../test/helpers.js';
import { fit } from '../fit.js';
import { barLine, progressBar } from './progress-bar.js';
import { type ProgressEvent, progressEvents } from './progress-events.js';

await describeBackends(
  'progress',
  () => {
    const train = async (callbacks: NonNullable<Parameters<typeof fit>[2]['callbacks']>) => {
      const { x, y } = linearData(1, 40);
      const xs = tf.tensor2d(x);
      const ys = tf.tensor2d(y);
      const model = new Dense({ units: 1, inputShape: [null, 2], seed: 1 });
      await fit(model, { x: xs, y: ys }, { loss: 'mse', epochs: 2, batchSize: 10, verbose: 0, callbacks });
      tf.dispose([xs, ys]);
      model.dispose();
    };

    it('emits epoch boundaries and throttled steps with an ETA, ending each epoch on its last step', async () => {
      const events: ProgressEvent[] = [];
      await train([progressEvents((e) => events.push(e), { intervalMs: 0 })]);
      expect(events.map((e) => e.type)).toEqual([
        'trainBegin',
        ...['epochBegin', 'batchEnd', 'batchEnd', 'batchEnd', 'batchEnd', 'epochEnd'],
        ...['epochBegin', 'batchEnd', 'batchEnd', 'batchEnd', 'batchEnd', 'epochEnd'],
        'trainEnd',
      ]);
      const last = events[5] as Extract<ProgressEvent, { type: 'batchEnd' }>;
      expect(last).toMatchObject({ epoch: 0, epochs: 2, step: 3, steps: 4, etaSeconds: 0 });
      const end = events[6] as Extract<ProgressEvent, { type: 'epochEnd' }>;
      expect(Object.keys(end.logs)).toEqual(['loss']);
      const throttled: ProgressEvent[] = [];
      await train([progressEvents((e) => throttled.push(e), { intervalMs: 60_000 })]);
      // The first and the last step of each epoch report; the ones between fall in the interval.
      expect(throttled.filter((e) => e.type === 'batchEnd').map((e) => (e as { step: number }).step)).toEqual(
        [0, 3, 0, 3],
      );
    });

    it('draws a live bar on a TTY and one line per epoch elsewhere', async () => {
      const tty: string[] = [];
      await train([
        progressBar({ stream: { isTTY: true, columns: 200, write: (t) => tty.push(t) }, intervalMs: 0 }),
      ]);
      const clear = '\r\u001b[2K';
      expect(tty[0]?.startsWith(clear)).toBe(true);
      expect(tty[0]?.slice(clear.length)).toMatch(/^Epoch 1\/2 \[=====> {18}\] 1\/4 · ETA \d/);
      expect(tty.filter((t) => t.endsWith('\n'))).toHaveLength(2);
      expect(tty.find((t) => t.endsWith('\n'))?.slice(clear.length)).toMatch(
        /^Epoch 1\/2 · loss \d\.\d+ · \d+\.\d\ds\n$/,
      );
      const plain: string[] = [];
      await train([progressBar({ stream: { isTTY: false, write: (t) => plain.push(t) } })]);
      expect(plain).toHaveLength(2);
      expect(plain[1]).toMatch(/^Epoch 2\/2 · loss \d/);
    });

    it('formats streams without a known length as a step count', () => {
      const line = barLine({
        type: 'batchEnd',
        epoch: 0,
        epochs: 10,
        step: 41,
        steps: null,
        elapsedSeconds: 75,
        etaSeconds: null,
        loss: 0.5,
      });
      expect(line).toBe('Epoch  1/10 step 42 · 1m15s · loss 0.5000');
    });
  },
  { only: ['cpu'] },
);
