/**
 * Reference workload B3: the mlp-classifier tutorial's digits run through its own
 * `trainClassifier` — 8×8 digits (1797 × 64, /16), stratified 80/20 (1437 train / 360 test),
 * Dense(64, relu) → Dense(64, relu) → Dense(10, softmax), Adam 1e-3, categorical cross-entropy,
 * batch 32, 10 epochs (450 steps). Time is the tutorial's `trainSeconds` (inside `fit`: the
 * tutorial also tracks training accuracy there); loading, splitting, the test predictions and the
 * tutorial's save → reload check are outside it. One untimed 1-epoch run warms up first; each
 * timed repeat uses seed = repeat index (split, initial weights, shuffles). Test accuracy is
 * reported so a fast but broken run shows. Twin: reference/classifiers_torch.py --workload digits-mlp.
 */
import { trainTestSplit } from '@weft/data';
import { digitsMeta, loadDigits } from '@weft/datasets';
import { trainClassifier } from '@weft-examples/mlp-classifier/classifier';
import { median, report, workloadArgs } from '../measure.js';

const EPOCHS = 10;
const { backend, repeats } = await workloadArgs();
const { table } = await loadDigits({ images: false });
const features = digitsMeta.columns.filter((c) => c !== digitsMeta.target);

async function run(seed: number, epochs: number) {
  const split = trainTestSplit(table, { test: 0.2, seed, stratify: 'label' });
  const result = await trainClassifier({
    ...split,
    features,
    target: 'label',
    classes: 10,
    scale: 16,
    epochs,
    seed,
    verbose: false,
  });
  return { ...result, trainRows: split.train.numRows() };
}

await run(0, 1); // warm-up
const samples: number[] = [];
const accuracy: number[] = [];
let trainRows = 0;
for (let seed = 0; seed < repeats; seed++) {
  const result = await run(seed, EPOCHS);
  samples.push(result.trainSeconds);
  accuracy.push(result.accuracy);
  trainRows = result.trainRows;
}
const seconds = median(samples);
report({
  workload: 'digits-mlp',
  backend,
  seconds,
  samples,
  figures: {
    msPerEpoch: (seconds / EPOCHS) * 1000,
    samplesPerSecond: (trainRows * EPOCHS) / seconds,
    accuracy: median(accuracy),
  },
});
