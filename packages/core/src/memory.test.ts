import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { dispose, keep, numTensors, tidy } from './memory.js';
import './setup.js';

// Pure bookkeeping over tfjs' engine, the same on every backend: runs on the default (cpu) one.
describe('dispose', () => {
  it('disposes tensors nested in arrays, plain objects and maps', () => {
    const before = numTensors();
    const a = tf.ones([2]);
    const b = tf.zeros([3]);
    const c = tf.scalar(1);
    const d = tf.scalar(2);
    const e = tf.scalar(3);
    expect(numTensors()).toBe(before + 5);
    dispose({ weights: [a, { bias: b }], extra: new Map([['c', c]]) }, [[d]], e, null, undefined);
    expect(numTensors()).toBe(before);
    expect([a, b, c, d, e].every((t) => t.isDisposed)).toBe(true);
  });

  it('calls dispose() on objects that have one, and tolerates tensors disposed twice', () => {
    const t = tf.ones([2]);
    let calls = 0;
    dispose({ dispose: () => calls++ }, t, [t]);
    expect(calls).toBe(1);
    expect(t.isDisposed).toBe(true);
  });

  it('leaves class instances without dispose() alone', () => {
    class Holder {
      t = tf.ones([1]);
    }
    const holder = new Holder();
    dispose(holder as never);
    expect(holder.t.isDisposed).toBe(false);
    holder.t.dispose();
  });

  it('stops at a depth of 8 so cyclic or absurd structures cannot hang it', () => {
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    expect(() => dispose(cyclic as never)).not.toThrow();
    const t = tf.ones([1]);
    let deep: unknown = t;
    for (let i = 0; i < 12; i++) deep = [deep];
    dispose(deep as never);
    expect(t.isDisposed).toBe(false);
    t.dispose();
  });
});

describe('tidy, keep and numTensors', () => {
  it('tidy frees intermediates, keep survives it', () => {
    const before = numTensors();
    let kept: tf.Tensor | undefined;
    const result = tidy(() => {
      kept = keep(tf.ones([2]));
      return tf.add(tf.ones([2]), tf.ones([2]));
    });
    expect(numTensors()).toBe(before + 2);
    dispose(result, kept);
    expect(numTensors()).toBe(before);
  });
});
