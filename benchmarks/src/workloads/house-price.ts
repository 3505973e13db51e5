/**
 * Reference workload B1: the house-price tutorial's training (500 rows, 80/20 split, standardized,
 * Dense(10, relu) → Dense(1), SGD lr 0.01, MSE, 100 epochs, batch 10 = 4,000 steps). Time inside
 * `fit` only; the test R² is reported so a fast but broken run cannot pass unnoticed.
 */

import { trainHousePrice } from '@weft-examples/house-price/house-price';
import { median, report, workloadArgs } from '../measure.js';

const { backend, repeats } = await workloadArgs();
const samples: number[] = [];
const r2: number[] = [];
for (let seed = 0; seed < repeats; seed++) {
  const result = await trainHousePrice({ rows: 500, epochs: 100, seed, verbose: false });
  samples.push(result.trainSeconds);
  r2.push(result.r2);
  result.pipeline.dispose();
}
const seconds = median(samples);
report({
  workload: 'house-price',
  backend,
  seconds,
  samples,
  figures: { usPerStep: (seconds / 4000) * 1e6, r2: median(r2) },
});
