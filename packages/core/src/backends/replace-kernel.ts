import * as tf from '@tensorflow/tfjs-core';

/**
 * Replaces a backend's registered kernel by `kernelFunc`, which receives the original to call for
 * the cases it does not handle. Returns false (changing nothing) when no such kernel is registered.
 */
export function replaceKernel(
  kernelName: string,
  backendName: string,
  kernelFunc: (args: Parameters<tf.KernelFunc>[0], original: tf.KernelFunc) => ReturnType<tf.KernelFunc>,
): boolean {
  const original = tf.getKernel(kernelName, backendName);
  if (!original) return false;
  tf.unregisterKernel(kernelName, backendName);
  tf.registerKernel({ ...original, kernelFunc: (args) => kernelFunc(args, original.kernelFunc) });
  return true;
}
