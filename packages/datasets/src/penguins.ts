import type { Dataset, DatasetMeta } from './meta.js';
import { loadTable } from './tabular.js';

export const penguinsMeta: DatasetMeta = {
  name: 'penguins',
  source:
    'npm vega-datasets 3.2.1 (data/penguins.json); Palmer Station Antarctica LTER, via the palmerpenguins R package',
  license: 'CC0-1.0',
  rows: 344,
  columns: [
    'species',
    'island',
    'bill_length_mm',
    'bill_depth_mm',
    'flipper_length_mm',
    'body_mass_g',
    'sex',
  ],
  citation:
    'Horst, A. M., Hill, A. P. & Gorman, K. B. (2020). palmerpenguins: Palmer Archipelago (Antarctica) penguin data. R package version 0.1.0. https://doi.org/10.5281/zenodo.3960218',
  target: 'species',
  description:
    'Size measurements of 344 adult penguins of three species (Adelie 152, Gentoo 124, Chinstrap 68) on three islands of the Palmer Archipelago, with column names and codes as in palmerpenguins. Missing values are null: the four measurements in 2 rows, sex in 11.',
};

/** Palmer penguins: 344 rows, `species` the usual target; nulls where measurements are missing. */
export async function loadPenguins(): Promise<Dataset> {
  return loadTable(penguinsMeta, new URL('../data/penguins.csv.gz', import.meta.url), 'loadPenguins', [
    'species',
    'island',
    'sex',
  ]);
}
