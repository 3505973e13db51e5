/**
 * Reference workload B4: the binary-classifier tutorial's run through its own `trainBinary` —
 * breast cancer (569 × 30), stratified 80/20 (455 train / 114 test), standardized with the
 * training split's statistics, Dense(128, relu) → Dense(64, relu) → Dense(1, sigmoid), Adam 1e-3,
 * binary cross-entropy, batch 32, 20 epochs (300 steps). Time is the tutorial's `trainSeconds`
 * (inside `fit`: the tutorial also tracks training accuracy there); loading, scaling and the test
 * metrics are outside it. One untimed 1-epoch run warms up first; each timed repeat uses
 * seed = repeat index. Test accuracy at threshold 0.5 is reported so a fast but broken run shows.
 * Twin: reference/classifiers_torch.py --workload breast-cancer.
 */
import { trainBinary } from '@weft-examples/binary-classifier/binary';
import { median, report, workloadArgs } from '../measure.js';

const EPOCHS = 20;
const TRAIN_ROWS = 455; // 569 rows less the stratified 20 % test split (114)
const { backend, repeats } = await workloadArgs();

(await trainBinary({ epochs: 1, seed: 0, verbose: false })).pipeline.dispose(); // warm-up
const samples: number[] = [];
const accuracy: number[] = [];
for (let seed = 0; seed < repeats; seed++) {
  const result = await trainBinary({ epochs: EPOCHS, seed, verbose: false });
  samples.push(result.trainSeconds);
  accuracy.push(result.accuracy);
  if (result.test.numRows() !== 569 - TRAIN_ROWS)
    throw new Error(`test split has ${result.test.numRows()} rows`);
  result.pipeline.dispose();
}
const seconds = median(samples);
report({
  workload: 'breast-cancer',
  backend,
  seconds,
  samples,
  figures: {
    msPerEpoch: (seconds / EPOCHS) * 1000,
    samplesPerSecond: (TRAIN_ROWS * EPOCHS) / seconds,
    accuracy: median(accuracy),
  },
});
