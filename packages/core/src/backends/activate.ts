import * as tf from '@tensorflow/tfjs-core';
import { BackendUnavailableError } from '../errors.js';
import type { BackendInfo } from './types.js';

/**
 * Makes a registered backend the active one and checks that it really is: tfjs' `setBackend`
 * returns false when a backend's initialization fails (no WebGPU adapter, say) while
 * `getBackend()` may still name it.
 */
export async function activateRegistered(info: BackendInfo, fix: string): Promise<BackendInfo> {
  let ok = false;
  let cause: unknown;
  try {
    ok = await tf.setBackend(info.name);
    await tf.ready();
  } catch (error) {
    cause = error;
  }
  if (!ok || tf.getBackend() !== info.name) {
    throw new BackendUnavailableError(
      {
        where: 'useBackend',
        problem: `the ${info.name} backend failed to initialize`,
        received: {
          backend: info.name,
          reason: cause instanceof Error ? cause.message : 'setBackend returned false',
        },
        fix,
      },
      { cause },
    );
  }
  return info;
}

export function unavailable(info: BackendInfo, fix?: string): never {
  throw new BackendUnavailableError({
    where: 'useBackend',
    problem: `the ${info.name} backend is not available here`,
    received: { backend: info.name },
    fix: fix ?? info.reason,
  });
}
