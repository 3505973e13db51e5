import type { Tensor4D } from '@tensorflow/tfjs-core';
import { ConfigError } from '@weft/core';
import type { ColumnTable } from 'arquero';

/** What a data set is and where it comes from; shipped beside every data set. */
export interface DatasetMeta {
  /** Short kebab-case name, e.g. `house-prices`. */
  name: string;
  /** Where the rows come from: a URL or publication, or `synthetic (seeded)`. */
  source: string;
  /** SPDX identifier of the data's license. */
  license: string;
  /** Row count (for generators: of the default size, or of the table it was returned with). */
  rows: number;
  /** Column names in table order. */
  columns: string[];
  /** How to cite it. */
  citation: string;
  /** The column usually predicted. */
  target?: string;
  /** One paragraph: what the rows are, and for generators the model that draws them. */
  description?: string;
  /** Names of the target's integer codes, in code order (label 0 is `classNames[0]`). */
  classNames?: string[];
}

/** What every `load<Name>()` resolves to. */
export interface Dataset {
  table: ColumnTable;
  meta: DatasetMeta;
}

/** What image sets resolve to: the table plus the pixels as a tensor, unless `{ images: false }`. */
export interface ImageDataset extends Dataset {
  /**
   * `[rows, height, width, 1]` float32 (NHWC) in [0, 1], row i of the table. New on every call:
   * the caller owns it and disposes it.
   */
  images?: Tensor4D;
}

/** Throws a ConfigError unless `n` is a positive whole row count and `seed` a finite number. */
export function checkGeneratorArgs(where: string, n: unknown, seed: unknown): void {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
    throw new ConfigError({
      where,
      problem: 'the row count is not a positive integer',
      expected: 'n ≥ 1, a whole number',
      received: { n },
    });
  }
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new ConfigError({
      where,
      problem: 'the seed is not a finite number',
      expected: 'a fixed integer such as 0',
      received: { seed },
    });
  }
}
