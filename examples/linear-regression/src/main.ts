/**
 * `pnpm tutorial linear-regression [--backend B] [--seed N] [--epochs N] [--out DIR] [--json] [--quick]`
 *
 * Fits y = 3x + 2 + N(0, 1) with one Dense unit and full-batch SGD, twice: with the original
 * tutorial's settings (lr 0.01, 100 epochs, which stop far from the optimum) and until converged
 * (lr 0.1, 1000 epochs), next to ordinary least squares. The noise has variance 1, so no honest
 * model gets a test MSE near 0: on a 20-point test set expect roughly 0.6–1.0.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { lossChartSpec, renderSvg, runTutorial } from '@weft-examples/shared';
import { makeSplit, ordinaryLeastSquaresRun, trainLinear } from './linear-regression.js';
import { fitChartSpec } from './plots.js';

await runTutorial('linear-regression', async ({ args, log }) => {
  const split = makeSplit(args.seed);
  const tutorial = await trainLinear(split, {
    epochs: args.epochs ?? 100,
    learningRate: 0.01,
    seed: args.seed,
  });
  // 100 points train in well under a second, so --quick changes nothing here.
  const converged = await trainLinear(split, { epochs: 1000, learningRate: 0.1, seed: args.seed });
  const ols = ordinaryLeastSquaresRun(split);

  const row = (name: string, r: { w: number; b: number; mse: number }) =>
    `${name.padEnd(34)} w ${r.w.toFixed(3).padStart(6)}   b ${r.b.toFixed(3).padStart(6)}   test MSE ${r.mse.toFixed(3)}`;
  log('\ntrue line                          w  3.000   b  2.000   (noise variance 1.0)');
  log(row(`SGD lr 0.01, ${tutorial.epochs} epochs`, tutorial));
  log(row(`SGD lr 0.1, ${converged.epochs} epochs`, converged));
  log(row('ordinary least squares', ols));
  log(
    `\nAfter ${tutorial.epochs} epochs at lr 0.01, w is ${tutorial.w.toFixed(2)} against least squares' ` +
      `${ols.w.toFixed(2)}: not converged. At lr 0.1 the fit reaches the least-squares line. The noise has ` +
      'variance 1, so the test MSE of any honest fit stays near 1, never near 0.',
  );

  if (args.out) {
    await mkdir(args.out, { recursive: true });
    const lines = { 'lr 0.01 × 100': tutorial, 'lr 0.1 × 1000': converged, OLS: ols };
    await writeFile(join(args.out, 'fit.svg'), await renderSvg(fitChartSpec(split, lines)));
    const losses = {
      [`lr 0.01 × ${tutorial.epochs}`]: tutorial.loss,
      [`lr 0.1 × ${converged.epochs}`]: converged.loss,
    };
    await writeFile(
      join(args.out, 'loss.svg'),
      await renderSvg(lossChartSpec(losses, 'Training loss (MSE)')),
    );
    log(`\nwrote ${join(args.out, 'fit.svg')} and ${join(args.out, 'loss.svg')}`);
  }
  const keys = (r: typeof tutorial) => ({
    epochs: r.epochs,
    learningRate: r.learningRate,
    trainSeconds: r.trainSeconds,
    w: r.w,
    b: r.b,
    mse: r.mse,
  });
  return { ...keys(tutorial), runs: { converged: keys(converged), ols } };
});
