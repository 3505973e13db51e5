import type * as tf from '@tensorflow/tfjs-core';
import { replaceKernel } from './replace-kernel.js';

/**
 * Fixes for tfjs-backend-webgpu 4.22 kernels, registered when the webgpu backend is activated.
 *
 * AddN: the webgpu kernel binds every input as its own storage buffer, but WebGPU allows only
 * `maxStorageBuffersPerShaderStage` (8 by default) per shader. With 8 or more inputs the pipeline
 * is invalid and the result silently stays zeros (seen on Dawn: "number of storage buffers (9) in
 * the Compute stage exceeds the maximum per-stage limit (8)"). The fix sums the inputs in chunks
 * that fit, then sums the partial results, with the original kernel each time.
 */
let patched = false;

export function patchWebgpuKernels(): void {
  if (patched) return;
  patched = replaceKernel('AddN', 'webgpu', ({ inputs, backend, attrs }, originalFunc) => {
    const tensors = inputs as unknown as tf.TensorInfo[];
    const limits = (
      backend as unknown as { device?: { limits?: { maxStorageBuffersPerShaderStage?: number } } }
    ).device?.limits;
    // One buffer is the output; keep at least two inputs per chunk.
    const maxInputs = Math.max(2, (limits?.maxStorageBuffersPerShaderStage ?? 8) - 1);
    const sum = (group: tf.TensorInfo[]): tf.TensorInfo =>
      originalFunc({ inputs: group as unknown as tf.NamedTensorInfoMap, backend, attrs }) as tf.TensorInfo;
    const created: tf.TensorInfo[] = [];
    let level = tensors;
    while (level.length > maxInputs) {
      const next: tf.TensorInfo[] = [];
      for (let i = 0; i < level.length; i += maxInputs) {
        const group = level.slice(i, i + maxInputs);
        if (group.length === 1) next.push(group[0] as tf.TensorInfo);
        else {
          const partial = sum(group);
          created.push(partial);
          next.push(partial);
        }
      }
      level = next;
    }
    const result = sum(level);
    for (const t of created) (backend as tf.KernelBackend).disposeData(t.dataId);
    return result;
  });
}
