import * as tf from '@tensorflow/tfjs-core';

/**
 * Memory helpers. tfjs tensors live outside the garbage collector (on wasm and GPU backends they
 * hold device memory), so every tensor is disposed explicitly: synchronous work inside {@link tidy},
 * tensors that outlive a scope through {@link dispose}. The test-time leak guard is in
 * `@weft/testing`.
 */
export const tidy = tf.tidy;
export const keep = tf.keep;

type Disposable =
  | tf.TensorContainer
  | { dispose(): void }
  | ReadonlyMap<unknown, Disposable>
  | readonly Disposable[]
  | { readonly [key: string]: Disposable }
  | null
  | undefined;

/** Disposes tensors found in arrays, plain objects and maps, and anything with `dispose()`. */
export function dispose(...items: Disposable[]): void {
  for (const item of items) disposeOne(item, 0);
}

function disposeOne(item: unknown, depth: number): void {
  if (item == null || depth > 8) return;
  if (item instanceof tf.Tensor) {
    if (!item.isDisposed) item.dispose();
    return;
  }
  if (Array.isArray(item)) {
    for (const child of item) disposeOne(child, depth + 1);
    return;
  }
  if (item instanceof Map) {
    for (const child of item.values()) disposeOne(child, depth + 1);
    return;
  }
  if (typeof item === 'object') {
    const maybe = item as { dispose?: unknown };
    if (typeof maybe.dispose === 'function') {
      (maybe.dispose as () => void).call(item);
      return;
    }
    if (Object.getPrototypeOf(item) === Object.prototype) {
      for (const child of Object.values(item)) disposeOne(child, depth + 1);
    }
  }
}

/** Live tensor count: the figure the leak guard compares before and after. */
export function numTensors(): number {
  return tf.memory().numTensors;
}
