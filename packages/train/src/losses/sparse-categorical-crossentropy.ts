import * as tf from '@tensorflow/tfjs-core';
import { ShapeError, ValueError } from '@weft/core';
import { categoricalRows } from './categorical-crossentropy.js';
import { type CrossentropyOptions, checkFromLogits, checkProbabilities } from './options.js';
import type { Loss, OutputShape } from './types.js';

/** Labels `[n, …]` or `[n, …, 1]` as int32 one-hot rows of `classes`. */
function oneHotLabels(yTrue: tf.Tensor, classes: number): tf.Tensor {
  const labels = yTrue.dtype === 'int32' ? yTrue : tf.cast(yTrue, 'int32');
  return tf.reshape(tf.oneHot(tf.reshape(labels, [-1]), classes), [...labelShape(yTrue.shape), classes]);
}

/** `[n, …, 1]` → `[n, …]`: the shape of the labels without a trailing unit axis. */
function labelShape(shape: readonly number[]): number[] {
  return shape.length > 1 && shape[shape.length - 1] === 1 ? shape.slice(0, -1) : [...shape];
}

/** Cross-entropy mean over rows, from integer labels (PyTorch's `CrossEntropyLoss`/`NLLLoss`). */
export function sparseCategoricalCrossentropyLoss(
  yTrue: tf.Tensor,
  yPred: tf.Tensor,
  options: CrossentropyOptions = {},
): tf.Scalar {
  const fromLogits = checkFromLogits(options, 'sparseCategoricalCrossentropyLoss');
  return tf.tidy(() =>
    tf.mean(
      categoricalRows(
        tf.cast(oneHotLabels(yTrue, yPred.shape[yPred.rank - 1] as number), 'float32'),
        yPred,
        fromLogits,
      ),
    ),
  );
}

/**
 * Cross-entropy from integer class labels (`'sparseCategoricalCrossentropy'`): targets `[n]` or
 * `[n, 1]` (int32, or floats holding integers) against outputs `[n, classes]`. Labels outside
 * [0, classes) are a typed error before training (one-hot encoding would silently zero them).
 */
export class SparseCategoricalCrossentropyLoss implements Loss {
  readonly name = 'sparseCategoricalCrossentropy';
  readonly fromLogits: boolean;

  constructor(options: CrossentropyOptions = {}) {
    this.fromLogits = checkFromLogits(options, 'SparseCategoricalCrossentropyLoss.constructor');
  }

  perSample(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const classes = yPred.shape[yPred.rank - 1] as number;
      return categoricalRows(tf.cast(oneHotLabels(yTrue, classes), 'float32'), yPred, this.fromLogits);
    });
  }

  checkShapes(yShape: readonly number[], outputShape: OutputShape, where: string): void {
    const want = outputShape.slice(1, -1);
    const got = labelShape(yShape).slice(1);
    const classes = outputShape[outputShape.length - 1];
    if (
      outputShape.length < 2 ||
      classes === null ||
      got.length !== want.length ||
      want.some((d, i) => d !== null && d !== got[i])
    ) {
      throw new ShapeError({
        where,
        problem: 'sparse categorical labels do not fit the model output',
        expected: `labels of shape [n${want.map((d) => `, ${d}`).join('')}] (or with a trailing 1) for outputs [n${outputShape
          .slice(1)
          .map((d) => `, ${d}`)
          .join('')}]`,
        received: { yShape: [...yShape], modelOutputShape: [...outputShape] },
        fix: 'Pass integer class indices (not one-hot rows: use categoricalCrossentropy for those)',
      });
    }
  }

  async checkTargets(y: tf.Tensor, outputShape: OutputShape, where: string): Promise<void> {
    const classes = outputShape[outputShape.length - 1] as number;
    const values = await y.data();
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      if (!Number.isInteger(v) || v < 0 || v >= classes) {
        throw new ValueError({
          where,
          problem: `label ${v} at position ${i} is not a class index of this model`,
          expected: `integers from 0 to ${classes - 1} (the model outputs ${classes} classes)`,
          received: { label: v, index: i },
          fix: 'Encode labels as 0…classes−1 (e.g. with a label encoder), or widen the last layer',
        });
      }
    }
  }

  async checkOutputs(yPred: tf.Tensor, where: string): Promise<void> {
    if (!this.fromLogits) await checkProbabilities(yPred, true, this.name, where);
  }

  toPrediction(yPred: tf.Tensor): tf.Tensor {
    return this.fromLogits ? tf.softmax(yPred) : tf.clone(yPred);
  }
}
