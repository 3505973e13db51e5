import { imagesTensor } from './images.js';
import type { DatasetMeta, ImageDataset } from './meta.js';
import { loadTable } from './tabular.js';

const PIXELS = Array.from({ length: 64 }, (_, i) => `pixel_${Math.floor(i / 8)}_${i % 8}`);

export const digitsMeta: DatasetMeta = {
  name: 'digits',
  source:
    'scikit-learn 1.2 (sklearn/datasets/data/digits.csv.gz, Debian python3-sklearn); originally the UCI Machine Learning Repository',
  license: 'CC-BY-4.0',
  rows: 1797,
  columns: [...PIXELS, 'label'],
  citation:
    'Alpaydin, E. & Kaynak, C. (1998). Optical Recognition of Handwritten Digits [Dataset]. UCI Machine Learning Repository. https://doi.org/10.24432/C50P49',
  target: 'label',
  classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  description:
    'Handwritten digits as 8×8 images: each pixel (`pixel_<row>_<col>`) counts the set pixels of a 4×4 block of a 32×32 bitmap (0–16); `label` is the digit. The test part of the UCI set, as shipped by scikit-learn (about 180 images per digit).',
};

export interface DigitsOptions {
  /** Also return `images`, a [1797, 8, 8, 1] float32 tensor in [0, 1] (pixel / 16). Default true. */
  images?: boolean;
}

/** scikit-learn's 8×8 digits: 1797 rows, 64 pixel columns (0–16) and `label`; plus `images`. */
export async function loadDigits(options: DigitsOptions = {}): Promise<ImageDataset> {
  const { table, meta } = await loadTable(
    digitsMeta,
    new URL('../data/digits.csv.gz', import.meta.url),
    'loadDigits',
  );
  if (options.images === false) return { table, meta };
  const n = table.numRows();
  const pixels = new Float64Array(n * 64);
  PIXELS.forEach((name, j) => {
    const column = table.array(name) as ArrayLike<number>;
    for (let i = 0; i < n; i++) pixels[i * 64 + j] = column[i] as number;
  });
  return { table, meta, images: imagesTensor(pixels, n, 8, 8, 16) };
}
