import { type ArrayKernel, registerArrayKernel, ShapeError } from '@weft/core';
import { adamwRule, momentumRule, rmspropRule, sgdRule, type UpdateRule } from './rules.js';

/**
 * The fused optimizer kernels: one kernel call per variable reads the variable, its gradient and
 * its slots and returns the new variable and slots, one pass over the values instead of a chain
 * of elementwise ops that each cost a pass, an allocation and an engine call. They are array
 * kernels (@weft/core), so they exist on the cpu and wasm backends only; GPU and native backends
 * keep the composite ops, which already run on their device.
 *
 * Inputs, in this order: the variable, its gradient, its slots. Outputs: the new variable, then
 * the new slots.
 */
function fusedKernel(name: string, rule: UpdateRule): ArrayKernel {
  return {
    name,
    // One output per input but the gradient (the second). Checked here, before any allocation:
    // a rule reads every input over the variable's length.
    outputShapes(shapes) {
      const [shape, ...rest] = shapes;
      if (!shape || rest.some((s) => s.join() !== shape.join())) {
        throw new ShapeError({
          where: `${name} kernel`,
          problem: 'the gradient and slots must have the variable’s shape',
          received: { shapes },
        });
      }
      return shapes.filter((_, i) => i !== 1);
    },
    compute: (inputs, outputs, _shapes, attrs) => rule(inputs, outputs, attrs),
  };
}

export const FUSED_KERNELS = {
  sgd: fusedKernel('WeftSGD', sgdRule),
  momentum: fusedKernel('WeftMomentum', momentumRule),
  adamw: fusedKernel('WeftAdamW', adamwRule),
  rmsprop: fusedKernel('WeftRMSProp', rmspropRule),
} as const;

let registered = false;

/**
 * Registers the fused kernels for the cpu and wasm backends (once). Called by the optimizers on
 * first use rather than on import, so importing Weft changes no global registry.
 */
export function ensureFusedOptimizerKernels(): void {
  if (registered) return;
  for (const kernel of Object.values(FUSED_KERNELS)) registerArrayKernel(kernel);
  registered = true;
}
