import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { BackendUnavailableError, ConfigError } from '../errors.js';
import { useBackend } from './index.js';

const root = fileURLToPath(new URL('../../../..', import.meta.url));
const child = fileURLToPath(new URL('./__fixtures__/wasm-threads-child.ts', import.meta.url));

/** Runs the child with `threads` wasm threads; it must end by itself within the timeout. */
function runChild(threads: number): { reason: string; values: number[]; batched: number[]; simd: boolean } {
  const run = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', child], {
    cwd: root,
    env: { ...process.env, THREADS: String(threads) },
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(run.error, 'the child process did not end by itself').toBeUndefined();
  expect(run.status, run.stderr).toBe(0);
  const line = run.stdout.split('\n').find((l) => l.startsWith('{'));
  return JSON.parse(line ?? '{}');
}

describe('wasm threads in Node', () => {
  it('runs the threaded build with the threads asked for, and the process still ends by itself', () => {
    const two = runChild(2);
    const one = runChild(1);
    expect(two.reason).toContain('2 threads');
    expect(one.reason).toContain('1 thread');
    expect(two.values).toHaveLength(64);
    // Threads split the output, not the sums: each element is the same float32 result.
    for (const [i, v] of two.values.entries()) expect(v).toBeCloseTo(one.values[i] as number, 4);
    // The batched product runs on the main thread in both, on a shared memory with two threads.
    expect([one.simd, two.simd]).toEqual([true, true]);
    expect(two.batched).toHaveLength(64);
    expect(two.batched).toEqual(one.batched);
  }, 120_000);

  it('rejects a thread count the build cannot give', async () => {
    for (const threads of [0, 1.5, 9]) {
      await expect(useBackend('wasm', { threads })).rejects.toThrow(ConfigError);
    }
  });

  it('keeps the pool fixed once the backend runs, and says how to choose it', async () => {
    const info = await useBackend('wasm', { threads: 2 });
    expect(info.reason).toContain('2 threads');
    const before = tf.memory().numTensors;
    tf.tidy(() => tf.matMul(tf.ones([64, 64]), tf.ones([64, 64])).dataSync());
    expect(tf.memory().numTensors).toBe(before);
    await expect(useBackend('wasm', { threads: 1 })).rejects.toThrow(BackendUnavailableError);
    await expect(useBackend('wasm', { threads: 1 })).rejects.toThrow(/first useBackend\("wasm"\)/);
    // Without an explicit count it just activates the running backend.
    expect((await useBackend('wasm')).name).toBe('wasm');
  });
});
