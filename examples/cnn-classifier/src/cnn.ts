import * as tf from '@tensorflow/tfjs-core';
import { loadFashionMNIST } from '@weft/datasets';
import { accuracy } from '@weft/metrics';
import { cnn } from '@weft/models';
import { fit, predict } from '@weft/train';

export interface CnnRun {
  accuracy: number;
  epochs: number;
  trainSeconds: number;
  imagesPerSecond: number;
  params: number;
  loss: number[];
  trainImages: number;
}

/** `n` images spread evenly over a class-ordered subset (every k-th image), and their labels. */
function spread(images: tf.Tensor4D, labels: number[], n: number): { x: tf.Tensor4D; labels: number[] } {
  const total = labels.length;
  if (n >= total) return { x: tf.clone(images), labels };
  const idx = Array.from({ length: n }, (_, i) => Math.floor((i * total) / n));
  const x = tf.tidy(() => tf.gather(images, tf.tensor1d(idx, 'int32'))) as tf.Tensor4D;
  return { x, labels: idx.map((i) => labels[i] as number) };
}

/**
 * Reference workload B5: Fashion-MNIST (10,000 train / 2,000 test, pixels / 255);
 * Conv(32, 3×3) → ReLU → MaxPool → Conv(64, 3×3) → ReLU → MaxPool → Flatten → Dense(128, relu) →
 * Dense(10, softmax) — the tutorial's VGG-style stack with its first two blocks; Adam 1e-3,
 * categorical cross-entropy, batch 64.
 */
export async function trainFashionCnn(options: {
  trainImages: number;
  testImages: number;
  epochs: number;
  seed: number;
  verbose: boolean;
}): Promise<CnnRun> {
  const train = await loadFashionMNIST({ split: 'train' });
  const test = await loadFashionMNIST({ split: 'test' });
  const tr = spread(train.images as tf.Tensor4D, train.table.array('label') as number[], options.trainImages);
  const te = spread(test.images as tf.Tensor4D, test.table.array('label') as number[], options.testImages);
  tf.dispose([train.images, test.images]);
  const y = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(tr.labels, 'int32'), 10), 'float32'));

  const model = cnn({
    inputShape: [28, 28, 1],
    classes: 10,
    filters: [32, 64],
    dense: 128,
    seed: options.seed,
  });
  const history = await fit(
    model,
    { x: tr.x, y },
    {
      loss: 'categoricalCrossentropy',
      optimizer: 'adam',
      learningRate: 1e-3,
      epochs: options.epochs,
      batchSize: 64,
      seed: options.seed,
      metrics: ['accuracy'],
      verbose: options.verbose ? 1 : 0,
    },
  );
  const probabilities = await predict(model, te.x, { batchSize: 500 });
  const result: CnnRun = {
    accuracy: await accuracy(te.labels, probabilities),
    epochs: history.epoch.length,
    trainSeconds: history.trainSeconds,
    imagesPerSecond: (tr.labels.length * history.epoch.length) / history.trainSeconds,
    params: model.countParams(),
    loss: history.history.loss ?? [],
    trainImages: tr.labels.length,
  };
  tf.dispose([tr.x, te.x, y, probabilities]);
  model.dispose();
  return result;
}

/** The tutorial's full configuration: four blocks 32/64/128/256, Dense 1024, 1000 classes. */
export function fullConfiguration(): { summary: string; params: number } {
  const model = cnn({ inputShape: [224, 224, 3], classes: 1000, seed: 0 });
  const out = { summary: model.summary(), params: model.countParams() };
  model.dispose();
  return out;
}
