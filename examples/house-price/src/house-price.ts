import * as tf from '@tensorflow/tfjs-core';
import { toTensors, trainTestSplit } from '@weft/data';
import { housePrices } from '@weft/datasets';
import { meanAbsoluteError, meanSquaredError, r2Score, rootMeanSquaredError } from '@weft/metrics';
import { inferSchema, mlp, Pipeline, type TableTransform } from '@weft/models';
import { columnTransformer, OneHotEncoder, StandardScaler } from '@weft/preprocess';
import { type Callback, fit } from '@weft/train';
import type { ColumnTable } from 'arquero';
import * as aq from 'arquero';

export const FEATURES = ['house_area', 'bedroom_number', 'house_type'];
export const TARGET = 'house_price';

export interface RegressionOptions {
  epochs: number;
  seed: number;
  validationSplit?: number;
  verbose: boolean;
  /** One-hot encode these integer-coded columns (through a table transform) instead of scaling them. */
  oneHot?: string[];
  /** Passed to `fit` (the browser demo draws the loss from `onEpochEnd`). */
  callbacks?: Callback[];
}

export interface RegressionResult {
  pipeline: Pipeline;
  epochs: number;
  trainSeconds: number;
  mse: number;
  rmse: number;
  mae: number;
  r2: number;
  params: number;
  loss: number[];
  valLoss?: number[];
}

/**
 * The tutorial's regression pipeline on any numeric table: 80/20 split, standardized features
 * (or scaled numbers + one-hot categories) and target, Dense(10, relu) → Dense(1), SGD lr 0.01,
 * MSE, batch 10 — reference workload B1 on the house prices. Metrics are computed on the test
 * split in the target's units, through the fitted pipeline (so the target scaler's inverse is used).
 */
export async function trainRegression(
  table: ColumnTable,
  features: string[],
  target: string,
  options: RegressionOptions,
): Promise<RegressionResult> {
  const { train, test } = trainTestSplit(table, { test: 0.2, seed: options.seed });
  const categorical = options.oneHot ?? [];
  const numeric = features.filter((f) => !categorical.includes(f));
  let tableTransform: TableTransform | undefined;
  let featureTransform: StandardScaler | undefined;
  let modelInputs = features;
  if (categorical.length > 0) {
    const encoder = columnTransformer(
      [
        ['scale', new StandardScaler(), numeric],
        ['onehot', new OneHotEncoder(), categorical],
      ],
      { remainder: 'drop' },
    );
    tableTransform = await encoder.fit(train.select(features));
    modelInputs = tableTransform.outputColumns;
  } else {
    featureTransform = await new StandardScaler().fit(train, features);
  }
  const yScaler = await new StandardScaler().fit(train, [target]);
  const encoded = tableTransform
    ? (await tableTransform.transform(train.select(features))).assign(train.select(target))
    : train;
  const raw = toTensors(encoded, { features: modelInputs, target });
  const x = featureTransform ? featureTransform.transformTensor(raw.x) : tf.clone(raw.x);
  const y = yScaler.transformTensor(raw.y as tf.Tensor2D);
  tf.dispose([raw.x, raw.y]);

  const model = mlp({
    inputs: modelInputs.length,
    hidden: [10],
    outputs: 1,
    activation: 'relu',
    seed: options.seed,
  });
  let history: Awaited<ReturnType<typeof fit>>;
  try {
    history = await fit(
      model,
      { x, y },
      {
        loss: 'mse',
        optimizer: 'sgd',
        learningRate: 0.01,
        epochs: options.epochs,
        batchSize: 10,
        seed: options.seed,
        validationSplit: options.validationSplit,
        verbose: options.verbose ? 1 : 0,
        callbacks: options.callbacks,
      },
    );
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    tf.dispose([x, y]);
  }

  const pipeline = new Pipeline({
    model,
    features,
    tableTransform,
    outputs: [target],
    featureTransform,
    targetTransform: yScaler,
    schema: inferSchema(train, features),
    metadata: { seed: options.seed },
  });
  const predicted = (await pipeline.predictRows(test)).map((row) => row[0] as number);
  const actual = Array.from(test.array(target) as ArrayLike<number>);
  return {
    pipeline,
    epochs: history.epoch.length,
    trainSeconds: history.trainSeconds,
    mse: await meanSquaredError(actual, predicted),
    rmse: await rootMeanSquaredError(actual, predicted),
    mae: await meanAbsoluteError(actual, predicted),
    r2: await r2Score(actual, predicted),
    params: model.countParams(),
    loss: history.history.loss ?? [],
    valLoss: history.history.valLoss,
  };
}

/** Reference workload B1: `rows` seeded house prices (500 in the tutorial). */
export function trainHousePrice(options: RegressionOptions & { rows: number }): Promise<RegressionResult> {
  return trainRegression(housePrices(options.rows, options.seed), FEATURES, TARGET, options);
}

/** Three new houses, in the raw units a user would type. */
export function newHouses(): aq.ColumnTable {
  return aq.table({
    house_area: [80, 150, 230],
    bedroom_number: [2, 3, 5],
    house_type: [0, 1, 2],
  });
}
