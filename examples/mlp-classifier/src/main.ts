/**
 * `pnpm tutorial mlp-classifier [--backend B] [--seed N] [--epochs N] [--out DIR] [--json] [--quick]`
 *
 * The same MLP classifier on two data sets shipped with @weft/datasets: scikit-learn's 8×8 digits
 * (1797 images, stratified 80/20 split: the headline run) and a Fashion-MNIST subset (10,000 train
 * / 2,000 test images, 28×28).
 */
import { join } from 'node:path';
import { trainTestSplit } from '@weft/data';
import { digitsMeta, fashionMnistMeta, loadDigits, loadFashionMNIST } from '@weft/datasets';
import { runTutorial } from '@weft-examples/shared';
import { type ClassifierResult, formatConfusion, trainClassifier } from './classifier.js';

const keys = (r: ClassifierResult) => ({
  accuracy: r.accuracy,
  epochs: r.epochs,
  trainSeconds: r.trainSeconds,
  params: r.params,
  finalLoss: r.loss[r.loss.length - 1],
  reloadIdentical: r.reloadIdentical,
});

await runTutorial('mlp-classifier', async ({ args, log }) => {
  const epochs = args.epochs ?? (args.quick ? 3 : 10);
  const features = (meta: typeof digitsMeta) => meta.columns.filter((c) => c !== meta.target);

  log('\n== digits (8×8): 1437 train / 360 test, stratified');
  const digits = (await loadDigits({ images: false })).table;
  const digitSplit = trainTestSplit(digits, { test: 0.2, seed: args.seed, stratify: 'label' });
  const d = await trainClassifier({
    ...digitSplit,
    features: features(digitsMeta),
    target: 'label',
    classes: 10,
    scale: 16,
    epochs,
    seed: args.seed,
    verbose: !args.json,
    saveTo: args.out ? join(args.out, 'model') : undefined,
  });
  log(
    `test accuracy ${d.accuracy.toFixed(4)} after ${d.epochs} epochs (${d.trainSeconds.toFixed(2)} s in fit)`,
  );
  log(`reloaded model predicts ${d.reloadIdentical ? 'identical' : 'DIFFERENT'} probabilities`);
  log(
    `confusion matrix (rows: true digit, columns: predicted)\n${formatConfusion(d.confusion, digitsMeta.classNames ?? [])}`,
  );

  const rows = args.quick ? 2000 : 10000;
  log(`\n== Fashion-MNIST (28×28): ${rows} train / ${args.quick ? 400 : 2000} test`);
  const fashionTrain = (await loadFashionMNIST({ split: 'train', images: false })).table;
  const fashionTest = (await loadFashionMNIST({ split: 'test', images: false })).table;
  // The subsets are stored class by class: sample --quick rows across classes with a seeded split.
  const pick = (table: typeof fashionTrain, n: number) =>
    n >= table.numRows()
      ? table
      : trainTestSplit(table, { test: n, seed: args.seed, stratify: 'label' }).test;
  const f = await trainClassifier({
    train: pick(fashionTrain, rows),
    test: pick(fashionTest, args.quick ? 400 : 2000),
    features: features(fashionMnistMeta),
    target: 'label',
    classes: 10,
    scale: 255,
    epochs,
    seed: args.seed,
    verbose: !args.json,
  });
  log(
    `test accuracy ${f.accuracy.toFixed(4)} after ${f.epochs} epochs (${f.trainSeconds.toFixed(2)} s in fit)`,
  );
  log(
    `confusion matrix (rows: true class, columns: predicted)\n${formatConfusion(f.confusion, fashionMnistMeta.classNames ?? [])}`,
  );
  if (!d.reloadIdentical || !f.reloadIdentical) process.exitCode = 1;
  return { ...keys(d), confusion: d.confusion, runs: { fashion: { ...keys(f), confusion: f.confusion } } };
});
