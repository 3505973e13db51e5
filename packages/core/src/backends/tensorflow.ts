import * as tf from '@tensorflow/tfjs-core';
import { activateRegistered, unavailable } from './activate.js';
import { defaultImportModule, isMissingModule, isNode, tryImport } from './environment.js';
import type { BackendCandidate, BackendInfo, BackendOptions } from './types.js';

/**
 * tfjs-node's native TensorFlow backend (`tensorflow`): CUDA through `@tensorflow/tfjs-node-gpu`,
 * or CPU through `@tensorflow/tfjs-node`. Both download libtensorflow when installed, which the
 * machines Weft is developed on cannot do, so this path is tested with an injected fake module
 * and is untested on real CUDA here.
 */
const GPU_PACKAGE = '@tensorflow/tfjs-node-gpu';
const CPU_PACKAGE = '@tensorflow/tfjs-node';
const FIX =
  `Install ${GPU_PACKAGE}@^4.22.0 (CUDA 11.2 + cuDNN 8.1 on Linux x64) or ${CPU_PACKAGE}@^4.22.0; ` +
  'their install step downloads libtensorflow, so it needs internet access at install time';

async function probe(options: BackendOptions): Promise<BackendInfo> {
  const base = { name: 'tensorflow' as const, device: null, software: false, available: false };
  if (!isNode()) return { ...base, reason: 'tfjs-node runs only in Node' };
  const importModule = options.importModule ?? defaultImportModule;
  const errors: string[] = [];
  for (const [pkg, device] of [
    [GPU_PACKAGE, 'CUDA GPU (libtensorflow)'],
    [CPU_PACKAGE, 'CPU (libtensorflow)'],
  ] as const) {
    const result = await tryImport(importModule, pkg);
    if (result.error) {
      errors.push(
        isMissingModule(result.error)
          ? `${pkg} is not installed`
          : `${pkg} failed to load: ${firstLine(result.error.message)}`,
      );
      continue;
    }
    if (!tf.findBackendFactory('tensorflow')) {
      return {
        ...base,
        reason:
          `${pkg} loaded but registered no "tensorflow" backend in this copy of @tensorflow/tfjs-core: ` +
          'two copies are installed. Deduplicate @tensorflow/tfjs-core (npm dedupe) so both use one',
      };
    }
    return {
      name: 'tensorflow',
      available: true,
      reason: `native TensorFlow via ${pkg}`,
      device,
      software: false,
    };
  }
  return { ...base, reason: `${errors.join('; ')}. ${FIX}` };
}

function firstLine(text: string): string {
  return text.split('\n')[0]?.slice(0, 120) ?? '';
}

export const tensorflowBackend: BackendCandidate = {
  name: 'tensorflow',
  probe,
  async activate(options) {
    const info = await probe(options);
    if (!info.available) unavailable(info, FIX);
    return activateRegistered(info, FIX);
  },
};
