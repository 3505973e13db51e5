import { describe, expect, it } from 'vitest';
import { expectMatchesReference, reference } from '../test/reference.js';
import { breastCancerMeta, loadBreastCancer } from './breast-cancer.js';

describe('loadBreastCancer', () => {
  it('matches scikit-learn: 569 rows × 30 features in its order, 212 malignant (0), 357 benign (1)', async () => {
    const { table, meta } = await loadBreastCancer();
    const features = breastCancerMeta.columns.slice(0, 30);
    // Our snake_case names are scikit-learn's feature_names with spaces as underscores.
    expect(features).toEqual(reference.breastCancer.featureNames?.map((n) => n.replace(/ /g, '_')));
    expectMatchesReference(table, features, 'label', reference.breastCancer);
    expect(meta.classNames).toEqual(['malignant', 'benign']);
  });
});
