/**
 * Trains and predicts off the main thread, so the page stays responsive while tfjs works.
 * One worker trains once: the page starts a fresh one per run, so every run starts from a clean
 * tfjs engine on the backend it asked for.
 */
import { type ImportModule, listBackends, useBackend } from '@weft/core';
import { loadBreastCancer, loadDigits, loadIris } from '@weft/datasets';
import type { Pipeline } from '@weft/models';
import { predictPrices, trainHousePrice } from './house-price.js';
import { PAGE_BACKENDS, type Reply, type Request } from './messages.js';

interface WorkerScope {
  postMessage(message: Reply): void;
  onmessage: ((event: MessageEvent<Request>) => void) | null;
  location: { href: string };
}
const scope = self as unknown as WorkerScope;

/**
 * In a bundle, `@weft/core` cannot import backend packages by name at run time: the app imports
 * them, here lazily (each becomes its own chunk, loaded when probed) through core's `importModule`.
 */
const BACKEND_PACKAGES: Record<string, () => Promise<unknown>> = {
  '@tensorflow/tfjs-backend-webgpu': () => import('@tensorflow/tfjs-backend-webgpu'),
  '@tensorflow/tfjs-backend-webgl': () => import('@tensorflow/tfjs-backend-webgl'),
  '@tensorflow/tfjs-backend-wasm': () => import('@tensorflow/tfjs-backend-wasm'),
};
const importModule: ImportModule = async (specifier) => {
  const load = BACKEND_PACKAGES[specifier];
  if (!load) throw new Error(`Cannot find package '${specifier}' (not bundled with this page)`);
  return load();
};
// The .wasm binaries are served under their own names next to the page (see tfjs-wasm-files.ts).
const wasmPaths = new URL(`${import.meta.env.BASE_URL}tfjs-wasm/`, scope.location.href).href;

let pipeline: Pipeline | null = null;

async function handle(request: Request): Promise<void> {
  if (request.type === 'list') {
    const rows = await listBackends({ importModule });
    scope.postMessage({ type: 'backends', backends: rows.filter((r) => PAGE_BACKENDS.includes(r.name)) });
  } else if (request.type === 'datasets') {
    // Data files shipped inside @weft/datasets, fetched by URL relative to the bundled module and
    // gunzipped in the browser: the same loaders as in Node.
    const loaded = await Promise.all([loadIris(), loadDigits({ images: false }), loadBreastCancer()]);
    const sets = loaded.map(({ table, meta }) => ({
      name: meta.name,
      rows: table.numRows(),
      columns: table.numCols(),
      first: JSON.stringify(table.objects({ limit: 1 })[0]).slice(0, 80),
    }));
    scope.postMessage({ type: 'datasets', sets });
  } else if (request.type === 'train') {
    const backend = await useBackend(request.backend, { importModule, wasmPaths });
    scope.postMessage({ type: 'started', backend });
    const result = await trainHousePrice({
      rows: request.rows,
      epochs: request.epochs,
      seed: request.seed,
      onEpochEnd: (epoch, loss) => scope.postMessage({ type: 'epoch', epoch, loss }),
    });
    pipeline = result.pipeline;
    const { epochs, trainSeconds, rmse, r2, loss } = result;
    scope.postMessage({ type: 'trained', epochs, trainSeconds, rmse, r2, loss });
  } else {
    if (!pipeline) throw new Error('No trained pipeline yet: train first');
    const prices = await predictPrices(pipeline, request.houses);
    scope.postMessage({ type: 'prediction', id: request.id, prices });
  }
}

scope.onmessage = (event) => {
  handle(event.data).catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    scope.postMessage({ type: 'error', during: event.data.type, message });
  });
};
