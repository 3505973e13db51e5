/**
 * @weft/testing: helpers for testing code on tfjs tensors, used by Weft itself and by anyone
 * contributing a layer, metric or backend.
 */
export {
  type BackendContext,
  type BackendPlan,
  backendPlan,
  type DescribeBackendsOptions,
  describeBackends,
} from './backends.js';
export { expectClose, type Tolerance } from './close.js';
export { expectNoLeaks, leakGuardEnd, leakGuardStart, resetLeakGuard, TensorLeakError } from './leaks.js';
export { checkProperty, fc, propertySeed } from './property.js';
