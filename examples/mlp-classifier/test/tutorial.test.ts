import { backendPlan } from '@weft/testing';
import { runTutorialJson } from '@weft-examples/shared';
import { describe, expect, it } from 'vitest';
import { formatConfusion } from '../src/classifier.js';

const plan = await backendPlan();
// webgpu runs on a software rasterizer here: the tutorial's --quick run takes minutes on it.
const backends = plan.run.filter((b) => b !== 'webgpu');

describe('formatConfusion', () => {
  it('aligns counts under class indices', () => {
    expect(
      formatConfusion(
        [
          [3, 1],
          [0, 4],
        ],
        ['0', '1'],
      ).split('\n'),
    ).toEqual(['      0    1', '0     3    1', '1     0    4']);
    expect(formatConfusion([[2]], ['Bag']).split('\n')).toEqual(['          0', '0 Bag     2']);
  });
});

describe.each(backends)('mlp-classifier tutorial --quick [%s]', (backend) => {
  it('learns digits and Fashion-MNIST well above chance, with exact reloads and no leaks', async () => {
    const result = await runTutorialJson(
      'mlp-classifier',
      ['--quick', '--json', '--backend', backend],
      240_000,
    );
    expect(result.backend).toBe(backend);
    expect(result.leakedTensors).toBe(0);
    // Chance is 0.1; three epochs of Adam reach about 0.93 on digits and 0.8 on Fashion-MNIST.
    expect(result.accuracy).toBeGreaterThan(0.85);
    expect(result.runs.fashion.accuracy).toBeGreaterThan(0.7);
    expect(result.reloadIdentical).toBe(true);
    expect(result.params).toBe(64 * 64 + 64 + 64 * 64 + 64 + 64 * 10 + 10);
    const confusion = result.confusion as number[][];
    expect(confusion.flat().reduce((a, b) => a + b, 0)).toBe(360);
    const correct = confusion.reduce((sum, row, i) => sum + (row[i] as number), 0);
    expect(correct / 360).toBeCloseTo(result.accuracy, 10);
  });
});
