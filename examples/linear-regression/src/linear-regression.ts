import * as tf from '@tensorflow/tfjs-core';
import { toTensors, trainTestSplit } from '@weft/data';
import { linearToy } from '@weft/datasets';
import { Dense } from '@weft/layers';
import { meanSquaredError } from '@weft/metrics';
import { fit, predict } from '@weft/train';
import type { ColumnTable } from 'arquero';
import { ordinaryLeastSquares } from './ols.js';

export interface RunResult {
  epochs: number;
  learningRate: number;
  trainSeconds: number;
  w: number;
  b: number;
  mse: number;
  loss: number[];
}

export interface Split {
  train: ColumnTable;
  test: ColumnTable;
}

/** 100 points of y = 3x + 2 + N(0, 1), x ~ U(0, 1), split 80/20 with the seed. */
export function makeSplit(seed: number, rows = 100): Split {
  return trainTestSplit(linearToy(rows, seed), { test: 0.2, seed });
}

/** Linear(1, 1) trained with full-batch SGD on MSE; w, b and the test MSE. */
export async function trainLinear(
  split: Split,
  options: { epochs: number; learningRate: number; seed: number },
): Promise<RunResult> {
  const train = toTensors(split.train, { features: ['x'], target: 'y' });
  const test = toTensors(split.test, { features: ['x'], target: 'y' });
  const model = new Dense({ units: 1, inputShape: [null, 1], seed: options.seed });
  const history = await fit(
    model,
    { x: train.x, y: train.y as tf.Tensor },
    {
      loss: 'mse',
      optimizer: 'sgd',
      learningRate: options.learningRate,
      epochs: options.epochs,
      batchSize: split.train.numRows(),
      shuffle: false,
      verbose: 0,
    },
  );
  const [kernel, bias] = await Promise.all(model.weights.map((v) => v.data()));
  const predicted = await predict(model, test.x);
  const mse = await meanSquaredError(test.y as tf.Tensor, predicted);
  tf.dispose([train.x, train.y, test.x, test.y, predicted]);
  model.dispose();
  return {
    epochs: options.epochs,
    learningRate: options.learningRate,
    trainSeconds: history.trainSeconds,
    w: (kernel as Float32Array)[0] as number,
    b: (bias as Float32Array)[0] as number,
    mse,
    loss: history.history.loss ?? [],
  };
}

/** The OLS line fitted on the training split, and its test MSE. */
export function ordinaryLeastSquaresRun(split: Split): { w: number; b: number; mse: number } {
  const { w, b } = ordinaryLeastSquares(
    split.train.array('x') as number[],
    split.train.array('y') as number[],
  );
  const x = split.test.array('x') as number[];
  const y = split.test.array('y') as number[];
  const mse = x.reduce((sum, xi, i) => sum + (w * xi + b - (y[i] as number)) ** 2, 0) / x.length;
  return { w, b, mse };
}
