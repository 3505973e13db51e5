import { defaultClientConditions, defineConfig } from 'vite';
import { tfjsWasmFiles } from './tfjs-wasm-files.js';

// Workspace packages resolve to their TypeScript sources (the `source` export condition), so the
// demo needs no build of the @weft packages.
const conditions = ['source', ...defaultClientConditions];

export default defineConfig({
  resolve: { conditions },
  plugins: [tfjsWasmFiles()],
  // ES-module workers can split code: each backend package loads only when it is probed.
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
  optimizeDeps: {
    include: [
      '@tensorflow/tfjs-core',
      '@tensorflow/tfjs-backend-wasm',
      '@tensorflow/tfjs-backend-webgl',
      '@tensorflow/tfjs-backend-webgpu',
      'arquero',
    ],
  },
});
