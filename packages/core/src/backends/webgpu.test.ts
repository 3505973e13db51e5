import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BackendUnavailableError } from '../errors.js';
import '../setup.js';
import { currentBackend, listBackends, useBackend } from './index.js';
import type { BackendInfo, ImportModule } from './types.js';

/**
 * Every test that touches WebGPU lives in this one file (one process, one Dawn instance).
 * The order matters: first the tests with Dawn missing (the probe reads `navigator.gpu` before
 * importing Dawn, so they must run before Dawn installs it), then fake adapters, then the real one.
 */
function notFound(specifier: string): Error {
  return Object.assign(new Error(`Cannot find package '${specifier}' imported from /app/index.js`), {
    code: 'ERR_MODULE_NOT_FOUND',
  });
}

/** Real imports, except the packages listed, which fail with `error`. */
function importerWithout(failing: Record<string, (s: string) => Error>): ImportModule {
  return async (specifier) => {
    const fail = failing[specifier];
    if (fail) throw fail(specifier);
    if (specifier === '@tensorflow/tfjs-backend-wasm') return import('@tensorflow/tfjs-backend-wasm');
    if (specifier === '@tensorflow/tfjs-backend-webgpu') return import('@tensorflow/tfjs-backend-webgpu');
    throw notFound(specifier); // tfjs-node: not installed here
  };
}

const withoutDawn = importerWithout({ webgpu: notFound });

beforeAll(async () => {
  await useBackend('cpu');
});

describe('webgpu without the Dawn bindings (npm "webgpu")', () => {
  it('useBackend("webgpu") throws BackendUnavailableError naming `npm install webgpu`', async () => {
    expect((globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu).toBeUndefined();
    const attempt = useBackend('webgpu', { importModule: withoutDawn });
    await expect(attempt).rejects.toBeInstanceOf(BackendUnavailableError);
    await expect(attempt).rejects.toThrow(
      /useBackend: the webgpu backend is not available here\..*the Dawn bindings \(npm "webgpu"\) are not installed\. Install: npm install webgpu@\^0\.6\.2/,
    );
    expect(currentBackend()).toBe('cpu');
  });

  it('says so when Dawn is installed but fails to load', async () => {
    const broken = importerWithout({
      webgpu: () => new Error('dawn.node: invalid ELF header\n  at Module._extensions'),
    });
    const row = (await listBackends({ importModule: broken })).find((r) => r.name === 'webgpu');
    expect(row).toMatchObject({ available: false, device: null });
    expect(row?.reason).toContain('failed to load (dawn.node: invalid ELF header)');
  });

  it("'auto' falls back to wasm", async () => {
    const info = await useBackend('auto', { importModule: withoutDawn });
    expect(info.name).toBe('wasm');
    expect(currentBackend()).toBe('wasm');
  });
});

describe('webgpu with a fake adapter (as a browser would give)', () => {
  const saved = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
  function fakeNavigator(adapter: Record<string, unknown>): void {
    const gpu = { requestAdapter: async () => adapter };
    Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  }
  afterAll(async () => {
    if (saved) Object.defineProperty(globalThis, 'navigator', saved);
    else delete (globalThis as { navigator?: unknown }).navigator;
    await useBackend('cpu');
  });

  it('explains a tfjs-backend-webgpu that was imported before navigator.gpu existed', async () => {
    // Runs before anything has imported the real package: this importer hands back an inert module.
    expect(tf.findBackendFactory('webgpu')).toBeNull();
    fakeNavigator({ info: { vendor: 'nvidia', description: 'NVIDIA RTX A4000' } });
    const inert: ImportModule = async (s) => (s === '@tensorflow/tfjs-backend-webgpu' ? {} : withoutDawn(s));
    const row = (await listBackends({ importModule: inert })).find((r) => r.name === 'webgpu');
    expect(row?.available).toBe(false);
    expect(row?.reason).toMatch(/imported before navigator\.gpu existed.*let useBackend\('webgpu'\) load it/);
  });

  it('a software adapter (llvmpipe) is available by name but never chosen by auto', async () => {
    fakeNavigator({
      info: { vendor: 'mesa', architecture: '', description: 'llvmpipe (LLVM 15.0.6, 256 bits)' },
    });
    const row = (await listBackends({ importModule: withoutDawn })).find((r) => r.name === 'webgpu');
    expect(row).toEqual({
      name: 'webgpu',
      available: true,
      reason: 'WebGPU on a software adapter: correct but slow',
      device: 'mesa llvmpipe (LLVM 15.0.6, 256 bits)',
      software: true,
    });
    expect((await useBackend('auto', { importModule: withoutDawn })).name).toBe('wasm');
  });

  it('a fallback adapter counts as software whatever its name', async () => {
    fakeNavigator({ isFallbackAdapter: true, info: { vendor: 'google', description: 'some device' } });
    const row = (await listBackends({ importModule: withoutDawn })).find((r) => r.name === 'webgpu');
    expect(row?.software).toBe(true);
  });

  it('a hardware adapter ranks first; when it then fails to initialize, auto falls through to wasm', async () => {
    // The fake adapter has no requestDevice, so tfjs' webgpu initialization fails after the probe passed.
    fakeNavigator({ info: { vendor: 'nvidia', architecture: 'ampere', description: 'NVIDIA RTX A4000' } });
    const row = (await listBackends({ importModule: withoutDawn })).find((r) => r.name === 'webgpu');
    expect(row).toMatchObject({ available: true, software: false, device: 'nvidia ampere NVIDIA RTX A4000' });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {}); // tfjs logs the failure
    try {
      await expect(useBackend('webgpu', { importModule: withoutDawn })).rejects.toThrow(
        /the webgpu backend failed to initialize/,
      );
      expect((await useBackend('auto', { importModule: withoutDawn })).name).toBe('wasm');
      expect(currentBackend()).toBe('wasm');
      expect(warn.mock.calls.flat().join(' ')).toContain('Initialization of backend webgpu failed');
    } finally {
      warn.mockRestore();
    }
  });
});

describe('the real backends of this machine', () => {
  let rows: BackendInfo[] = [];
  beforeAll(async () => {
    rows = await listBackends();
  });

  it('listBackends() returns the five candidates with { name, available, reason, device, software }', () => {
    expect(rows.map((r) => r.name)).toEqual(['webgpu', 'tensorflow', 'webgl', 'wasm', 'cpu']);
    for (const row of rows) {
      expect(Object.keys(row).sort()).toEqual(['available', 'device', 'name', 'reason', 'software']);
      expect(typeof row.available).toBe('boolean');
      expect(typeof row.software).toBe('boolean');
      expect(row.reason.length).toBeGreaterThan(0);
      expect(row.device === null || typeof row.device === 'string').toBe(true);
    }
    expect(rows.find((r) => r.name === 'cpu')?.available).toBe(true);
    expect(rows.find((r) => r.name === 'wasm')?.available).toBe(true); // a dev dependency of this package
  });

  it('the default importer still loads Dawn: the failed injected imports above were not cached', () => {
    // `webgpu` (Dawn) is a dev dependency, so whatever the adapter, the bindings load.
    expect(rows.find((r) => r.name === 'webgpu')?.reason).not.toMatch(/Dawn bindings .* not installed/);
    expect((globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu).toBeDefined();
  });

  it("'auto' never picks a backend whose probe says software (llvmpipe here: auto picks wasm)", async () => {
    const chosen = await useBackend('auto');
    expect(chosen.software).toBe(false);
    for (const row of rows.filter((r) => r.software)) expect(chosen.name).not.toBe(row.name);
    const webgpu = rows.find((r) => r.name === 'webgpu');
    if (webgpu?.available && webgpu.software) expect(chosen.name).toBe('wasm');
  });

  it('useBackend("webgpu") runs on the adapter found, or says why not', async () => {
    const webgpu = rows.find((r) => r.name === 'webgpu') as BackendInfo;
    if (!webgpu.available) {
      await expect(useBackend('webgpu')).rejects.toBeInstanceOf(BackendUnavailableError);
      return;
    }
    expect(await useBackend('webgpu')).toEqual(webgpu);
    expect(currentBackend()).toBe('webgpu');
    const y = tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]]));
    expect(Array.from(await y.data())).toEqual([11]);
    tf.dispose(y);
  });
});
