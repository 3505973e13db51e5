import { describe, expect, it } from 'vitest';
import { expectMatchesReference, reference } from '../test/reference.js';
import { irisMeta, loadIris } from './iris.js';

describe('loadIris', () => {
  it('matches scikit-learn: 150 rows, first row 5.1, 3.5, 1.4, 0.2 setosa, 50 per species', async () => {
    const { table, meta } = await loadIris();
    expect(table.columnNames()).toEqual(irisMeta.columns);
    expect(table.objects({ limit: 1 })).toEqual([
      { sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2, species: 'setosa' },
    ]);
    expectMatchesReference(table, irisMeta.columns.slice(0, 4), 'species', reference.iris);
    expect(meta).toMatchObject({ name: 'iris', rows: 150, license: 'CC-BY-4.0', target: 'species' });
    expect(meta.citation).toMatch(/Fisher/);
  });

  it('returns a fresh table and metadata on every call', async () => {
    const a = await loadIris();
    a.meta.columns.push('changed');
    const b = await loadIris();
    expect(b.meta.columns).toEqual(irisMeta.columns);
    expect(b.table).not.toBe(a.table);
  });
});
