import type { Dataset, DatasetMeta } from './meta.js';
import { loadTable } from './tabular.js';

export const autoMpgMeta: DatasetMeta = {
  name: 'auto-mpg',
  source: 'npm vega-datasets 3.2.1 (data/cars.json), from the StatLib archive (Carnegie Mellon University)',
  license: 'CC-BY-4.0',
  rows: 406,
  columns: [
    'name',
    'mpg',
    'cylinders',
    'displacement',
    'horsepower',
    'weight',
    'acceleration',
    'model_year',
    'origin',
  ],
  citation:
    'Quinlan, R. (1993). Auto MPG [Dataset]. UCI Machine Learning Repository. https://doi.org/10.24432/C5859H',
  target: 'mpg',
  description:
    'Fuel consumption of 406 cars from 1970–1982: miles per gallon, cylinders, displacement (cubic inches), horsepower, weight (lbs), acceleration (seconds to 60 mph), model year, origin (USA, Europe, Japan) and name. Missing values are null: mpg in 8 rows, horsepower in 6 (the UCI "auto-mpg.data" file drops the 8 rows without mpg).',
};

/** Auto MPG: 406 cars, `mpg` the usual regression target (null in 8 rows). */
export async function loadAutoMPG(): Promise<Dataset> {
  return loadTable(autoMpgMeta, new URL('../data/auto-mpg.csv.gz', import.meta.url), 'loadAutoMPG', [
    'name',
    'origin',
  ]);
}
