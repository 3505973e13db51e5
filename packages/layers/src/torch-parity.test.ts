import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, expectClose } from '@weft/testing';
import { expect, it } from 'vitest';
import type { Mask } from './layer.js';
import { layerFromConfig } from './registry.js';
import { setWeights } from './weights.js';

/**
 * Forward outputs equal PyTorch 1.13's for the same weights and inputs, to 1e-4 absolute (values
 * are O(1)). Fixtures: scripts/make-fixtures.py (weights already in Weft's layouts).
 */
interface Data {
  shape: number[];
  values: number[];
}
interface Case {
  layer: string;
  config: Record<string, unknown>;
  weights: Data[];
  input?: Data;
  inputs?: Data[];
  mask?: Data;
  masks?: (Data | null)[];
  output: Data;
}
const fixtures = JSON.parse(
  readFileSync(new URL('./__fixtures__/torch-parity.json', import.meta.url), 'utf8'),
) as {
  torch: string;
  cases: Record<string, Case>;
};
const TOLERANCE = { atol: 1e-4, rtol: 0 };

await describeBackends('PyTorch parity', () => {
  for (const [name, c] of Object.entries(fixtures.cases)) {
    it(`${name} equals torch ${fixtures.torch}`, async () => {
      const tensor = (d: Data) => tf.tensor(d.values, d.shape);
      const inputs = c.inputs ? c.inputs.map(tensor) : [tensor(c.input as Data)];
      const masks = c.masks ? c.masks.map((m) => (m ? tensor(m) : null)) : c.mask ? [tensor(c.mask)] : [];
      const layer = layerFromConfig(c.layer, { ...c.config, seed: 0 });
      layer.build(c.inputs ? inputs.map((t) => t.shape) : (inputs[0] as tf.Tensor).shape);
      const weights = c.weights.map(tensor);
      setWeights(layer, weights);
      const mask: Mask | undefined = c.masks ? masks : masks[0];
      const y = layer.apply(c.inputs ? inputs : (inputs[0] as tf.Tensor), { mask });
      expect(y.shape).toEqual(c.output.shape);
      // PyTorch's encoder fast path leaves padded steps' outputs unspecified: compare the real steps.
      const realSteps =
        c.layer === 'TransformerEncoderLayer' && masks[0] ? tf.expandDims(masks[0] as tf.Tensor, -1) : null;
      const expected = tensor(c.output);
      const [ours, theirs] = realSteps ? [tf.mul(y, realSteps), tf.mul(expected, realSteps)] : [y, expected];
      await expectClose(ours, theirs, TOLERANCE);
      tf.dispose(
        [
          ...inputs,
          ...masks.filter((m): m is tf.Tensor => m !== null),
          ...weights,
          y,
          expected,
          realSteps,
          ours,
          theirs,
        ].filter((t): t is tf.Tensor => t !== null),
      );
      layer.dispose();
    });
  }
});
