import * as tf from '@tensorflow/tfjs-core';
import { toTensors, trainTestSplit } from '@weft/data';
import { housePrices } from '@weft/datasets';
import { r2Score, rootMeanSquaredError } from '@weft/metrics';
import { inferSchema, mlp, Pipeline } from '@weft/models';
import { StandardScaler } from '@weft/preprocess';
import { type Callback, fit } from '@weft/train';
import * as aq from 'arquero';

export const FEATURES = ['house_area', 'bedroom_number', 'house_type'] as const;
export const TARGET = 'house_price';

export interface TrainOptions {
  rows: number;
  epochs: number;
  seed: number;
  /** Called after every epoch with the mean training loss (standardized price units). */
  onEpochEnd?: (epoch: number, loss: number) => void;
}

export interface TrainResult {
  pipeline: Pipeline;
  epochs: number;
  /** Seconds inside `fit` only, as the tutorials report it. */
  trainSeconds: number;
  loss: number[];
  /** On the 20 % test split, in price units. */
  rmse: number;
  r2: number;
}

/**
 * The workload of examples/house-price (reference run B1): seeded rows, 80/20 split, standardized
 * features and target, Dense(10, relu) → Dense(1), SGD lr 0.01, MSE, batch 10. The only addition
 * is an epoch callback, so the page can draw the loss while it trains.
 */
export async function trainHousePrice(options: TrainOptions): Promise<TrainResult> {
  const features = [...FEATURES];
  const table = housePrices(options.rows, options.seed);
  const { train, test } = trainTestSplit(table, { test: 0.2, seed: options.seed });

  const xScaler = await new StandardScaler().fit(train, features);
  const yScaler = await new StandardScaler().fit(train, [TARGET]);
  const raw = toTensors(train, { features, target: TARGET });
  const x = xScaler.transformTensor(raw.x);
  const y = yScaler.transformTensor(raw.y as tf.Tensor2D);
  tf.dispose([raw.x, raw.y]);

  const model = mlp({
    inputs: features.length,
    hidden: [10],
    outputs: 1,
    activation: 'relu',
    seed: options.seed,
  });
  const onEpochEnd = options.onEpochEnd;
  const callbacks: Callback[] = onEpochEnd
    ? [{ onEpochEnd: (epoch, logs) => onEpochEnd(epoch, logs.loss as number) }]
    : [];
  try {
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
        verbose: 0,
        callbacks,
      },
    );
    const pipeline = new Pipeline({
      model,
      features,
      outputs: [TARGET],
      featureTransform: xScaler,
      targetTransform: yScaler,
      schema: inferSchema(train, features),
      metadata: { example: 'browser', seed: options.seed },
    });
    const predicted = (await pipeline.predictRows(test)).map((row) => row[0] as number);
    const actual = Array.from(test.array(TARGET) as ArrayLike<number>);
    return {
      pipeline,
      epochs: history.epoch.length,
      trainSeconds: history.trainSeconds,
      loss: history.history.loss ?? [],
      rmse: await rootMeanSquaredError(actual, predicted),
      r2: await r2Score(actual, predicted),
    };
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    tf.dispose([x, y]);
  }
}

/** One house as a user types it on the form, in raw units. */
export interface House {
  house_area: number;
  bedroom_number: number;
  house_type: number;
}

/** The pipeline's price for each house (raw units in, price out). */
export async function predictPrices(pipeline: Pipeline, houses: House[]): Promise<number[]> {
  const table = aq.table({
    house_area: houses.map((h) => h.house_area),
    bedroom_number: houses.map((h) => h.bedroom_number),
    house_type: houses.map((h) => h.house_type),
  });
  return (await pipeline.predictRows(table)).map((row) => row[0] as number);
}
