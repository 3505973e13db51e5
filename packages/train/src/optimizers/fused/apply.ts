import * as tf from '@tensorflow/tfjs-core';
import { hasArrayKernel } from '@weft/core';
import { ensureFusedOptimizerKernels } from './kernels.js';

/** One step's fused update: the kernel (see kernels.ts) and the constants its rule reads. */
export interface FusedStep {
  kernelName: string;
  attrs: tf.NamedAttrMap;
}

/**
 * Above this many elements the wasm backend's own SIMD elementwise ops beat one exact JS loop
 * (measured: Adam on a 784×64 kernel 0.40 ms composite vs 0.55 ms fused, one thread; fused wins
 * below ≈ 16k elements, where per-op overhead dominates), so larger variables keep the ops there.
 */
export const WASM_FUSED_MAX_SIZE = 16_384;

/** True when the active backend has the fused kernel (cpu and wasm, registered on first call). */
export function hasFusedKernel(kernelName: string): boolean {
  ensureFusedOptimizerKernels();
  return hasArrayKernel(kernelName);
}

/**
 * Updates `variable` and its slots with one fused kernel call, or returns false (changing
 * nothing) when a tensor is not float32 or not of the variable's shape, or is large on wasm: the
 * composite ops then handle it as they always did (casting, broadcasting or throwing).
 */
export function applyFused(
  step: FusedStep,
  variable: tf.Variable,
  gradient: tf.Tensor,
  slots: tf.Variable[],
): boolean {
  if (variable.size > WASM_FUSED_MAX_SIZE && tf.getBackend() === 'wasm') return false;
  const fits = (t: tf.Tensor) => t.dtype === 'float32' && tf.util.arraysEqual(t.shape, variable.shape);
  if (!fits(variable) || !fits(gradient) || !slots.every(fits)) return false;
  tf.tidy(() => {
    // The kernel takes its inputs in this order (array kernels read them positionally).
    const inputs: tf.NamedTensorMap = { variable, gradient };
    slots.forEach((slot, i) => {
      inputs[`slot${i}`] = slot;
    });
    const out = tf.engine().runKernel<tf.Tensor | tf.Tensor[]>(step.kernelName, inputs, step.attrs);
    // A kernel with one output (SGD's) returns it bare.
    const [next, ...nextSlots] = Array.isArray(out) ? out : [out];
    variable.assign(next as tf.Tensor);
    slots.forEach((slot, i) => {
      slot.assign(nextSlots[i] as tf.Tensor);
    });
  });
  return true;
}
