import { ConfigError, FormatError } from '@weft/core';
import * as aq from 'arquero';
import { readGzipAsset } from './asset.js';
import { parseIDX } from './idx.js';
import { imagesTensor } from './images.js';
import type { DatasetMeta, ImageDataset } from './meta.js';
import { copyMeta } from './tabular.js';

const PIXELS = Array.from({ length: 784 }, (_, i) => `pixel_${i}`);
const SIZES = { train: 10000, test: 2000 } as const;

export const fashionMnistMeta: DatasetMeta = {
  name: 'fashion-mnist',
  source:
    'Debian dataset-fashion-mnist (/usr/share/datasets/fashion-mnist), subset extracted by packages/datasets/scripts/extract.mjs',
  license: 'MIT',
  rows: SIZES.train,
  columns: [...PIXELS, 'label'],
  citation:
    'Xiao, H., Rasul, K. & Vollgraf, R. (2017). Fashion-MNIST: a Novel Image Dataset for Benchmarking Machine Learning Algorithms. arXiv:1708.07747',
  target: 'label',
  classNames: [
    'T-shirt/top',
    'Trouser',
    'Pullover',
    'Dress',
    'Coat',
    'Sandal',
    'Shirt',
    'Sneaker',
    'Bag',
    'Ankle boot',
  ],
  description:
    "A balanced subset of Zalando's Fashion-MNIST: 28×28 grey-scale images of clothing in 10 classes. train: the first 1000 images of each class of the original training set (10,000); test: the first 200 of each class of the original test set (2,000); original order kept. Pixels `pixel_0` … `pixel_783` (row-major, 0–255) and `label` 0–9.",
};

export interface FashionMnistOptions {
  /** 'train' (10,000 images, default) or 'test' (2,000). */
  split?: 'train' | 'test';
  /** Also return `images`, an [n, 28, 28, 1] float32 tensor in [0, 1] (pixel / 255). Default true. */
  images?: boolean;
}

/**
 * A Fashion-MNIST subset (10k train / 2k test, balanced): a table of 784 pixel columns (0–255,
 * Uint8Array) and `label`, plus `images`. The two splits are disjoint (they come from the
 * original train and test files).
 */
export async function loadFashionMNIST(options: FashionMnistOptions = {}): Promise<ImageDataset> {
  const where = 'loadFashionMNIST';
  const split = options.split ?? 'train';
  if (split !== 'train' && split !== 'test') {
    throw new ConfigError({
      where,
      problem: 'unknown split',
      expected: "'train' or 'test'",
      received: { split },
    });
  }
  const [imageBytes, labelBytes] = await Promise.all(
    split === 'train'
      ? [
          readGzipAsset(new URL('../data/fashion-mnist-train-images.idx.gz', import.meta.url), where),
          readGzipAsset(new URL('../data/fashion-mnist-train-labels.idx.gz', import.meta.url), where),
        ]
      : [
          readGzipAsset(new URL('../data/fashion-mnist-test-images.idx.gz', import.meta.url), where),
          readGzipAsset(new URL('../data/fashion-mnist-test-labels.idx.gz', import.meta.url), where),
        ],
  );
  const images = parseIDX(imageBytes, where);
  const labels = parseIDX(labelBytes, where);
  const n = SIZES[split];
  if (images.shape.join() !== `${n},28,28` || labels.shape.join() !== `${n}`) {
    throw new FormatError({
      where,
      problem: 'the shipped Fashion-MNIST files do not have the expected shapes',
      expected: `[${n}, 28, 28] images and [${n}] labels`,
      received: { images: images.shape, labels: labels.shape },
      fix: 'Reinstall @weft/datasets',
    });
  }
  const columns: Record<string, Uint8Array> = {};
  PIXELS.forEach((name, j) => {
    const column = new Uint8Array(n);
    for (let i = 0; i < n; i++) column[i] = images.data[i * 784 + j] as number;
    columns[name] = column;
  });
  columns.label = labels.data.slice();
  const table = aq.table(columns);
  const meta = { ...copyMeta(fashionMnistMeta), rows: n };
  if (options.images === false) return { table, meta };
  return { table, meta, images: imagesTensor(images.data, n, 28, 28, 255) };
}
