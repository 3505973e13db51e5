import * as tf from '@tensorflow/tfjs-core';
import { ARRAY_KERNEL_BACKENDS, Rng } from '@weft/core';
import { describeBackends, expectClose } from '@weft/testing';
import { afterEach, expect, it, vi } from 'vitest';
import { Adam, AdamW } from '../adamw.js';
import type { WeftOptimizer } from '../base.js';
import { Momentum } from '../momentum.js';
import { RMSProp } from '../rmsprop.js';
import { SGD } from '../sgd.js';
import { WASM_FUSED_MAX_SIZE } from './apply.js';
import { ensureFusedOptimizerKernels, FUSED_KERNELS } from './kernels.js';

const CASES: Record<string, { kernel: string; make: () => WeftOptimizer }> = {
  sgd: { kernel: 'WeftSGD', make: () => new SGD({ learningRate: 0.1 }) },
  momentum: { kernel: 'WeftMomentum', make: () => new Momentum({ learningRate: 0.05, momentum: 0.9 }) },
  nesterov: {
    kernel: 'WeftMomentum',
    make: () => new Momentum({ learningRate: 0.05, momentum: 0.8, nesterov: true }),
  },
  adam: { kernel: 'WeftAdamW', make: () => new Adam({ learningRate: 0.01 }) },
  adamw: {
    kernel: 'WeftAdamW',
    make: () => new AdamW({ learningRate: 0.01, weightDecay: 0.1, beta1: 0.8, epsilon: 1e-8 }),
  },
  rmsprop: { kernel: 'WeftRMSProp', make: () => new RMSProp({ learningRate: 0.01, rho: 0.95 }) },
};

// Odd sizes and ranks; a scalar too.
const SHAPES = [[37, 5], [5], [3, 4, 2], []];
const STEPS = 6;

/** The same optimizer held to its composite ops (the path GPU backends take). */
function compositeOnly<T extends WeftOptimizer>(optimizer: T): T {
  (optimizer as unknown as { fusedStep: () => null }).fusedStep = () => null;
  return optimizer;
}

function randomVariables(rng: Rng): tf.Variable[] {
  return SHAPES.map((shape) => {
    const values = rng.fillNormal(new Float32Array(tf.util.sizeFromShape(shape)));
    return tf.tidy(() => tf.variable(tf.tensor(values, shape)));
  });
}

/** One gradient map per step, the same numbers for two sets of variables. */
function randomGradients(rng: Rng): Float32Array[][] {
  return Array.from({ length: STEPS }, () =>
    SHAPES.map((shape) => {
      const values = rng.fillNormal(new Float32Array(tf.util.sizeFromShape(shape)), 0, 0.5);
      values[0] = 0; // a zero gradient: ε alone keeps RMSProp's and Adam's divisions finite
      return values;
    }),
  );
}

function step(optimizer: WeftOptimizer, variables: tf.Variable[], grads: Float32Array[]): void {
  const map = tf.tidy(() =>
    Object.fromEntries(variables.map((v, i) => [v.name, tf.tensor(grads[i] as Float32Array, v.shape)])),
  );
  optimizer.applyGradients(map);
  tf.dispose(Object.values(map));
}

/** Names of the fused kernels run while `fn` runs. */
function fusedCalls(fn: () => void): string[] {
  const spy = vi.spyOn(tf.engine(), 'runKernel');
  try {
    fn();
    return spy.mock.calls.map(([name]) => name).filter((name) => name.startsWith('Weft'));
  } finally {
    spy.mockRestore();
  }
}

async function expectSameState(a: WeftOptimizer, b: WeftOptimizer): Promise<void> {
  const [wa, wb] = [await a.getWeights(), await b.getWeights()];
  // Same order of slots; the names differ by their variables'.
  const slotOf = (name: string) => name.slice(name.lastIndexOf('/') + 1);
  expect(wa.map((w) => slotOf(w.name))).toEqual(wb.map((w) => slotOf(w.name)));
  for (let i = 0; i < wa.length; i++) {
    await expectClose(wa[i]!.tensor, wb[i]!.tensor, { rtol: 1e-6, atol: 1e-12 });
  }
  tf.dispose([wa[0]!.tensor, wb[0]!.tensor]); // `iter` scalars are new; slots are not
}

await describeBackends('fused optimizer updates', ({ backend }) => {
  // Elsewhere (webgpu, webgl, tensorflow) both optimizers run the composite ops.
  const fusedHere = (ARRAY_KERNEL_BACKENDS as readonly string[]).includes(backend);

  for (const [name, { kernel, make }] of Object.entries(CASES)) {
    it(`${name}: ${STEPS} fused steps equal the composite ops, across a checkpoint restore`, async () => {
      const rng = new Rng(7);
      const fusedVars = randomVariables(rng);
      const compositeVars = fusedVars.map((v) => tf.variable(v));
      const grads = randomGradients(rng);
      let fused = make();
      const composite = compositeOnly(make());
      for (let s = 0; s < STEPS; s++) {
        if (s === 3) {
          // Resume from a checkpoint: a new optimizer given the first one's state.
          const state = await fused.getWeights();
          const resumed = make();
          await resumed.setWeights(state);
          state[0]?.tensor.dispose();
          fused.dispose();
          fused = resumed;
        }
        if (s === 4) {
          fused.learningRate *= 0.5; // a schedule's change is read at the next step
          composite.learningRate *= 0.5;
        }
        const calls = fusedCalls(() => step(fused, fusedVars, grads[s]!));
        expect(calls).toEqual(fusedHere ? SHAPES.map(() => kernel) : []);
        expect(fusedCalls(() => step(composite, compositeVars, grads[s]!))).toEqual([]);
        for (let i = 0; i < SHAPES.length; i++) {
          await expectClose(fusedVars[i]!, compositeVars[i]!, { rtol: 1e-6, atol: 1e-12 });
        }
      }
      await expectSameState(fused, composite);
      fused.dispose();
      composite.dispose();
      tf.dispose([...fusedVars, ...compositeVars]);
    });
  }

  it('leaves no tensors behind but the slots it creates', () => {
    for (const { make } of Object.values(CASES)) {
      const variables = randomVariables(new Rng(1));
      const grads = randomGradients(new Rng(2));
      const optimizer = make();
      const slotsPerVariable = (optimizer as unknown as { slotNames: string[] }).slotNames.length;
      const before = tf.memory().numTensors;
      step(optimizer, variables, grads[0]!);
      expect(tf.memory().numTensors - before).toBe(slotsPerVariable * variables.length);
      const afterFirst = tf.memory().numTensors;
      step(optimizer, variables, grads[1]!);
      expect(tf.memory().numTensors).toBe(afterFirst);
      optimizer.dispose();
      tf.dispose(variables);
    }
  });

  it('takes a float32 cast of int32 values (shared integer storage on cpu)', async () => {
    const [a, b] = tf.tidy(() => [tf.variable(tf.tensor1d([1, 2, 3])), tf.variable(tf.tensor1d([1, 2, 3]))]);
    const fused = new Momentum({ learningRate: 0.5 });
    const composite = compositeOnly(new Momentum({ learningRate: 0.5 }));
    for (const [optimizer, variable] of [
      [fused, a],
      [composite, b],
    ] as const) {
      const gradient = tf.tidy(() => tf.cast(tf.tensor1d([3, -1, 2], 'int32'), 'float32'));
      optimizer.applyGradients({ [variable.name]: gradient });
      gradient.dispose();
    }
    await expectClose(a, b, { rtol: 0, atol: 0 });
    await expectClose(a, [-0.5, 2.5, 2]);
    fused.dispose();
    composite.dispose();
    tf.dispose([a, b]);
  });
});

await describeBackends(
  'fused optimizer kernels',
  () => {
    it('does not change its inputs', async () => {
      ensureFusedOptimizerKernels();
      const rng = new Rng(3);
      const [variable, gradient, m, v] = [0, 1, 2, 3].map(() =>
        tf.tensor1d(rng.fillNormal(new Float32Array(11))),
      ) as tf.Tensor[];
      const inputs = { variable: variable!, gradient: gradient!, m: m!, v: tf.abs(v!) };
      const before = await Promise.all(Object.values(inputs).map((t) => t.data()));
      const attrs = { lr: 0.1, beta1: 0.9, beta2: 0.999, oneMinusBeta1: 0.1, oneMinusBeta2: 0.001 };
      const constants = { ...attrs, bias1: 0.1, bias2: 0.001, decay: 0.999, epsilon: 1e-7 };
      const outputs = tf.engine().runKernel<tf.Tensor[]>(FUSED_KERNELS.adamw.name, inputs, constants);
      expect(outputs).toHaveLength(3);
      for (const out of outputs) expect(Array.from(await out.data()).every(Number.isFinite)).toBe(true);
      const after = await Promise.all(Object.values(inputs).map((t) => t.data()));
      expect(after).toEqual(before);
      tf.dispose([...outputs, variable!, gradient!, m!, v!, inputs.v]);
    });

    it('refuses a gradient or slot of another shape', () => {
      ensureFusedOptimizerKernels();
      const [variable, gradient] = [tf.zeros([2, 3]), tf.zeros([3, 2])];
      const run = () => tf.engine().runKernel(FUSED_KERNELS.sgd.name, { variable, gradient }, { lr: 0.1 });
      expect(run).toThrow(/must have the variable’s shape/);
      tf.dispose([variable, gradient]);
    });
  },
  { only: [...ARRAY_KERNEL_BACKENDS] },
);

/** The parts of tfjs-backend-wasm's backend the memory test watches. */
interface WasmInternals {
  wasm: { HEAPU8: Uint8Array; _malloc(bytes: number): number; _free(pointer: number): void };
  makeOutput(...args: unknown[]): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
}

await describeBackends(
  'fused optimizer kernels, wasm memory growth',
  () => {
    it('takes its heap views only after allocating its outputs, which may grow the memory', async () => {
      const wasm = tf.backend() as unknown as WasmInternals;
      const rng = new Rng(5);
      const [fusedVar, compositeVar] = tf.tidy(() => {
        const values = tf.tensor2d(rng.fillNormal(new Float32Array(37 * 5)), [37, 5]);
        return [tf.variable(values), tf.variable(values)];
      });
      const gradient = tf.tensor2d(rng.fillNormal(new Float32Array(37 * 5)), [37, 5]);
      const fused = new AdamW();
      const composite = compositeOnly(new AdamW());
      fused.applyGradients({ [fusedVar.name]: gradient }); // creates the slots
      composite.applyGradients({ [compositeVar.name]: gradient });
      // The first output allocation of the next step grows the memory (a block as large as the
      // heap cannot fit), which replaces the heap's buffer.
      const buffer = wasm.wasm.HEAPU8.buffer;
      const makeOutput = wasm.makeOutput.bind(wasm);
      let grown = false;
      const allocations = vi.spyOn(wasm, 'makeOutput').mockImplementation((...args) => {
        const out = makeOutput(...args);
        if (!grown) wasm.wasm._free(wasm.wasm._malloc(wasm.wasm.HEAPU8.byteLength));
        grown = true;
        return out;
      });
      const views = vi.spyOn(wasm, 'typedArrayFromHeap');
      let allocated: number[] = [];
      let viewed: number[] = [];
      try {
        fused.applyGradients({ [fusedVar.name]: gradient });
        allocated = [...allocations.mock.invocationCallOrder];
        viewed = [...views.mock.invocationCallOrder];
      } finally {
        allocations.mockRestore();
        views.mockRestore();
      }
      expect(wasm.wasm.HEAPU8.buffer).not.toBe(buffer);
      // Outputs: the variable, m and v; views: those and the 4 inputs.
      expect([allocated.length, viewed.length]).toEqual([3, 7]);
      expect(Math.min(...viewed)).toBeGreaterThan(Math.max(...allocated));
      composite.applyGradients({ [compositeVar.name]: gradient });
      await expectClose(fusedVar, compositeVar, { rtol: 1e-6, atol: 1e-12 });
      fused.dispose();
      composite.dispose();
      tf.dispose([fusedVar, compositeVar, gradient]);
    });
  },
  { only: ['wasm'] },
);

await describeBackends(
  'fused optimizer kernels, on a backend without them',
  ({ backend }) => {
    const name = 'weft-test-unfused';

    afterEach(async () => {
      await tf.setBackend(backend);
      for (const kernel of tf.getKernelsForBackend(name)) tf.unregisterKernel(kernel.kernelName, name);
      tf.removeBackend(name);
    });

    it('falls back to the composite ops', async () => {
      ensureFusedOptimizerKernels();
      // A stand-in for webgpu, webgl or tensorflow: the cpu backend's kernels but not Weft's.
      tf.registerBackend(name, tf.findBackendFactory('cpu'));
      for (const kernel of tf.getKernelsForBackend('cpu')) {
        if (!kernel.kernelName.startsWith('Weft')) tf.registerKernel({ ...kernel, backendName: name });
      }
      const results: Float32Array[] = [];
      for (const target of [name, 'cpu']) {
        await tf.setBackend(target);
        const variables = randomVariables(new Rng(11));
        const grads = randomGradients(new Rng(12));
        const optimizer = new AdamW({ weightDecay: 0.1 });
        const calls = fusedCalls(() => {
          for (const g of grads) step(optimizer, variables, g);
        });
        expect(calls.length).toBe(target === name ? 0 : STEPS * SHAPES.length);
        results.push(await variables[0]!.data<'float32'>());
        optimizer.dispose();
        tf.dispose(variables);
      }
      await expectClose(results[0]!, results[1]!, { rtol: 1e-6, atol: 1e-12 });
    });
  },
  { only: ['cpu'] },
);

await describeBackends(
  'fused optimizer updates of large variables',
  ({ backend }) => {
    it('on wasm, keep the SIMD ops above WASM_FUSED_MAX_SIZE elements; on cpu, fuse every size', () => {
      const rng = new Rng(5);
      const shapes = [[WASM_FUSED_MAX_SIZE + 1], [WASM_FUSED_MAX_SIZE]];
      const variables = shapes.map((shape) =>
        tf.tidy(() => tf.variable(tf.tensor(rng.fillNormal(new Float32Array(shape[0] as number)), shape))),
      );
      const grads = shapes.map((shape) => rng.fillNormal(new Float32Array(shape[0] as number)));
      const optimizer = new Adam();
      const calls = fusedCalls(() => step(optimizer, variables, grads));
      expect(calls).toEqual(backend === 'wasm' ? ['WeftAdamW'] : ['WeftAdamW', 'WeftAdamW']);
      optimizer.dispose();
      tf.dispose(variables);
    });
  },
  { only: ['cpu', 'wasm'] },
);
