import type { Dataset, DatasetMeta } from './meta.js';
import { loadTable } from './tabular.js';

export const wineMeta: DatasetMeta = {
  name: 'wine',
  source:
    'scikit-learn 1.2 (sklearn/datasets/data/wine_data.csv, Debian python3-sklearn); originally the UCI Machine Learning Repository',
  license: 'CC-BY-4.0',
  rows: 178,
  columns: [
    'alcohol',
    'malic_acid',
    'ash',
    'alcalinity_of_ash',
    'magnesium',
    'total_phenols',
    'flavanoids',
    'nonflavanoid_phenols',
    'proanthocyanins',
    'color_intensity',
    'hue',
    'od280_od315_of_diluted_wines',
    'proline',
    'label',
  ],
  citation:
    'Aeberhard, S. & Forina, M. (1991). Wine [Dataset]. UCI Machine Learning Repository. https://doi.org/10.24432/C5PC7J',
  target: 'label',
  classNames: ['class_0', 'class_1', 'class_2'],
  description:
    'Chemical analysis of 178 wines grown in one region of Italy by three cultivators: 13 measurements and the cultivator (label 0, 1 or 2: 59, 71 and 48 wines).',
};

/** The UCI wine recognition data: 178 rows, 13 chemical measurements, `label` 0–2. */
export async function loadWine(): Promise<Dataset> {
  return loadTable(wineMeta, new URL('../data/wine.csv.gz', import.meta.url), 'loadWine');
}
