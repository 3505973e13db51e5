import { ACTIVATION_NAMES, type ActivationName } from './activations.js';
import { INITIALIZER_NAMES, type InitializerName } from './initializers.js';
import { checkRegularizer, type Regularizer } from './regularizers.js';
import { oneOf } from './validate.js';

/** The options every layer with a kernel and a bias shares (Dense, Conv1D, Conv2D). */
export interface KernelLayerConfig {
  /** Default 'linear'. */
  activation?: ActivationName;
  /** Default true. */
  useBias?: boolean;
  /** Default 'glorotUniform'. */
  kernelInitializer?: InitializerName;
  /** Default 'zeros'. */
  biasInitializer?: InitializerName;
  /** A penalty on the kernel, e.g. `{ l2: 1e-4 }` (see {@link Layer.regularizationLoss}). */
  kernelRegularizer?: Regularizer;
}

/** Those options, checked and with their defaults filled in. */
export interface KernelOptions {
  activation: ActivationName;
  useBias: boolean;
  kernelInitializer: InitializerName;
  biasInitializer: InitializerName;
  kernelRegularizer: Regularizer | undefined;
}

export const KERNEL_OPTION_KEYS = [
  'activation',
  'useBias',
  'kernelInitializer',
  'biasInitializer',
  'kernelRegularizer',
] as const;

/** Checks the shared options (typed errors naming `where`) and fills in the defaults. */
export function readKernelOptions(where: string, config: KernelLayerConfig): KernelOptions {
  return {
    activation: oneOf(where, 'activation', config.activation ?? 'linear', ACTIVATION_NAMES),
    useBias: config.useBias ?? true,
    kernelInitializer: oneOf(
      where,
      'kernelInitializer',
      config.kernelInitializer ?? 'glorotUniform',
      INITIALIZER_NAMES,
    ),
    biasInitializer: oneOf(where, 'biasInitializer', config.biasInitializer ?? 'zeros', INITIALIZER_NAMES),
    kernelRegularizer: checkRegularizer(where, 'kernelRegularizer', config.kernelRegularizer),
  };
}

/** The shared options as plain config data (the regularizer only when set). */
export function kernelOptionsConfig(options: KernelOptions): Record<string, unknown> {
  return {
    activation: options.activation,
    useBias: options.useBias,
    kernelInitializer: options.kernelInitializer,
    biasInitializer: options.biasInitializer,
    ...(options.kernelRegularizer ? { kernelRegularizer: { ...options.kernelRegularizer } } : {}),
  };
}
