import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { type ArrayKernel, hasArrayKernel, registerArrayKernel } from './array-kernel.js';
import { useBackend } from './index.js';

/** out0 = a·x + y and out1 = x (copied), to check two inputs, two outputs and attributes. */
const axpy: ArrayKernel = {
  name: 'WeftTestAxpy',
  outputShapes: ([x]) => [x as number[], x as number[]],
  compute([x, y], [out, copy], _shapes, attrs) {
    const a = attrs.a as number;
    for (let i = 0; i < (x as Float32Array).length; i++) {
      (out as Float32Array)[i] = a * (x as Float32Array)[i]! + (y as Float32Array)[i]!;
      (copy as Float32Array)[i] = (x as Float32Array)[i]!;
    }
  },
};

describe.each(['cpu', 'wasm'] as const)('array kernels on %s', (backend) => {
  it('runs, returns fresh outputs, leaves inputs alone and leaks nothing', async () => {
    await useBackend(backend, backend === 'wasm' ? { threads: 1 } : {});
    registerArrayKernel(axpy);
    registerArrayKernel(axpy); // a second registration is a no-op, not an error
    expect(hasArrayKernel('WeftTestAxpy')).toBe(true);
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    const y = tf.tensor2d([10, 20, 30, 40, 50, 60], [2, 3]);
    const before = tf.memory().numTensors;
    const [out, copy] = tf.engine().runKernel('WeftTestAxpy', { x, y }, { a: 2 }) as tf.Tensor[];
    expect(out?.shape).toEqual([2, 3]);
    expect(Array.from(await (out as tf.Tensor).data())).toEqual([12, 24, 36, 48, 60, 72]);
    expect(Array.from(await (copy as tf.Tensor).data())).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(await x.data())).toEqual([1, 2, 3, 4, 5, 6]);
    tf.dispose([out as tf.Tensor, copy as tf.Tensor]);
    expect(tf.memory().numTensors).toBe(before);
    // Outputs start zeroed, even where the wasm heap reuses a freed block that held other values.
    tf.ones([4096]).dispose();
    registerArrayKernel({ name: 'WeftTestNothing', outputShapes: () => [[4096]], compute() {} });
    const blank = tf.engine().runKernel('WeftTestNothing', { x }, {}) as tf.Tensor;
    expect((await blank.data()).every((v) => v === 0)).toBe(true);
    tf.dispose([x, y, blank]);
  });

  it('refuses non-float32 inputs', async () => {
    await useBackend(backend, backend === 'wasm' ? { threads: 1 } : {});
    registerArrayKernel(axpy);
    const x = tf.tensor1d([1, 2], 'int32');
    expect(() => tf.engine().runKernel('WeftTestAxpy', { x, y: x }, { a: 1 })).toThrow(/float32 inputs only/);
    x.dispose();
  });
});
