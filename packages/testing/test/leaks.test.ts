import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '@weft/core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  expectNoLeaks,
  leakGuardEnd,
  leakGuardStart,
  resetLeakGuard,
  TensorLeakError,
} from '../src/index.js';

// Tensor counting is the engine's, the same on every backend: cpu is enough here.
beforeAll(async () => {
  await useBackend('cpu');
});
afterEach(() => resetLeakGuard());

describe('leakGuardStart / leakGuardEnd', () => {
  it('throws TensorLeakError naming the count when a body leaves tensors behind', () => {
    leakGuardStart();
    const a = tf.ones([2]);
    const b = tf.zeros([2]);
    let error: unknown;
    try {
      leakGuardEnd('my test');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TensorLeakError);
    expect((error as TensorLeakError).leaked).toBe(2);
    expect((error as TensorLeakError).code).toBe('TENSOR_LEAK');
    expect((error as Error).message).toMatch(/^my test: 2 tensor\(s\) were created and not disposed\./);
    tf.dispose([a, b]);
  });

  it('passes when the body disposes what it made, or frees more than it made', () => {
    const old = tf.ones([1]);
    leakGuardStart();
    tf.dispose(tf.tidy(() => tf.add(tf.ones([2]), 1)));
    old.dispose();
    expect(() => leakGuardEnd()).not.toThrow();
  });

  it('counts variables too', () => {
    leakGuardStart();
    const v = tf.tidy(() => tf.variable(tf.zeros([2])));
    expect(() => leakGuardEnd()).toThrow(TensorLeakError);
    v.dispose();
  });

  it('nests: each end is compared with its own start', () => {
    leakGuardStart(); // outer
    const outerLeak = tf.ones([1]);
    leakGuardStart(); // inner
    tf.dispose(tf.ones([1]));
    expect(() => leakGuardEnd('inner')).not.toThrow();
    expect(() => leakGuardEnd('outer')).toThrow(/outer: 1 tensor/);
    outerLeak.dispose();
  });

  it('an end without a start does nothing', () => {
    const t = tf.ones([1]);
    expect(() => leakGuardEnd()).not.toThrow();
    t.dispose();
  });
});

describe('expectNoLeaks', () => {
  it('returns what the function returns, sync or async', async () => {
    expect(await expectNoLeaks(() => 3)).toBe(3);
    const sum = await expectNoLeaks(async () => {
      const t = tf.tensor1d([1, 2, 3]);
      const s = tf.sum(t);
      const value = (await s.data())[0];
      tf.dispose([t, s]);
      return value;
    });
    expect(sum).toBe(6);
  });

  it('rejects with TensorLeakError when the function leaks, including tensors it returns', async () => {
    let kept: tf.Tensor | undefined;
    await expect(
      expectNoLeaks(async () => {
        kept = tf.ones([4]);
        return kept;
      }, 'predict'),
    ).rejects.toThrow(/^predict: 1 tensor\(s\)/);
    kept?.dispose();
  });
});

describe('describeBackends with the leak guard', () => {
  it('fails a leaking test body and passes a clean one (run in a child vitest)', () => {
    const root = fileURLToPath(new URL('..', import.meta.url));
    const out = join(mkdtempSync(join(tmpdir(), 'weft-leak-')), 'report.json');
    const child = spawnSync(
      process.execPath,
      [
        join(root, 'node_modules/vitest/vitest.mjs'),
        'run',
        '--config',
        'test/fixtures/leak-guard.config.ts',
        '--reporter=json',
        `--outputFile=${out}`,
      ],
      { cwd: root, env: { ...process.env, WEFT_BACKENDS: 'cpu' }, encoding: 'utf8', timeout: 60_000 },
    );
    expect(child.status, child.stderr).toBe(1);
    const report = JSON.parse(readFileSync(out, 'utf8')) as {
      testResults: { assertionResults: { title: string; status: string; failureMessages: string[] }[] }[];
    };
    const results = report.testResults.flatMap((file) => file.assertionResults);
    const leaking = results.find((r) => r.title === 'leaks a tensor');
    const clean = results.find((r) => r.title === 'disposes what it makes');
    expect(leaking?.status).toBe('failed');
    expect(leaking?.failureMessages.join('\n')).toMatch(
      /TensorLeakError: leak guard: 1 tensor\(s\) were created/,
    );
    expect(clean?.status).toBe('passed');
  });
});
