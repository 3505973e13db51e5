/**
 * @weft/layers/testing: the harness every layer's test calls. Use it inside `describeBackends`
 * from `@weft/testing`:
 *
 * ```ts
 * await describeBackends('Dense', () =>
 *   runLayerTest(() => new Dense({ units: 3, activation: 'tanh', seed: 1 }), { inputShape: [2, 4], expectedOutputShape: [2, 3] }),
 * );
 * ```
 */
export { makeInput, numericalGradients, type Probe, probe, probeLoss, probeWeights } from './probe.js';
export { type LayerTestOptions, type LayerTestTolerance, runLayerTest } from './run-layer-test.js';
