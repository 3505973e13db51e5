import * as tf from '@tensorflow/tfjs-core';
import { activateRegistered, unavailable } from './activate.js';
import { defaultImportModule, isNode, tryImport } from './environment.js';
import type { BackendCandidate, BackendInfo, BackendOptions } from './types.js';

const PACKAGE = '@tensorflow/tfjs-backend-webgl';
const FIX = `Install it (npm install ${PACKAGE}@^4.22.0) and run in a browser with WebGL 2`;

/** Reads the GPU's name through WEBGL_debug_renderer_info, where the browser exposes it. */
function webglDevice(): { device: string | null; software: boolean } | null {
  const g = globalThis as {
    OffscreenCanvas?: new (w: number, h: number) => { getContext(k: string): unknown };
  };
  const doc = (
    globalThis as { document?: { createElement(tag: string): { getContext(k: string): unknown } } }
  ).document;
  const canvas = g.OffscreenCanvas ? new g.OffscreenCanvas(1, 1) : doc?.createElement('canvas');
  const gl = canvas?.getContext('webgl2') as
    | {
        getExtension(n: string): { UNMASKED_RENDERER_WEBGL: number } | null;
        getParameter(p: number): unknown;
      }
    | null
    | undefined;
  if (!gl) return null;
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  const device = ext ? String(gl.getParameter(ext.UNMASKED_RENDERER_WEBGL)) : null;
  return { device, software: device !== null && isSoftwareName(device) };
}

export function isSoftwareName(text: string): boolean {
  return /llvmpipe|lavapipe|softpipe|swiftshader|software|basic render|mesa offscreen/i.test(text);
}

async function probe(options: BackendOptions): Promise<BackendInfo> {
  const base = { name: 'webgl' as const, device: null, software: false };
  if (isNode()) {
    return {
      ...base,
      available: false,
      reason: 'WebGL needs a browser; in Node use webgpu, tensorflow or wasm',
    };
  }
  const gl = webglDevice();
  if (!gl) return { ...base, available: false, reason: 'this browser gives no WebGL 2 context' };
  if (!tf.findBackendFactory('webgl')) {
    const result = await tryImport(options.importModule ?? defaultImportModule, PACKAGE);
    if (result.error) return { ...base, available: false, reason: `${PACKAGE} is not installed. ${FIX}` };
  }
  return {
    name: 'webgl',
    available: true,
    reason: gl.software ? 'WebGL 2 on a software renderer (slow)' : 'WebGL 2',
    device: gl.device,
    software: gl.software,
  };
}

/** tfjs' WebGL 2 backend: browsers only. */
export const webglBackend: BackendCandidate = {
  name: 'webgl',
  probe,
  async activate(options) {
    const info = await probe(options);
    if (!info.available) unavailable(info);
    return activateRegistered(info, FIX);
  },
};
