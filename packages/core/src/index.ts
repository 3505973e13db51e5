/**
 * @weft/core: what every Weft package shares.
 *
 * Importing it runs `@weft/core/setup` once (tfjs gradients and the cpu backend). Everything
 * else here is side-effect free.
 */
import './setup.js';

export {
  ARRAY_KERNEL_BACKENDS,
  type ArrayKernel,
  hasArrayKernel,
  onArrayKernelBackend,
  registerArrayKernel,
} from './array-kernel.js';
export { isBrowser, isNode } from './backends/environment.js';
export type { BackendInfo, BackendName, BackendOptions, ImportModule } from './backends/index.js';
export { BACKEND_NAMES, currentBackend, listBackends, useBackend } from './backends/index.js';
export {
  BackendUnavailableError,
  ConfigError,
  DTypeError,
  describeValue,
  FormatError,
  formatMessage,
  isWeftError,
  type MessageParts,
  NotFittedError,
  NotFoundError,
  ShapeError,
  ValueError,
  WeftError,
  type WeftErrorCode,
} from './errors.js';
export { dispose, keep, numTensors, tidy } from './memory.js';
export { defaultRng, Rng, type RngState, setSeed, toRng } from './random.js';
export { closestName, editDistance, Registry } from './registry.js';
export type { DType, NestedArray, Shape, Tensor, TensorLike, ToTensorOptions, TypedArray } from './tensor.js';
export { toTensor } from './tensor.js';
