import { describe, expect, it } from 'vitest';
import { expectMatchesReference, reference } from '../test/reference.js';
import { diabetesMeta, loadDiabetes } from './diabetes.js';

describe('loadDiabetes', () => {
  it('matches scikit-learn load_diabetes(scaled=False): 442 rows, raw units, progression target', async () => {
    const { table, meta } = await loadDiabetes();
    expect(table.columnNames()).toEqual(diabetesMeta.columns);
    expectMatchesReference(table, diabetesMeta.columns.slice(0, 10), 'progression', reference.diabetes);
    const target = Array.from(table.array('progression') as ArrayLike<number>);
    expect(target.reduce((a, b) => a + b, 0) / target.length).toBeCloseTo(
      reference.diabetes.target.mean as number,
      9,
    );
    expect(table.objects({ limit: 1 })[0]).toMatchObject({ age: 59, sex: 2, bmi: 32.1, progression: 151 });
    expect(meta.target).toBe('progression');
  });
});
