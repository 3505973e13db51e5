/**
 * Reference workload B6: training the model zoo's `transformerEncoderClassifier` with its defaults —
 * Embedding(1000, 64) + learned positions, 2 post-norm encoder blocks, 2 heads, feed-forward 128,
 * mean over steps, Dense(2, softmax) — with dropout 0, sequences of 32 tokens, batch 32, Adam 1e-3,
 * sparse cross-entropy, through @weft/train's `fit`. Synthetic data from a seeded Rng: 320
 * training sequences (10 steps per epoch) and 320 held-out ones, ids in [1, 1000) (no padding);
 * class-1 sequences have 8 random positions replaced by "signal" ids in [1, 50), so the task is
 * learnable and the held-out accuracy shows a broken run. One untimed 1-epoch fit warms up; each
 * timed repeat is a fresh model (seed = repeat index) trained 4 epochs = 40 steps; the time is
 * `fit`'s `trainSeconds`. Twin: reference/transformer_torch.py.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@weft/core';
import { transformerEncoderClassifier } from '@weft/models';
import { fit, predict } from '@weft/train';
import { median, report, workloadArgs } from '../measure.js';

const VOCAB = 1000;
const STEPS = 32; // tokens per sequence
const BATCH = 32;
const ROWS = 320;
const EPOCHS = 4;
const SIGNAL = 50; // class 1 carries ids below this at 8 positions

/** `rows` sequences and their labels (half of each class, in random order). */
function synthetic(rng: Rng, rows: number): { x: tf.Tensor2D; y: tf.Tensor1D; labels: Int32Array } {
  const ids = new Int32Array(rows * STEPS);
  const labels = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    labels[r] = r % 2;
    for (let t = 0; t < STEPS; t++) ids[r * STEPS + t] = 1 + rng.int(VOCAB - 1);
    if (labels[r] === 1) {
      for (const t of rng.permutation(STEPS).subarray(0, 8)) ids[r * STEPS + t] = 1 + rng.int(SIGNAL - 1);
    }
  }
  const order = rng.permutation(rows);
  const shuffledIds = new Int32Array(rows * STEPS);
  const shuffledLabels = new Int32Array(rows);
  order.forEach((from, to) => {
    shuffledIds.set(ids.subarray(from * STEPS, (from + 1) * STEPS), to * STEPS);
    shuffledLabels[to] = labels[from] as number;
  });
  return {
    x: tf.tensor2d(shuffledIds, [rows, STEPS], 'int32'),
    y: tf.tensor1d(shuffledLabels, 'int32'),
    labels: shuffledLabels,
  };
}

const { backend, repeats } = await workloadArgs();
const rng = new Rng(0);
const train = synthetic(rng.fork('train'), ROWS);
const test = synthetic(rng.fork('test'), ROWS);

async function run(
  seed: number,
  epochs: number,
): Promise<{ seconds: number; accuracy: number; loss: number }> {
  const model = transformerEncoderClassifier({
    vocabSize: VOCAB,
    maxLength: STEPS,
    classes: 2,
    dropout: 0,
    seed,
  });
  const history = await fit(
    model,
    { x: train.x, y: train.y },
    {
      loss: 'sparseCategoricalCrossentropy',
      optimizer: 'adam',
      learningRate: 1e-3,
      epochs,
      batchSize: BATCH,
      seed,
      verbose: 0,
    },
  );
  const probs = await predict(model, test.x);
  const predicted = tf.tidy(() => tf.argMax(probs, -1));
  const p = await predicted.data();
  const accuracy = test.labels.reduce((hits, label, i) => hits + (p[i] === label ? 1 : 0), 0) / ROWS;
  tf.dispose([probs, predicted]);
  model.dispose();
  return { seconds: history.trainSeconds, accuracy, loss: history.last('loss') ?? Number.NaN };
}

await run(0, 1); // warm-up
const samples: number[] = [];
const accuracy: number[] = [];
const loss: number[] = [];
for (let seed = 0; seed < repeats; seed++) {
  const result = await run(seed, EPOCHS);
  samples.push(result.seconds);
  accuracy.push(result.accuracy);
  loss.push(result.loss);
}
tf.dispose([train.x, train.y, test.x, test.y]);
const seconds = median(samples);
const steps = (ROWS / BATCH) * EPOCHS;
report({
  workload: 'transformer',
  backend,
  seconds,
  samples,
  figures: {
    msPerStep: (seconds / steps) * 1000,
    sequencesPerSecond: (steps * BATCH) / seconds,
    finalLoss: median(loss),
    accuracy: median(accuracy),
  },
});
