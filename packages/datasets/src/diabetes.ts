import type { Dataset, DatasetMeta } from './meta.js';
import { loadTable } from './tabular.js';

export const diabetesMeta: DatasetMeta = {
  name: 'diabetes',
  source:
    'scikit-learn 1.2 (sklearn/datasets/data/diabetes_data_raw.csv.gz and diabetes_target.csv.gz, Debian python3-sklearn)',
  license: 'BSD-3-Clause',
  rows: 442,
  columns: ['age', 'sex', 'bmi', 'bp', 's1', 's2', 's3', 's4', 's5', 's6', 'progression'],
  citation:
    'Efron, B., Hastie, T., Johnstone, I. & Tibshirani, R. (2004). Least Angle Regression. Annals of Statistics, 32(2), 407–499.',
  target: 'progression',
  description:
    'Ten baseline variables of 442 diabetes patients in their original units (age in years, sex coded 1/2, body-mass index, mean blood pressure, six blood serum measurements s1–s6) and `progression`, a quantitative measure of disease progression one year later (25–346). scikit-learn’s load_diabetes() scales the features by default; these are the raw values (its scaled=False).',
};

/** The diabetes regression data (Efron et al. 2004): 442 rows, 10 raw features, `progression`. */
export async function loadDiabetes(): Promise<Dataset> {
  return loadTable(diabetesMeta, new URL('../data/diabetes.csv.gz', import.meta.url), 'loadDiabetes');
}
