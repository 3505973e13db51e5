import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { toTensors } from '@weft/data';
import { loadModel, saveModel } from '@weft/layers';
import { accuracy, confusionMatrix } from '@weft/metrics';
import { mlp } from '@weft/models';
import { fit, predict } from '@weft/train';
import type { ColumnTable } from 'arquero';

export interface ClassifierOptions {
  train: ColumnTable;
  test: ColumnTable;
  features: string[];
  target: string;
  classes: number;
  /** Pixel scale: features are divided by it (16 for digits, 255 for Fashion-MNIST). */
  scale: number;
  epochs: number;
  seed: number;
  verbose: boolean;
  /** Where to save the trained model; a temporary directory (removed) when absent. */
  saveTo?: string;
}

export interface ClassifierResult {
  accuracy: number;
  trainAccuracy: number;
  confusion: number[][];
  epochs: number;
  trainSeconds: number;
  params: number;
  loss: number[];
  reloadIdentical: boolean;
}

/** Features scaled to [0, 1] and one-hot targets: tensors the caller owns. */
function tensors(
  table: ColumnTable,
  o: ClassifierOptions,
): { x: tf.Tensor2D; labels: tf.Tensor1D; y: tf.Tensor2D } {
  const raw = toTensors(table, { features: o.features, target: o.target });
  const x = tf.tidy(() => tf.div(raw.x, o.scale)) as tf.Tensor2D;
  const labels = tf.tidy(() => tf.cast(tf.reshape(raw.y as tf.Tensor, [-1]), 'int32')) as tf.Tensor1D;
  const y = tf.tidy(() => tf.cast(tf.oneHot(labels, o.classes), 'float32')) as tf.Tensor2D;
  tf.dispose([raw.x, raw.y]);
  return { x, labels, y };
}

/**
 * Dense(64, relu) → Dense(64, relu) → Dense(classes, softmax), Adam 1e-3, categorical
 * cross-entropy, batch 32 (reference workload B3 for digits). Test accuracy and the confusion
 * matrix come from @weft/metrics on the test split; the model is saved, reloaded and must predict
 * exactly the same probabilities.
 */
export async function trainClassifier(o: ClassifierOptions): Promise<ClassifierResult> {
  const train = tensors(o.train, o);
  const test = tensors(o.test, o);
  const model = mlp({
    inputs: o.features.length,
    hidden: [64, 64],
    outputs: o.classes,
    outputActivation: 'softmax',
    seed: o.seed,
  });
  const history = await fit(
    model,
    { x: train.x, y: train.y },
    {
      loss: 'categoricalCrossentropy',
      optimizer: 'adam',
      learningRate: 1e-3,
      epochs: o.epochs,
      batchSize: 32,
      seed: o.seed,
      metrics: ['accuracy'],
      verbose: o.verbose ? 1 : 0,
    },
  );
  const probabilities = await predict(model, test.x);
  const labels = Array.from(await test.labels.data());
  const testAccuracy = await accuracy(labels, probabilities);
  const confusion = await confusionMatrix(labels, probabilities, {
    labels: Array.from({ length: o.classes }, (_, i) => i),
  });

  const dir = o.saveTo ?? (await mkdtemp(join(tmpdir(), 'weft-mlp-')));
  await saveModel(model, dir, { metadata: { tutorial: 'mlp-classifier' } });
  const { model: reloaded } = await loadModel(dir);
  const again = await predict(reloaded, test.x);
  const [a, b] = await Promise.all([probabilities.data(), again.data()]);
  const reloadIdentical = a.length === b.length && a.every((v, i) => v === b[i]);
  if (!o.saveTo) await rm(dir, { recursive: true, force: true });

  const result: ClassifierResult = {
    accuracy: testAccuracy,
    trainAccuracy: history.last('accuracy') ?? Number.NaN,
    confusion,
    epochs: history.epoch.length,
    trainSeconds: history.trainSeconds,
    params: model.countParams(),
    loss: history.history.loss ?? [],
    reloadIdentical,
  };
  tf.dispose([train.x, train.y, train.labels, test.x, test.y, test.labels, probabilities, again]);
  model.dispose();
  reloaded.dispose();
  return result;
}

/** The confusion matrix as aligned text, rows = true class, columns = predicted. */
export function formatConfusion(matrix: number[][], names: readonly string[]): string {
  const width = Math.max(4, ...matrix.flat().map((v) => String(v).length)) + 1;
  const rowName = (i: number) =>
    names[i] === undefined || names[i] === String(i) ? String(i) : `${i} ${names[i]}`;
  const label = Math.max(...matrix.map((_, i) => rowName(i).length)) + 1;
  const header = `${''.padEnd(label)}${matrix.map((_, j) => String(j).padStart(width)).join('')}`;
  const rows = matrix.map(
    (row, i) => `${rowName(i).padEnd(label)}${row.map((v) => String(v).padStart(width)).join('')}`,
  );
  return [header, ...rows].join('\n');
}
