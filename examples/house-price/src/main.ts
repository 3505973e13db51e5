/**
 * `pnpm tutorial house-price [--backend B] [--seed N] [--epochs N] [--out DIR] [--json] [--quick]
 *  [--validation-split F]` — trains the house-price pipeline, reports test metrics in price units,
 * saves the pipeline, reloads it and predicts three new houses from the reloaded copy.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diabetesMeta, loadDiabetes } from '@weft/datasets';
import { exportTutorialArtifacts } from '@weft/export';
import { loadPipeline } from '@weft/models';
import { runTutorial, toNumber } from '@weft-examples/shared';
import {
  FEATURES,
  newHouses,
  type RegressionResult,
  trainHousePrice,
  trainRegression,
} from './house-price.js';

await runTutorial(
  'house-price',
  async ({ args, log }) => {
    const rows = args.quick ? 200 : 500;
    const epochs = args.epochs ?? (args.quick ? 10 : 100);
    const result = await trainHousePrice({
      rows,
      epochs,
      seed: args.seed,
      validationSplit: toNumber('validation-split', args.extra['validation-split']),
      verbose: !args.json,
    });
    log(`\ntest split (${Math.ceil(rows * 0.2)} rows), price units:`);
    log(`  MSE  ${result.mse.toExponential(4)}`);
    log(`  RMSE ${result.rmse.toFixed(0)}`);
    log(`  MAE  ${result.mae.toFixed(0)}`);
    log(`  R²   ${result.r2.toFixed(4)}`);
    log(`  training time ${result.trainSeconds.toFixed(2)} s for ${result.epochs} epochs`);

    // Save, reload and predict from the reloaded pipeline: what a deployment would do.
    const outDir = args.out ?? (await mkdtemp(join(tmpdir(), 'weft-house-price-')));
    const modelDir = join(outDir, 'model');
    await result.pipeline.save(modelDir);
    const reloaded = await loadPipeline(modelDir);
    const houses = newHouses();
    const original = await result.pipeline.predictRows(houses);
    const predictions = await reloaded.predictRows(houses);
    const identical = predictions.every((row, i) => row.every((v, j) => v === original[i]?.[j]));
    log(
      `\npredictions from the reloaded pipeline (${identical ? 'identical to' : 'DIFFERENT from'} the trained one):`,
    );
    houses.objects().forEach((house, i) => {
      log(`  ${JSON.stringify(house)} → ${Math.round(predictions[i]?.[0] ?? Number.NaN)}`);
    });
    if (args.out) {
      const sample = {
        columns: FEATURES,
        inputs: houses.objects().map((row) => FEATURES.map((f) => (row as Record<string, number>)[f])),
        outputs: predictions,
      };
      await writeFile(join(outDir, 'sample.json'), `${JSON.stringify(sample, null, 2)}\n`);
      const artifacts = await exportTutorialArtifacts(result.pipeline, outDir);
      log(`\nwrote to ${outDir}: model/, sample.json, ${artifacts.written.join(', ')}`);
      for (const s of artifacts.skipped) log(`  not written: ${s.file} (${s.reason})`);
    } else {
      await rm(outDir, { recursive: true, force: true });
    }
    result.pipeline.dispose();
    reloaded.dispose();
    if (!identical) process.exitCode = 1;

    // Variants: house_type one-hot encoded instead of scaled as a number, and the same pipeline
    // on a real regression set (scikit-learn's diabetes: 442 patients, 10 features).
    const summary = (r: RegressionResult) => ({
      epochs: r.epochs,
      trainSeconds: r.trainSeconds,
      mse: r.mse,
      rmse: r.rmse,
      mae: r.mae,
      r2: r.r2,
      params: r.params,
    });
    const oneHot = await trainHousePrice({
      rows,
      epochs,
      seed: args.seed,
      verbose: false,
      oneHot: ['house_type'],
    });
    log(`
one-hot house_type (${oneHot.pipeline.modelInputs.length} model inputs): R² ${oneHot.r2.toFixed(4)}, RMSE ${oneHot.rmse.toFixed(0)}`);
    oneHot.pipeline.dispose();
    const diabetes = (await loadDiabetes()).table;
    const diabetesFeatures = diabetesMeta.columns.filter((c) => c !== diabetesMeta.target);
    const real = await trainRegression(diabetes, diabetesFeatures, diabetesMeta.target ?? 'progression', {
      epochs,
      seed: args.seed,
      verbose: false,
    });
    log(
      `diabetes (real data, 89 test patients): R² ${real.r2.toFixed(4)}, RMSE ${real.rmse.toFixed(1)}, MAE ${real.mae.toFixed(1)}`,
    );
    real.pipeline.dispose();
    return {
      epochs: result.epochs,
      rows,
      trainSeconds: result.trainSeconds,
      mse: result.mse,
      rmse: result.rmse,
      mae: result.mae,
      r2: result.r2,
      params: result.params,
      finalLoss: result.loss[result.loss.length - 1],
      reloadIdentical: identical,
      predictions: predictions.map((row) => row[0]),
      runs: { oneHot: summary(oneHot), diabetes: summary(real) },
    };
  },
  ['validation-split'],
);
