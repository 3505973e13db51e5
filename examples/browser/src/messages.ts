import type { BackendInfo, BackendName } from '@weft/core';
import type { House } from './house-price.js';

/** Page → worker. */
export type Request =
  | { type: 'list' }
  | { type: 'datasets' }
  | { type: 'train'; backend: BackendName; epochs: number; rows: number; seed: number }
  | { type: 'predict'; id: number; houses: House[] };

/** Worker → page. */
export type Reply =
  | { type: 'backends'; backends: BackendInfo[] }
  | { type: 'datasets'; sets: { name: string; rows: number; columns: number; first: string }[] }
  | { type: 'started'; backend: BackendInfo }
  | { type: 'epoch'; epoch: number; loss: number }
  | { type: 'trained'; epochs: number; trainSeconds: number; rmse: number; r2: number; loss: number[] }
  | { type: 'prediction'; id: number; prices: number[] }
  | { type: 'error'; during: Request['type']; message: string };

/** The backends this page offers; 'tensorflow' (tfjs-node) exists only in Node. */
export const PAGE_BACKENDS: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];
