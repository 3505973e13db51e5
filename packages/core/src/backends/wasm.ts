import * as tf from '@tensorflow/tfjs-core';
import { activateRegistered, unavailable } from './activate.js';
import { defaultImportModule, isNode, tryImport } from './environment.js';
import type { BackendCandidate, BackendInfo, BackendOptions } from './types.js';

const PACKAGE = '@tensorflow/tfjs-backend-wasm';
const FIX = `Install it: npm install ${PACKAGE}@^4.22.0 (in a browser, serve its .wasm files and pass { wasmPaths })`;

interface WasmModule {
  setWasmPaths?: (prefixOrFileMap: string | Record<string, string>) => void;
}

async function load(options: BackendOptions): Promise<{ info: BackendInfo; module: WasmModule | null }> {
  // Registered already (the app imported the package itself): import it again only when its
  // `setWasmPaths` is needed; the module is cached, so this costs nothing.
  if (tf.findBackendFactory('wasm') && !options.wasmPaths) return { info: availableInfo(), module: null };
  const result = await tryImport(options.importModule ?? defaultImportModule, PACKAGE);
  if (result.error) {
    return {
      info: {
        name: 'wasm',
        available: false,
        reason: `${PACKAGE} is not installed. ${FIX}`,
        device: null,
        software: false,
      },
      module: null,
    };
  }
  return { info: availableInfo(), module: result.module as WasmModule };
}

function availableInfo(): BackendInfo {
  return {
    name: 'wasm',
    available: true,
    reason: isNode()
      ? 'WebAssembly with SIMD (XNNPACK); one thread in Node'
      : 'WebAssembly with SIMD (XNNPACK)',
    device: 'CPU (WebAssembly)',
    software: false,
  };
}

/** tfjs' WebAssembly backend (XNNPACK kernels): the fastest CPU backend that installs everywhere. */
export const wasmBackend: BackendCandidate = {
  name: 'wasm',
  probe: async (options) => (await load(options)).info,
  async activate(options) {
    const { info, module } = await load(options);
    if (!info.available) unavailable(info, FIX);
    if (options.wasmPaths && module?.setWasmPaths) {
      // The paths must be set before the backend first initializes; once it has, they are fixed.
      if (tf.engine().registry.wasm) {
        unavailable(
          info,
          'The wasm backend was already initialized with other .wasm paths; pass { wasmPaths } on the first useBackend("wasm") call',
        );
      }
      module.setWasmPaths(options.wasmPaths);
    }
    return activateRegistered(info, FIX);
  },
};
