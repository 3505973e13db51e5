import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';

/**
 * Serves tfjs-backend-wasm's binaries under `<base>tfjs-wasm/` in dev and copies them there in a
 * build, under their own names, so the worker can hand one prefix to
 * `useBackend('wasm', { wasmPaths })` (tfjs' `setWasmPaths`). Vite's `?url` imports would hash the
 * names, and a prefix needs the original ones.
 */
export const WASM_DIR = 'tfjs-wasm';
const FILES = [
  'tfjs-backend-wasm.wasm',
  'tfjs-backend-wasm-simd.wasm',
  'tfjs-backend-wasm-threaded-simd.wasm',
];

function wasmFolder(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
}

export function tfjsWasmFiles(): Plugin {
  const folder = wasmFolder();
  return {
    name: 'weft:tfjs-wasm-files',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const name = req.url?.split('?')[0]?.split(`/${WASM_DIR}/`)[1];
        if (!name || !FILES.includes(name)) return next();
        res.setHeader('Content-Type', 'application/wasm');
        res.end(readFileSync(join(folder, name)));
      });
    },
    generateBundle() {
      for (const name of FILES) {
        this.emitFile({
          type: 'asset',
          fileName: `${WASM_DIR}/${name}`,
          source: readFileSync(join(folder, name)),
        });
      }
    },
  };
}
