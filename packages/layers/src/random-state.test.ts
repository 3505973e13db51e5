import * as tf from '@tensorflow/tfjs-core';
import type { RngState } from '@weft/core';
import { describeBackends } from '@weft/testing';
import { expect, it } from 'vitest';
import { Dense } from './dense.js';
import { Dropout } from './dropout.js';
import { sequential } from './sequential.js';
import { TransformerEncoderLayer } from './transformer-encoder-layer.js';

/**
 * Dropout layer, a Transformer block's own dropout and its attention's: three streams. Named, so
 * every instance has the same keys (auto names count up within a process).
 */
function model(seed: number) {
  return sequential(
    [
      new Dense({ name: 'proj', units: 4 }),
      new Dropout({ name: 'drop', rate: 0.5 }),
      new TransformerEncoderLayer({ name: 'block', numHeads: 2, ffDim: 8, dropout: 0.3 }),
    ],
    { seed, inputShape: [null, 3, 4] },
  );
}

async function trainingCall(m: ReturnType<typeof model>, x: tf.Tensor): Promise<number[]> {
  const y = m.apply(x, { training: true });
  const values = Array.from(await y.data());
  y.dispose();
  return values;
}

await describeBackends('getRandomState / setRandomState', () => {
  it('restores the dropout streams: a fresh model continues with the masks of the saved one', async () => {
    const x = tf.ones([2, 3, 4]);
    const a = model(5);
    const first = await trainingCall(a, x);
    const state = a.getRandomState();
    expect(Object.keys(state)).toEqual(['drop/dropout', 'block/dropout', 'block_attention/dropout']);
    expect(a.layers[0]?.getRandomState()).toEqual({});
    const second = await trainingCall(a, x);
    expect(second).not.toEqual(first);

    // Without the state, a fresh model repeats the first call's masks.
    const fresh = model(5);
    expect(await trainingCall(fresh, x)).toEqual(first);
    const restored = model(5);
    restored.setRandomState(state);
    expect(await trainingCall(restored, x)).toEqual(second);
    // State survives JSON (checkpoints store it in trainer.json).
    const viaJson = model(5);
    viaJson.setRandomState(JSON.parse(JSON.stringify(state)) as Record<string, RngState>);
    expect(await trainingCall(viaJson, x)).toEqual(second);
    x.dispose();
    for (const m of [a, fresh, restored, viaJson]) m.dispose();
  });

  it('refuses unknown or missing keys and other seeds with a FormatError, changing nothing', async () => {
    const x = tf.ones([2, 3, 4]);
    const a = model(5);
    await trainingCall(a, x);
    const state = a.getRandomState();
    const target = model(5);
    const before = target.getRandomState();
    const keys = Object.keys(state);
    const last = keys[keys.length - 1] as string;
    const { [last]: _dropped, ...missing } = state;
    const attempts: Record<string, RngState>[] = [
      missing,
      { ...state, 'other/dropout': state[last] as RngState },
      { ...state, [last]: { ...(state[last] as RngState), seed: (state[last] as RngState).seed ^ 1 } },
      { ...state, [last]: { seed: (state[last] as RngState).seed } as RngState },
    ];
    for (const attempt of attempts) {
      expect(() => target.setRandomState(attempt)).toThrow(
        expect.objectContaining({ code: 'FORMAT_ERROR' }) as unknown as Error,
      );
      // The first keys were valid: they must not have been applied either.
      expect(target.getRandomState()).toEqual(before);
    }
    expect(() => target.setRandomState(attempts[2] as Record<string, RngState>)).toThrow(
      new RegExp(`"${last}" belongs to another seed`),
    );
    const otherSeed = model(6);
    expect(() => otherSeed.setRandomState(state)).toThrow(/another seed.*same seed/);
    x.dispose();
    for (const m of [a, target, otherSeed]) m.dispose();
  });
});
