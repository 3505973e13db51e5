import { describe, expect, it } from 'vitest';
import { lossChartSpec, parseTutorialArgs, renderSvg } from '../src/index.js';

describe('parseTutorialArgs', () => {
  it('reads the contract flags with their defaults', () => {
    expect(parseTutorialArgs([])).toMatchObject({ backend: 'auto', seed: 0, json: false, quick: false });
    const args = parseTutorialArgs([
      '--backend',
      'cpu',
      '--seed',
      '7',
      '--epochs',
      '3',
      '--json',
      '--quick',
      '--out',
      'o',
    ]);
    expect(args).toMatchObject({ backend: 'cpu', seed: 7, epochs: 3, json: true, quick: true, out: 'o' });
  });

  it('accepts declared extra flags and rejects unknown or non-numeric ones', () => {
    expect(parseTutorialArgs(['--validation-split', '0.2'], ['validation-split']).extra).toEqual({
      'validation-split': '0.2',
    });
    expect(() => parseTutorialArgs(['--nope'])).toThrow();
    expect(() => parseTutorialArgs(['--seed', 'abc'])).toThrow(/--seed must be a number/);
  });
});

describe('renderSvg', () => {
  it('renders a loss chart headless', async () => {
    const svg = await renderSvg(lossChartSpec({ loss: [1, 0.5, 0.25] }, 'loss'));
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('loss');
  });
});
