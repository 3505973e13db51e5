import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backendPlan } from '@weft/testing';
import { runTutorialJson } from '@weft-examples/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { ordinaryLeastSquares } from '../src/ols.js';

const plan = await backendPlan();
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('ordinaryLeastSquares', () => {
  it('recovers an exact line and the textbook example', () => {
    expect(ordinaryLeastSquares([0, 1, 2, 3], [1, 3, 5, 7])).toEqual({ w: 2, b: 1 });
    // x = 1..5, y = 2, 4, 5, 4, 5: slope 0.6, intercept 2.2.
    const { w, b } = ordinaryLeastSquares([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]);
    expect(w).toBeCloseTo(0.6, 12);
    expect(b).toBeCloseTo(2.2, 12);
  });
});

describe.each(plan.run)('linear-regression tutorial --quick [%s]', (backend) => {
  it('converges to least squares, reports an honest test MSE and writes both plots', async () => {
    const out = await mkdtemp(join(tmpdir(), `weft-linreg-${backend}-`));
    dirs.push(out);
    const result = await runTutorialJson(
      'linear-regression',
      ['--quick', '--json', '--backend', backend, '--out', out],
      120_000,
    );
    expect(result.backend).toBe(backend);
    expect(result.leakedTensors).toBe(0);
    const { converged, ols } = result.runs;
    // The slow run has moved from its initial weights toward the line, but not reached it.
    expect(Math.abs(result.w - ols.w)).toBeGreaterThan(0.05);
    expect(result.w).toBeGreaterThan(1);
    // The converged run is the least-squares line, to float32 precision of SGD.
    expect(converged.w).toBeCloseTo(ols.w, 2);
    expect(converged.b).toBeCloseTo(ols.b, 2);
    expect(converged.mse).toBeCloseTo(ols.mse, 3);
    // Noise of variance 1: the test MSE of the optimum is near 1, far from 0.
    expect(ols.mse).toBeGreaterThan(0.3);
    expect(ols.mse).toBeLessThan(2);
    for (const file of ['fit.svg', 'loss.svg']) {
      expect(await readFile(join(out, file), 'utf8')).toMatch(
        /^<svg[^>]+xmlns="http:\/\/www.w3.org\/2000\/svg"/,
      );
    }
  });
});
