import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@weft/core';
import { getWeights } from '@weft/layers';

/** y = 2·x0 − x1 + 0.5 + small noise. */
export function linearData(seed = 3, n = 64): { x: number[][]; y: number[][] } {
  const rng = new Rng(seed);
  const x = Array.from({ length: n }, () => [rng.uniform(-1, 1), rng.uniform(-1, 1)]);
  const y = x.map(([a, b]) => [2 * (a as number) - (b as number) + 0.5 + rng.normal(0, 0.01)]);
  return { x, y };
}

/** Three Gaussian blobs in 2-D with labels 0, 1, 2 (well separated). */
export function blobs(seed = 1, perClass = 20): { x: number[][]; labels: number[] } {
  const rng = new Rng(seed);
  const centers = [
    [-2, 0],
    [2, 0],
    [0, 2.5],
  ];
  const x: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < perClass; i++) {
    for (const [c, center] of centers.entries()) {
      x.push([(center[0] as number) + rng.normal(0, 0.5), (center[1] as number) + rng.normal(0, 0.5)]);
      labels.push(c);
    }
  }
  return { x, labels };
}

/** Every weight's values, as plain arrays (for exact comparisons). */
export async function weightValues(model: { weights: tf.Variable[] }): Promise<number[][]> {
  return Promise.all(model.weights.map(async (w) => Array.from(await w.data())));
}

/** Copies of the model's weights, read back and disposed. */
export async function snapshot(model: Parameters<typeof getWeights>[0]): Promise<number[][]> {
  const copies = getWeights(model);
  const values = await Promise.all(copies.map(async (t) => Array.from(await t.data())));
  tf.dispose(copies);
  return values;
}

/** A TrainingControl stand-in for driving a callback's hooks by hand. */
export function fakeControl(init: { learningRate?: number; epochs?: number } = {}) {
  const state = {
    stopped: false,
    reason: undefined as string | undefined,
    learningRate: init.learningRate ?? 0.1,
  };
  const control = {
    stop(reason?: string) {
      state.stopped = true;
      state.reason ??= reason;
    },
    get stopped() {
      return state.stopped;
    },
    get learningRate() {
      return state.learningRate;
    },
    set learningRate(value: number) {
      state.learningRate = value;
    },
    epochs: init.epochs ?? 10,
    stepsPerEpoch: 4,
    globalStep: 0,
  };
  return { control: control as unknown as import('../src/callbacks.js').TrainingControl, state };
}
