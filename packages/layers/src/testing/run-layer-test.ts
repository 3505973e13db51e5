import * as tf from '@tensorflow/tfjs-core';
import { type BackendName, currentBackend, useBackend } from '@weft/core';
import { expectClose, expectNoLeaks, type Tolerance } from '@weft/testing';
import { expect, it } from 'vitest';
import { decodeModel, encodeModel, type WeftManifest } from '../io/model-format.js';
import type { Layer } from '../layer.js';
import { layerFromConfig } from '../registry.js';
import { getWeights, setWeights } from '../weights.js';
import { makeInput, numericalGradients, type Probe, probe } from './probe.js';

export interface LayerTestTolerance {
  /** Finite-difference step. Default 1e-2: small enough for smooth layers, large enough that float32 rounding stays ≈ 1e-5 of the loss. */
  eps?: number;
  /** Numerical vs analytic gradients. Default atol 1e-3, rtol 1e-2. */
  gradient?: Tolerance;
  /** The current backend vs the cpu backend (outputs and gradients). Default atol 1e-4, rtol 1e-4. */
  backend?: Tolerance;
}

export interface LayerTestOptions {
  /** A concrete input shape, batch axis first; a list of them for layers with several inputs. */
  inputShape: number[] | number[][];
  /** The output shape the layer must produce for `inputShape`. */
  expectedOutputShape: number[];
  tolerance?: LayerTestTolerance;
  /** Default 'float32' (values uniform in [-1, 1)); 'int32' draws integers in `inputRange` (default [0, 10)). One per input, or one for all. */
  inputDtype?: 'float32' | 'int32' | ('float32' | 'int32')[];
  inputRange?: [number, number];
  /** Coordinates per tensor that the gradient check perturbs (default 8). */
  gradientChecks?: number;
  /** Seed of the input values (default 1234). */
  seed?: number;
}

const DEFAULT_EPS = 1e-2;
const GRADIENT: Required<Tolerance> = { atol: 1e-3, rtol: 1e-2 };
const BACKEND: Required<Tolerance> = { atol: 1e-4, rtol: 1e-4 };
const EXACT: Tolerance = { atol: 0, rtol: 0 };

/**
 * Registers the checks every layer must pass (like Keras' `run_layer_test`), as vitest cases in
 * the enclosing suite. Call it inside `describeBackends` so they run on every backend under the
 * leak guard. `factory` must return a new, unbuilt or built layer each time (seed it).
 *
 * Checked: output shape (and `computeOutputShape`, with a concrete and a null batch axis); config
 * round trip through `layerFromConfig` (equal config, identical output after `setWeights`);
 * `encodeModel` → `decodeModel` round trip (identical weights and output); analytic gradients of
 * a smooth scalar loss w.r.t. the input and every trainable weight against central finite
 * differences; no leaked tensors; output and gradients equal to the cpu backend's.
 */
export function runLayerTest(factory: () => Layer, options: LayerTestOptions): void {
  const { inputShape, expectedOutputShape } = options;
  const multi = Array.isArray(inputShape[0]);
  const shapes = (multi ? inputShape : [inputShape]) as number[][];
  const dtypeOf = (i: number) =>
    Array.isArray(options.inputDtype) ? options.inputDtype[i] : options.inputDtype;
  const input = (): tf.Tensor | tf.Tensor[] => {
    const list = shapes.map((shape, i) =>
      makeInput(shape, { dtype: dtypeOf(i), range: options.inputRange, seed: (options.seed ?? 1234) + i }),
    );
    return multi ? list : (list[0] as tf.Tensor);
  };
  const unbatched = multi ? shapes.map((s) => [null, ...s.slice(1)]) : [null, ...shapes[0]!.slice(1)];
  const eps = options.tolerance?.eps ?? DEFAULT_EPS;
  const gradientTolerance = { ...GRADIENT, ...options.tolerance?.gradient };
  const backendTolerance = { ...BACKEND, ...options.tolerance?.backend };

  /** Runs `body` with a fresh layer and input, disposing both afterwards. */
  const withLayer = async <T>(body: (layer: Layer, x: tf.Tensor | tf.Tensor[]) => Promise<T>): Promise<T> => {
    const layer = factory();
    const x = input();
    try {
      return await body(layer, x);
    } finally {
      tf.dispose(x);
      layer.dispose();
    }
  };

  it('produces the expected output shape', async () => {
    await withLayer(async (layer, x) => {
      const y = layer.apply(x);
      const shape = y.shape;
      y.dispose();
      for (const t of Array.isArray(x) ? x : [x])
        expect(t.isDisposed, 'apply must not dispose its input').toBe(false);
      expect(shape).toEqual(expectedOutputShape);
      expect(layer.computeOutputShape(inputShape)).toEqual(expectedOutputShape);
      expect(layer.computeOutputShape(unbatched)).toEqual([null, ...expectedOutputShape.slice(1)]);
    });
  });

  it('round-trips its config through layerFromConfig', async () => {
    await withLayer(async (layer, x) => {
      const y = layer.apply(x);
      const config = layer.getConfig();
      expect(JSON.parse(JSON.stringify(config)), 'getConfig() must be plain JSON').toEqual(config);
      const clone = layerFromConfig(layer.className, config);
      try {
        expect(clone.className).toBe(layer.className);
        expect(clone.getConfig()).toEqual(config);
        clone.build(inputShape);
        const values = getWeights(layer);
        setWeights(clone, values);
        tf.dispose(values);
        const z = clone.apply(x);
        await expectClose(z, y, EXACT);
        z.dispose();
      } finally {
        y.dispose();
        clone.dispose();
      }
    });
  });

  it('round-trips through encodeModel and decodeModel', async () => {
    await withLayer(async (layer, x) => {
      const y = layer.apply(x);
      const { manifest, weights } = await encodeModel(layer);
      const restored = decodeModel(JSON.parse(JSON.stringify(manifest)) as WeftManifest, weights.slice());
      try {
        expect(restored.getConfig()).toEqual(layer.getConfig());
        const pairs = layer.weights.map((w, i) => [w, restored.weights[i] as tf.Variable] as const);
        expect(restored.weights.length).toBe(layer.weights.length);
        for (const [a, b] of pairs) await expectClose(b, a, EXACT);
        const z = restored.apply(x);
        await expectClose(z, y, EXACT);
        z.dispose();
      } finally {
        y.dispose();
        restored.dispose();
      }
    });
  });

  it('has gradients that match central finite differences', async () => {
    await withLayer(async (layer, x) => {
      const analytic = await probe(layer, x, false);
      const numeric = await numericalGradients(layer, x, {
        eps,
        count: options.gradientChecks ?? 8,
        training: false,
        outputSize: analytic.output.length,
      });
      const exact = [...analytic.inputGradients, ...analytic.weightGradients].filter(
        (g): g is Float32Array => g !== null,
      );
      expect(numeric.length).toBe(exact.length);
      for (const [k, { name, indices, values }] of numeric.entries()) {
        const expected = indices.map((i) => (exact[k] as Float32Array)[i] as number);
        await labelled(`gradient w.r.t. ${name} at [${indices}]`, () =>
          expectClose(values, expected, gradientTolerance),
        );
      }
    });
  });

  it('leaks no tensors (apply, gradients, dispose)', async () => {
    await expectNoLeaks(async () => {
      await withLayer(async (layer, x) => {
        await probe(layer, x, false);
        tf.tidy(() => {
          layer.apply(x, { training: true });
        });
      });
    }, 'runLayerTest (apply + gradients + dispose)');
  });

  it('matches the cpu backend', async (ctx) => {
    const backend = currentBackend();
    if (backend === 'cpu') ctx.skip();
    await withLayer(async (layer, x) => {
      const here = await probe(layer, x, false);
      const config = layer.getConfig();
      const weights = await Promise.all(
        layer.weights.map(async (w) => ({ data: await w.data(), shape: w.shape, dtype: w.dtype })),
      );
      const xs = Array.isArray(x) ? x : [x];
      const xData = await Promise.all(
        xs.map(async (t) => ({ data: await t.data(), shape: t.shape, dtype: t.dtype })),
      );
      let reference: Probe;
      await useBackend('cpu');
      try {
        const clone = layerFromConfig(layer.className, config);
        const xCpu = xData.map((t) => tf.tensor(t.data, t.shape, t.dtype));
        const values = weights.map((w) => tf.tensor(w.data, w.shape, w.dtype));
        try {
          setWeights(clone, values);
          reference = await probe(clone, Array.isArray(x) ? xCpu : (xCpu[0] as tf.Tensor), false);
        } finally {
          tf.dispose([...xCpu, ...values]);
          clone.dispose();
        }
      } finally {
        await useBackend(backend as BackendName);
      }
      await labelled('output', () => expectClose(here.output, reference.output, backendTolerance));
      for (const [i, g] of here.inputGradients.entries()) {
        const r = reference.inputGradients[i];
        if (g && r) await labelled(`input gradient ${i}`, () => expectClose(g, r, backendTolerance));
      }
      for (const [i, g] of here.weightGradients.entries()) {
        await labelled(`gradient of weight ${i}`, () =>
          expectClose(g, reference.weightGradients[i] as Float32Array, backendTolerance),
        );
      }
    });
  });
}

async function labelled(label: string, check: () => Promise<void>): Promise<void> {
  try {
    await check();
  } catch (error) {
    throw new Error(`${label}: ${(error as Error).message}`, { cause: error });
  }
}
