import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BackendUnavailableError, ConfigError, isWeftError } from '../errors.js';
import '../setup.js';
import { BACKEND_NAMES, currentBackend, listBackends, useBackend } from './index.js';
import type { ImportModule } from './types.js';

/**
 * The tfjs-node path, with injected fake modules: the real packages download libtensorflow when
 * installed, which these machines cannot do. A fake "tfjs-node" registers a backend named
 * 'tensorflow' (tfjs' cpu kernels under that name) when imported, as the real one does. Every
 * importer here refuses 'webgpu', so this file never starts Dawn (that is webgpu.test.ts' job).
 */
const GPU = '@tensorflow/tfjs-node-gpu';
const CPU = '@tensorflow/tfjs-node';

function notFound(specifier: string): Error {
  return Object.assign(new Error(`Cannot find package '${specifier}' imported from /app/index.js`), {
    code: 'ERR_MODULE_NOT_FOUND',
  });
}

function registerFakeTensorflow(): void {
  if (tf.findBackendFactory('tensorflow')) return; // a module registers once, on first import
  tf.registerBackend('tensorflow', () => new MathBackendCPU());
  for (const kernel of tf.getKernelsForBackend('cpu'))
    tf.registerKernel({ ...kernel, backendName: 'tensorflow' });
}

/** An importer where the listed packages import (running `onImport`) and the rest are missing. */
function importer(installed: Record<string, () => unknown>): ImportModule {
  return async (specifier) => {
    const load = installed[specifier];
    if (load) return load();
    if (specifier === '@tensorflow/tfjs-backend-wasm') return import('@tensorflow/tfjs-backend-wasm');
    throw notFound(specifier);
  };
}

const withGpuPackage = importer({ [GPU]: registerFakeTensorflow });
const withCpuPackage = importer({ [CPU]: registerFakeTensorflow });
const withNeither = importer({});

beforeAll(async () => {
  await useBackend('cpu');
});

afterEach(async () => {
  await tf.setBackend('cpu');
  if (tf.findBackendFactory('tensorflow')) {
    for (const kernel of tf.getKernelsForBackend('tensorflow'))
      tf.unregisterKernel(kernel.kernelName, 'tensorflow');
    tf.removeBackend('tensorflow');
  }
});

async function tensorflowRow(importModule: ImportModule) {
  const rows = await listBackends({ importModule });
  return rows.find((r) => r.name === 'tensorflow');
}

describe('tensorflow backend (tfjs-node), injected modules', () => {
  it('is unavailable when neither package is installed, and says what to install', async () => {
    const row = await tensorflowRow(withNeither);
    expect(row).toMatchObject({ name: 'tensorflow', available: false, device: null, software: false });
    expect(row?.reason).toContain(`${GPU} is not installed`);
    expect(row?.reason).toContain(`${CPU} is not installed`);

    const attempt = useBackend('tensorflow', { importModule: withNeither });
    await expect(attempt).rejects.toBeInstanceOf(BackendUnavailableError);
    const error = await attempt.catch((e: unknown) => e);
    expect(isWeftError(error, 'BACKEND_UNAVAILABLE')).toBe(true);
    expect((error as Error).message).toMatch(/^useBackend: the tensorflow backend is not available here\./);
    expect((error as Error).message).toContain(GPU);
    expect((error as Error).message).toContain(CPU);
    expect(currentBackend()).toBe('cpu');
  });

  it('recognises a missing module in the words Vite uses too', async () => {
    const viteStyle: ImportModule = async (s) => {
      throw new Error(`Could not resolve "${s}" imported by "@weft/core".`);
    };
    expect((await tensorflowRow(viteStyle))?.reason).toContain(`${GPU} is not installed`);
  });

  it('reports a package that is installed but fails to load, with the first line of the error', async () => {
    const broken = importer({
      [GPU]: () => {
        throw new Error('libcudart.so.11.0: cannot open shared object file\n    at Module._load');
      },
    });
    const row = await tensorflowRow(broken);
    expect(row?.available).toBe(false);
    expect(row?.reason).toContain(
      `${GPU} failed to load: libcudart.so.11.0: cannot open shared object file;`,
    );
    expect(row?.reason).not.toContain('Module._load');
  });

  it('explains a second copy of tfjs-core when the package registers no backend here', async () => {
    const row = await tensorflowRow(importer({ [GPU]: () => ({}) }));
    expect(row?.available).toBe(false);
    expect(row?.reason).toMatch(/registered no "tensorflow" backend.*Deduplicate @tensorflow\/tfjs-core/);
  });

  it('with tfjs-node-gpu: available on the CUDA GPU, activates, and computes', async () => {
    const row = await tensorflowRow(withGpuPackage);
    expect(row).toEqual({
      name: 'tensorflow',
      available: true,
      reason: `native TensorFlow via ${GPU}`,
      device: 'CUDA GPU (libtensorflow)',
      software: false,
    });
    const info = await useBackend('tensorflow', { importModule: withGpuPackage });
    expect(info.device).toBe('CUDA GPU (libtensorflow)');
    expect(currentBackend()).toBe('tensorflow');
    const y = tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]]));
    expect(Array.from(await y.data())).toEqual([11]);
    tf.dispose(y);
  });

  it("with tfjs-node-gpu: 'auto' picks it over wasm", async () => {
    const info = await useBackend('auto', { importModule: withGpuPackage });
    expect(info.name).toBe('tensorflow');
    expect(currentBackend()).toBe('tensorflow');
  });

  it("with tfjs-node only: runs on the CPU through libtensorflow, and 'auto' still ranks it above wasm", async () => {
    expect((await tensorflowRow(withCpuPackage))?.device).toBe('CPU (libtensorflow)');
    const info = await useBackend('auto', { importModule: withCpuPackage });
    expect(info).toMatchObject({ name: 'tensorflow', device: 'CPU (libtensorflow)' });
  });

  it("without it: 'auto' falls back to wasm", async () => {
    const info = await useBackend('auto', { importModule: withNeither });
    expect(info.name).toBe('wasm');
    expect(currentBackend()).toBe('wasm');
  });
});

describe('useBackend names', () => {
  it('knows the five candidates, in the order auto prefers them', () => {
    expect(BACKEND_NAMES).toEqual(['webgpu', 'tensorflow', 'webgl', 'wasm', 'cpu']);
  });

  it('an unknown name is a ConfigError with a suggestion', async () => {
    const attempt = useBackend('wsam' as never);
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toThrow(/Received: name="wsam"\. Did you mean 'wasm'\?/);
  });

  it('webgl is unavailable in Node, with the reason', async () => {
    const attempt = useBackend('webgl', { importModule: withNeither });
    await expect(attempt).rejects.toThrow(/webgl backend is not available here.*WebGL needs a browser/);
  });
});
