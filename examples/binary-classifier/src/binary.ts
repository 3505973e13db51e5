import * as tf from '@tensorflow/tfjs-core';
import { toTensors, trainTestSplit } from '@weft/data';
import { breastCancerMeta, loadBreastCancer } from '@weft/datasets';
import { Dense, sequential } from '@weft/layers';
import { accuracy, f1Score, precision, recall, rocAuc } from '@weft/metrics';
import { inferSchema, Pipeline } from '@weft/models';
import { StandardScaler } from '@weft/preprocess';
import { fit } from '@weft/train';
import type { ColumnTable } from 'arquero';

export const FEATURES = breastCancerMeta.columns.filter((c) => c !== 'label');
export const THRESHOLDS = [0.1, 0.3, 0.5, 0.7, 0.9];

export interface Scores {
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface BinaryResult extends Scores {
  pipeline: Pipeline;
  test: ColumnTable;
  rocAuc: number;
  byThreshold: ({ threshold: number } & Scores)[];
  epochs: number;
  trainSeconds: number;
  params: number;
}

/** The four threshold-dependent scores; positive class = 1 (benign), scikit-learn's convention. */
export async function scoresAt(
  labels: number[],
  probabilities: number[],
  threshold: number,
): Promise<Scores> {
  return {
    accuracy: await accuracy(labels, probabilities, { threshold }),
    precision: await precision(labels, probabilities, { threshold }),
    recall: await recall(labels, probabilities, { threshold }),
    f1: await f1Score(labels, probabilities, { threshold }),
  };
}

/**
 * Reference workload B4: breast cancer (569 × 30), standardized with statistics of the training
 * split, stratified 80/20; Dense(128, relu) → Dense(64, relu) → Dense(1, sigmoid); Adam 1e-3;
 * binary cross-entropy; batch 32. The model goes into a Pipeline with the scaler, so deployment
 * takes raw measurements.
 */
export async function trainBinary(options: {
  epochs: number;
  seed: number;
  verbose: boolean;
}): Promise<BinaryResult> {
  const { table } = await loadBreastCancer();
  const { train, test } = trainTestSplit(table, { test: 0.2, seed: options.seed, stratify: 'label' });
  const scaler = await new StandardScaler().fit(train, FEATURES);
  const raw = toTensors(train, { features: FEATURES, target: 'label' });
  const x = scaler.transformTensor(raw.x);
  const model = sequential(
    [
      new Dense({ units: 128, activation: 'relu' }),
      new Dense({ units: 64, activation: 'relu' }),
      new Dense({ units: 1, activation: 'sigmoid' }),
    ],
    { inputShape: [null, FEATURES.length], seed: options.seed },
  );
  const history = await fit(
    model,
    { x, y: raw.y as tf.Tensor },
    {
      loss: 'binaryCrossentropy',
      optimizer: 'adam',
      learningRate: 1e-3,
      epochs: options.epochs,
      batchSize: 32,
      seed: options.seed,
      metrics: ['accuracy'],
      verbose: options.verbose ? 1 : 0,
    },
  );
  tf.dispose([raw.x, raw.y, x]);

  const pipeline = new Pipeline({
    model,
    features: FEATURES,
    outputs: ['probability_benign'],
    featureTransform: scaler,
    schema: inferSchema(train, FEATURES),
    labels: breastCancerMeta.classNames ?? null,
    metadata: { tutorial: 'binary-classifier', positiveClass: 'benign' },
  });
  const probabilities = (await pipeline.predictRows(test)).map((row) => row[0] as number);
  const labels = Array.from(test.array('label') as ArrayLike<number>);
  const byThreshold = [];
  for (const threshold of THRESHOLDS)
    byThreshold.push({ threshold, ...(await scoresAt(labels, probabilities, threshold)) });
  return {
    pipeline,
    test,
    ...(await scoresAt(labels, probabilities, 0.5)),
    rocAuc: await rocAuc(labels, probabilities),
    byThreshold,
    epochs: history.epoch.length,
    trainSeconds: history.trainSeconds,
    params: model.countParams(),
  };
}
