import { describe, expect, it } from 'vitest';
import { expectMatchesReference, reference } from '../test/reference.js';
import { loadWine, wineMeta } from './wine.js';

describe('loadWine', () => {
  it('matches scikit-learn: 178 rows × 13 features, classes 59/71/48', async () => {
    const { table, meta } = await loadWine();
    expect(table.columnNames()).toEqual(wineMeta.columns);
    expectMatchesReference(table, wineMeta.columns.slice(0, 13), 'label', reference.wine);
    expect(table.get('alcohol', 0)).toBe(14.23);
    expect(table.get('proline', 0)).toBe(1065);
    expect(meta.classNames).toEqual(['class_0', 'class_1', 'class_2']);
  });
});
