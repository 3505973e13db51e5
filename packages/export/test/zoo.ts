import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@weft/core';
import {
  AvgPool2D,
  BatchNormalization,
  Conv1D,
  Conv2D,
  Dense,
  Dropout,
  Embedding,
  Flatten,
  GlobalAveragePool1D,
  GlobalAveragePool2D,
  type Layer,
  LayerNormalization,
  MaxPool2D,
  MultiHeadAttention,
  Reshape,
  sequential,
} from '@weft/layers';
import { mlp, Pipeline, transformerEncoderClassifier } from '@weft/models';
import { StandardScaler } from '@weft/preprocess';
import * as aq from 'arquero';

/**
 * The models every format is tested on. `input` makes a seeded batch of the right kind (NHWC
 * images, features, or integer ids); `formats` lists the formats that support the model.
 */
export interface ZooEntry {
  name: string;
  make(): Layer;
  input(batch: number, seed: number): tf.Tensor;
  formats: ('onnx' | 'tfjs' | 'keras')[];
}

const uniform = (shape: number[], seed: number) => tf.randomUniform(shape, -1, 1, 'float32', seed);

export const ZOO: ZooEntry[] = [
  {
    name: 'mlp (relu, linear)',
    make: () => mlp({ inputs: 5, hidden: [8, 6], outputs: 3, seed: 1 }),
    input: (n, s) => uniform([n, 5], s),
    formats: ['onnx', 'tfjs', 'keras'],
  },
  {
    name: 'dense activations (sigmoid, tanh, gelu, softmax)',
    make: () =>
      sequential(
        [
          new Dense({ units: 7, activation: 'sigmoid' }),
          new Dense({ units: 6, activation: 'tanh', useBias: false }),
          new Dense({ units: 5, activation: 'gelu', biasInitializer: 'uniform' }),
          new Dense({ units: 4, activation: 'softmax' }),
        ],
        { inputShape: [null, 3], seed: 2 },
      ),
    input: (n, s) => tf.tidy(() => tf.mul(uniform([n, 3], s), 3)),
    formats: ['onnx', 'tfjs', 'keras'],
  },
  {
    name: 'leaky relu',
    make: () =>
      sequential([new Dense({ units: 6, activation: 'leakyRelu' }), new Dense({ units: 2 })], {
        inputShape: [null, 4],
        seed: 3,
      }),
    input: (n, s) => uniform([n, 4], s),
    formats: ['onnx', 'keras'],
  },
  {
    name: 'cnn (conv same/valid, strides, max pool, flatten, dropout, softmax)',
    make: () =>
      sequential(
        [
          new Conv2D({
            filters: 4,
            kernelSize: 3,
            padding: 'same',
            activation: 'relu',
            biasInitializer: 'uniform',
          }),
          new MaxPool2D({ poolSize: 2 }),
          new Conv2D({ filters: 5, kernelSize: [2, 3], strides: [1, 2], activation: 'tanh' }),
          new MaxPool2D({ poolSize: 2, strides: 1, padding: 'same' }),
          new Flatten(),
          new Dropout({ rate: 0.3 }),
          new Dense({ units: 3, activation: 'softmax' }),
        ],
        { inputShape: [null, 9, 10, 2], seed: 4 },
      ),
    input: (n, s) => uniform([n, 9, 10, 2], s),
    formats: ['onnx', 'tfjs', 'keras'],
  },
  {
    name: 'dilated conv (same padding, dilation 2)',
    make: () =>
      sequential(
        [
          new Conv2D({ filters: 3, kernelSize: 3, dilationRate: 2, padding: 'same', activation: 'relu' }),
          new Conv2D({ filters: 2, kernelSize: [2, 3], dilationRate: [2, 1] }),
          new Flatten(),
          new Dense({ units: 2 }),
        ],
        { inputShape: [null, 8, 7, 2], seed: 8 },
      ),
    input: (n, s) => uniform([n, 8, 7, 2], s),
    formats: ['onnx', 'tfjs', 'keras'],
  },
  {
    name: 'layer normalization',
    make: () =>
      sequential(
        [
          new Dense({ units: 6, activation: 'relu' }),
          new LayerNormalization({ epsilon: 1e-5 }),
          new Dense({ units: 2 }),
          new LayerNormalization({ center: false }),
        ],
        { inputShape: [null, 4], seed: 5 },
      ),
    input: (n, s) => uniform([n, 4], s),
    formats: ['onnx', 'tfjs', 'keras'],
  },
  {
    name: 'embedding',
    make: () =>
      sequential(
        [
          new Embedding({ inputDim: 11, outputDim: 4, maskZero: true }),
          new Flatten(),
          new Dense({ units: 2 }),
        ],
        {
          inputShape: [null, 6],
          seed: 6,
        },
      ),
    input: (n, s) => {
      const rng = new Rng(s);
      return tf.tensor2d(
        Array.from({ length: n * 6 }, () => rng.int(11)),
        [n, 6],
        'int32',
      );
    },
    formats: ['onnx', 'tfjs', 'keras'],
  },
  {
    name: 'reshape into a conv, dense on rank 3',
    make: () =>
      sequential(
        [
          new Dense({ units: 12 }),
          new Reshape({ targetShape: [2, 3, 2] }),
          new Conv2D({ filters: 3, kernelSize: 2, padding: 'same' }),
          new Dense({ units: 2, activation: 'relu' }),
          new Reshape({ targetShape: [-1] }),
        ],
        { inputShape: [null, 5], seed: 7 },
      ),
    input: (n, s) => uniform([n, 5], s),
    formats: ['onnx', 'tfjs', 'keras'],
  },
];

/**
 * Moves a model's BatchNormalization statistics away from their initial zeros and ones (training
 * passes on seeded data), so an export that ignored them would fail its comparison.
 */
function withMovedStatistics(model: Layer, shape: number[], seed: number): Layer {
  for (let i = 0; i < 3; i++)
    tf.tidy(() => {
      model.apply(tf.add(tf.mul(uniform(shape, seed + i), 2), 0.5), { training: true });
    });
  return model;
}

/** Models of the layers only ONNX (besides weft and safetensors) exports. */
export const ONNX_ONLY_ZOO: ZooEntry[] = [
  {
    name: 'batch norm and average pools (same and valid, global)',
    make: () =>
      withMovedStatistics(
        sequential(
          [
            new Conv2D({ filters: 4, kernelSize: 3, padding: 'same', biasInitializer: 'uniform' }),
            new BatchNormalization({ momentum: 0.2, epsilon: 1e-3 }),
            new AvgPool2D({ poolSize: 3, strides: 2, padding: 'same' }),
            new AvgPool2D({ poolSize: [2, 1], strides: 1 }),
            new GlobalAveragePool2D(),
            new BatchNormalization({ momentum: 0.2, center: false }),
            new Dense({ units: 3, activation: 'softmax' }),
          ],
          { inputShape: [null, 9, 10, 2], seed: 9 },
        ),
        [6, 9, 10, 2],
        20,
      ),
    input: (n, s) => uniform([n, 9, 10, 2], s),
    formats: ['onnx'],
  },
  {
    name: 'global average pool keeping dims, batch norm on rank 2',
    make: () =>
      withMovedStatistics(
        sequential(
          [
            new AvgPool2D({ poolSize: 2, padding: 'same' }),
            new GlobalAveragePool2D({ keepDims: true }),
            new Flatten(),
            new Dense({ units: 5 }),
            new BatchNormalization({ momentum: 0.3, scale: false }),
            new Dense({ units: 2 }),
          ],
          { inputShape: [null, 5, 7, 3], seed: 10 },
        ),
        [6, 5, 7, 3],
        30,
      ),
    input: (n, s) => uniform([n, 5, 7, 3], s),
    formats: ['onnx'],
  },
  {
    name: 'conv1d (same strided, causal dilated, valid) and global average pool 1d',
    make: () =>
      withMovedStatistics(
        sequential(
          [
            new Conv1D({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }),
            new Conv1D({
              filters: 3,
              kernelSize: 2,
              dilationRate: 2,
              padding: 'causal',
              biasInitializer: 'uniform',
            }),
            new BatchNormalization({ momentum: 0.2 }),
            new Conv1D({ filters: 5, kernelSize: 2, useBias: false, activation: 'tanh' }),
            new GlobalAveragePool1D(),
            new Dense({ units: 2 }),
          ],
          { inputShape: [null, 11, 3], seed: 11 },
        ),
        [6, 11, 3],
        40,
      ),
    input: (n, s) => uniform([n, 11, 3], s),
    formats: ['onnx'],
  },
  {
    name: 'embedding then global average pool 1d (no mask)',
    make: () =>
      sequential(
        [new Embedding({ inputDim: 9, outputDim: 4 }), new GlobalAveragePool1D(), new Dense({ units: 2 })],
        { inputShape: [null, 5], seed: 12 },
      ),
    input: (n, s) => {
      const rng = new Rng(s);
      return tf.tensor2d(
        Array.from({ length: n * 5 }, () => rng.int(9)),
        [n, 5],
        'int32',
      );
    },
    formats: ['onnx'],
  },
];

/** Seeded ids `[n, steps]` from 1 to vocab − 1, each row padded with 0s after a random length ≥ 1. */
function paddedIds(n: number, steps: number, vocab: number, seed: number): tf.Tensor {
  const rng = new Rng(seed);
  const ids: number[] = [];
  for (let r = 0; r < n; r++) {
    const length = r === 0 ? steps : 1 + rng.int(steps);
    for (let t = 0; t < steps; t++) ids.push(t < length ? 1 + rng.int(vocab - 1) : 0);
  }
  return tf.tensor2d(ids, [n, steps], 'int32');
}

/** Transformer models: attention decomposed into standard ops, padding masked from the ids. */
export const TRANSFORMER_ZOO: ZooEntry[] = [
  {
    name: 'transformer encoder classifier (learned positions, post-norm)',
    make: () =>
      transformerEncoderClassifier({
        vocabSize: 23,
        maxLength: 9,
        dModel: 8,
        numHeads: 2,
        ffDim: 12,
        numLayers: 2,
        classes: 3,
        seed: 13,
      }),
    input: (n, s) => paddedIds(n, 7, 23, s),
    formats: ['onnx'],
  },
  {
    name: 'pre-norm transformer encoder classifier (sinusoidal positions, gelu)',
    make: () =>
      transformerEncoderClassifier({
        vocabSize: 17,
        maxLength: 8,
        dModel: 12,
        numHeads: 3,
        ffDim: 10,
        numLayers: 1,
        classes: 2,
        positions: 'sinusoidal',
        normFirst: true,
        activation: 'gelu',
        outputActivation: 'linear',
        seed: 14,
      }),
    input: (n, s) => paddedIds(n, 8, 17, s),
    formats: ['onnx'],
  },
  {
    name: 'multi-head attention on a masked sequence, masked mean',
    make: () =>
      sequential(
        [
          new Embedding({ inputDim: 15, outputDim: 6, maskZero: true }),
          new MultiHeadAttention({
            numHeads: 2,
            keyDim: 4,
            valueDim: 5,
            outputDim: 7,
            biasInitializer: 'uniform',
          }),
          new Dense({ units: 6, activation: 'relu' }),
          new GlobalAveragePool1D(),
          new Dense({ units: 2 }),
        ],
        { inputShape: [null, 6], seed: 15 },
      ),
    input: (n, s) => paddedIds(n, 6, 15, s),
    formats: ['onnx'],
  },
];

// Part of the zoo: every test that filters it by format sees these too.
ZOO.push(...ONNX_ONLY_ZOO, ...TRANSFORMER_ZOO);

/** A small pipeline shaped like the house-price tutorial's: 3 raw features, scaled target. */
export async function housePipeline(seed: number): Promise<{ pipeline: Pipeline; rows: aq.ColumnTable }> {
  const rng = new Rng(seed);
  const n = 60;
  const area = Array.from({ length: n }, () => rng.uniform(40, 250));
  const bedrooms = Array.from({ length: n }, () => 1 + rng.int(5));
  const type = Array.from({ length: n }, () => rng.int(3));
  const price = area.map(
    (a, i) => 1500 * a + 9000 * (bedrooms[i] as number) + 20000 * (type[i] as number) + 30000,
  );
  const features = ['house_area', 'bedroom_number', 'house_type'];
  const train = aq.table({
    house_area: area,
    bedroom_number: bedrooms,
    house_type: type,
    house_price: price,
  });
  const pipeline = new Pipeline({
    model: mlp({ inputs: 3, hidden: [10], outputs: 1, seed }),
    features,
    outputs: ['house_price'],
    featureTransform: await new StandardScaler().fit(train, features),
    targetTransform: await new StandardScaler().fit(train, ['house_price']),
  });
  // The tutorial's three new houses, in raw units.
  const rows = aq.table({ house_area: [80, 150, 230], bedroom_number: [2, 3, 5], house_type: [0, 1, 2] });
  return { pipeline, rows };
}

/** A file-name form of a zoo entry's name ('cnn (conv …)' → 'cnn'). */
export function fixtureName(entry: ZooEntry): string {
  return entry.name
    .replace(/\(.*\)/, '')
    .trim()
    .replace(/[^a-z0-9]+/gi, '-')
    .replace(/-+$/, '')
    .toLowerCase();
}
