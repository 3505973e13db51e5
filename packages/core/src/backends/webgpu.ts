import * as tf from '@tensorflow/tfjs-core';
import { activateRegistered, unavailable } from './activate.js';
import { defaultImportModule, env, isMissingModule, isNode, tryImport } from './environment.js';
import type { BackendCandidate, BackendInfo, BackendOptions, ImportModule } from './types.js';
import { isSoftwareName } from './webgl.js';
import { patchWebgpuKernels } from './webgpu-kernels.js';

const PACKAGE = '@tensorflow/tfjs-backend-webgpu';
const DAWN = 'webgpu';
const MESA_FIX =
  'On Debian/Ubuntu install Mesa: apt-get install libegl1 libegl-dev libegl-mesa0 libgl1-mesa-dri ' +
  '(Dawn then runs on llvmpipe, in software)';

interface AdapterLike {
  info?: Record<string, unknown>;
  isFallbackAdapter?: boolean;
  requestAdapterInfo?: () => Promise<Record<string, unknown>>;
}
interface GpuLike {
  requestAdapter(options?: Record<string, unknown>): Promise<AdapterLike | null>;
}
interface DawnModule {
  create(flags: string[]): GpuLike & { wgslLanguageFeatures?: unknown };
  globals: Record<string, unknown>;
}

/** The Dawn install made with the default importer; one per process (Dawn is process-wide). */
let nodeGpu: Promise<GpuLike | Error> | null = null;

/**
 * Installs `navigator.gpu` in Node from Dawn (npm `webgpu`) on OpenGL ES through EGL (Vulkan on
 * lavapipe is rejected by Dawn). tfjs-backend-webgpu reads `navigator.gpu`. Only the default
 * importer's result is cached: an injected importer (a test's fake, a custom bundle) is asked
 * every time, so it never sees, nor poisons, the process-wide result.
 */
function installNodeGpu(importModule: ImportModule): Promise<GpuLike | Error> {
  if (importModule !== defaultImportModule) return loadNodeGpu(importModule);
  nodeGpu ??= loadNodeGpu(importModule);
  return nodeGpu;
}

async function loadNodeGpu(importModule: ImportModule): Promise<GpuLike | Error> {
  const result = await tryImport(importModule, DAWN);
  if (result.error) return result.error;
  const dawn = (result.module as { default?: DawnModule } & DawnModule).create
    ? (result.module as DawnModule)
    : (result.module as { default: DawnModule }).default;
  const p = (globalThis as { process?: { env: Record<string, string | undefined> } }).process;
  if (p && !env('EGL_PLATFORM')) p.env.EGL_PLATFORM = 'surfaceless';
  Object.assign(globalThis, dawn.globals);
  const gpu = dawn.create(['backend=opengles']);
  const shim = {
    requestAdapter: (o: Record<string, unknown> = {}) =>
      gpu.requestAdapter({ ...o, featureLevel: 'compatibility' }),
    getPreferredCanvasFormat: () => 'rgba8unorm',
    get wgslLanguageFeatures() {
      return gpu.wgslLanguageFeatures;
    },
  };
  const g = globalThis as { navigator?: object };
  if (g.navigator) Object.defineProperty(g.navigator, 'gpu', { value: shim, configurable: true });
  else Object.defineProperty(globalThis, 'navigator', { value: { gpu: shim }, configurable: true });
  return shim;
}

async function adapterInfo(adapter: AdapterLike): Promise<{ device: string; software: boolean }> {
  const info = adapter.info ?? (adapter.requestAdapterInfo ? await adapter.requestAdapterInfo() : {});
  const fields = ['vendor', 'architecture', 'device', 'description']
    .map((k) => String(info[k] ?? ''))
    .filter(Boolean);
  const device = fields.join(' ') || 'unknown adapter';
  const software =
    adapter.isFallbackAdapter === true || info.isFallbackAdapter === true || isSoftwareName(fields.join(' '));
  return { device, software };
}

async function probe(options: BackendOptions): Promise<BackendInfo> {
  const base = { name: 'webgpu' as const, device: null, software: false, available: false };
  const importModule = options.importModule ?? defaultImportModule;
  let gpu: GpuLike | undefined = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator?.gpu;
  if (!gpu && isNode()) {
    const installed = await installNodeGpu(importModule);
    if (installed instanceof Error) {
      const what = isMissingModule(installed)
        ? 'are not installed'
        : `failed to load (${installed.message.split('\n')[0]?.slice(0, 120)})`;
      return {
        ...base,
        reason: `the Dawn bindings (npm "${DAWN}") ${what}. Install: npm install ${DAWN}@^0.6.2`,
      };
    }
    gpu = installed;
  }
  if (!gpu) return { ...base, reason: 'this browser has no navigator.gpu (WebGPU is off or unsupported)' };
  let adapter: AdapterLike | null = null;
  try {
    adapter = await gpu.requestAdapter();
  } catch {
    adapter = null;
  }
  if (!adapter) {
    return {
      ...base,
      reason: isNode() ? `Dawn found no GPU adapter. ${MESA_FIX}` : 'the browser returned no WebGPU adapter',
    };
  }
  if (!tf.findBackendFactory('webgpu')) {
    const result = await tryImport(importModule, PACKAGE);
    if (result.error) {
      return { ...base, reason: `${PACKAGE} is not installed. Install: npm install ${PACKAGE}@^4.22.0` };
    }
    // The package registers its backend on import only if navigator.gpu already exists then.
    if (!tf.findBackendFactory('webgpu')) {
      return {
        ...base,
        reason:
          `${PACKAGE} was imported before navigator.gpu existed, so it registered no backend. ` +
          "Do not import it yourself: let useBackend('webgpu') load it",
      };
    }
  }
  const { device, software } = await adapterInfo(adapter);
  return {
    name: 'webgpu',
    available: true,
    reason: software ? 'WebGPU on a software adapter: correct but slow' : 'WebGPU',
    device,
    software,
  };
}

/** tfjs' WebGPU backend: browsers, and Node through Dawn (npm `webgpu`). */
export const webgpuBackend: BackendCandidate = {
  name: 'webgpu',
  probe,
  async activate(options) {
    const info = await probe(options);
    if (!info.available) unavailable(info);
    const active = await activateRegistered(info, MESA_FIX);
    patchWebgpuKernels();
    return active;
  },
};
