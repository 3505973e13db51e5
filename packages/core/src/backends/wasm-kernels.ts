import * as tf from '@tensorflow/tfjs-core';

/**
 * Replacements for tfjs-backend-wasm 4.22 kernels, registered when the wasm backend is activated.
 *
 * Identity: the wasm kernel allocates and copies the whole tensor, and tfjs' engine runs it for
 * every tensor it keeps for the backward pass (a training step of a small Transformer calls it
 * ~200 times; a CNN step copies megabytes of activations). Tensors are immutable, so the output
 * can share the input's memory with one more reference, as tfjs' cpu Identity and the wasm
 * Reshape kernel already do.
 */
let patched = false;

interface RefCounting {
  incRef(dataId: tf.DataId): void;
}

export function patchWasmKernels(): void {
  if (patched) return;
  const original = tf.getKernel('Identity', 'wasm');
  if (!original) return;
  patched = true;
  tf.unregisterKernel('Identity', 'wasm');
  tf.registerKernel({
    kernelName: 'Identity',
    backendName: 'wasm',
    kernelFunc: (args) => {
      const x = args.inputs.x as tf.TensorInfo;
      // Strings live in JS, not the heap: the original handles them.
      if (x.dtype === 'string') return original.kernelFunc(args);
      (args.backend as unknown as RefCounting).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    },
  });
}
