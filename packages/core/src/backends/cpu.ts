import { activateRegistered } from './activate.js';
import type { BackendCandidate, BackendInfo } from './types.js';

const info: BackendInfo = {
  name: 'cpu',
  available: true,
  reason: 'plain JavaScript; always available, slowest',
  device: 'CPU (JavaScript)',
  software: false,
};

/** tfjs' plain-JavaScript backend: registered by `@weft/core/setup`, always present. */
export const cpuBackend: BackendCandidate = {
  name: 'cpu',
  probe: async () => info,
  activate: async () => activateRegistered(info, 'This should not happen: report it with your tfjs versions'),
};
