import * as tf from '@tensorflow/tfjs-core';
import { toTensors, trainTestSplit } from '@weft/data';
import { housePrices } from '@weft/datasets';
import { meanAbsoluteError, meanSquaredError, r2Score, rootMeanSquaredError } from '@weft/metrics';
import { inferSchema, mlp, Pipeline } from '@weft/models';
import { StandardScaler } from '@weft/preprocess';
import { fit } from '@weft/train';
import * as aq from 'arquero';

export const FEATURES = ['house_area', 'bedroom_number', 'house_type'];
export const TARGET = 'house_price';

export interface HousePriceOptions {
  rows: number;
  epochs: number;
  seed: number;
  validationSplit?: number;
  verbose: boolean;
}

export interface HousePriceResult {
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
 * The workload of reference run B1: 500 seeded rows, 80/20 split, standardized features and
 * target, Dense(10, relu) → Dense(1), SGD lr 0.01, MSE, batch 10. Metrics are computed on the
 * test split in price units, through the fitted pipeline (so the target scaler's inverse is used).
 */
export async function trainHousePrice(options: HousePriceOptions): Promise<HousePriceResult> {
  const table = housePrices(options.rows, options.seed);
  const { train, test } = trainTestSplit(table, { test: 0.2, seed: options.seed });

  const xScaler = await new StandardScaler().fit(train, FEATURES);
  const yScaler = await new StandardScaler().fit(train, [TARGET]);
  const raw = toTensors(train, { features: FEATURES, target: TARGET });
  const x = xScaler.transformTensor(raw.x);
  const y = yScaler.transformTensor(raw.y as tf.Tensor2D);
  tf.dispose([raw.x, raw.y]);

  const model = mlp({
    inputs: FEATURES.length,
    hidden: [10],
    outputs: 1,
    activation: 'relu',
    seed: options.seed,
  });
  const history = await fit(
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
    },
  );
  tf.dispose([x, y]);

  const pipeline = new Pipeline({
    model,
    features: FEATURES,
    outputs: [TARGET],
    featureTransform: xScaler,
    targetTransform: yScaler,
    schema: inferSchema(train, FEATURES),
    metadata: { tutorial: 'house-price', seed: options.seed },
  });
  const predicted = (await pipeline.predictRows(test)).map((row) => row[0] as number);
  const actual = Array.from(test.array(TARGET) as ArrayLike<number>);
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

/** Three new houses, in the raw units a user would type. */
export function newHouses(): aq.ColumnTable {
  return aq.table({
    house_area: [80, 150, 230],
    bedroom_number: [2, 3, 5],
    house_type: [0, 1, 2],
  });
}
