import * as tf from '@tensorflow/tfjs-core';

/**
 * The leak guard. tfjs tensors are freed only by `dispose`, so a test that forgets one hides a
 * leak that grows with every training step. These helpers compare the live-tensor count.
 */
let started: number[] = [];

export class TensorLeakError extends Error {
  readonly code = 'TENSOR_LEAK';
  constructor(
    readonly leaked: number,
    where: string,
  ) {
    super(
      `${where}: ${leaked} tensor(s) were created and not disposed. Expected the live-tensor count to be unchanged. ` +
        'Wrap synchronous work in tf.tidy and dispose tensors you own (including results of predict and toTensor).',
    );
    this.name = 'TensorLeakError';
  }
}

export function leakGuardStart(): void {
  started.push(tf.memory().numTensors);
}

export function leakGuardEnd(where = 'leak guard'): void {
  const before = started.pop();
  if (before === undefined) return;
  const leaked = tf.memory().numTensors - before;
  if (leaked > 0) throw new TensorLeakError(leaked, where);
}

/** Resets the guard's stack (for tests of the guard itself). */
export function resetLeakGuard(): void {
  started = [];
}

/**
 * Runs `fn` (sync or async) and throws {@link TensorLeakError} if it leaves more live tensors
 * than it found. Returns what `fn` returned; tensors in the result count as leaks unless you
 * dispose them inside `fn`, so check values there.
 */
export async function expectNoLeaks<T>(fn: () => T | Promise<T>, where = 'expectNoLeaks'): Promise<T> {
  const before = tf.memory().numTensors;
  const result = await fn();
  const leaked = tf.memory().numTensors - before;
  if (leaked > 0) throw new TensorLeakError(leaked, where);
  return result;
}
