import type { Dataset, DatasetMeta } from './meta.js';
import { loadTable } from './tabular.js';

const BASE = [
  'radius',
  'texture',
  'perimeter',
  'area',
  'smoothness',
  'compactness',
  'concavity',
  'concave_points',
  'symmetry',
  'fractal_dimension',
];

export const breastCancerMeta: DatasetMeta = {
  name: 'breast-cancer',
  source:
    'scikit-learn 1.2 (sklearn/datasets/data/breast_cancer.csv, Debian python3-sklearn); originally the UCI Machine Learning Repository',
  license: 'CC-BY-4.0',
  rows: 569,
  columns: [
    ...BASE.map((b) => `mean_${b}`),
    ...BASE.map((b) => `${b}_error`),
    ...BASE.map((b) => `worst_${b}`),
    'label',
  ],
  citation:
    'Wolberg, W., Mangasarian, O., Street, N. & Street, W. (1995). Breast Cancer Wisconsin (Diagnostic) [Dataset]. UCI Machine Learning Repository. https://doi.org/10.24432/C5DW2B',
  target: 'label',
  classNames: ['malignant', 'benign'],
  description:
    'Breast Cancer Wisconsin (Diagnostic): 30 features of cell nuclei from 569 fine-needle aspirates (mean, standard error and worst of ten measurements) and the diagnosis, coded as in scikit-learn: 0 = malignant (212), 1 = benign (357).',
};

/** Breast Cancer Wisconsin (Diagnostic): 569 rows, 30 features, `label` (0 malignant, 1 benign). */
export async function loadBreastCancer(): Promise<Dataset> {
  return loadTable(
    breastCancerMeta,
    new URL('../data/breast-cancer.csv.gz', import.meta.url),
    'loadBreastCancer',
  );
}
