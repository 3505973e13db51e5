import { describe, expect, it } from 'vitest';
import { autoMpgMeta, loadAutoMPG } from './auto-mpg.js';

describe('loadAutoMPG', () => {
  it('has 406 cars, the documented nulls, and the UCI figures for the 398 rows with mpg', async () => {
    const { table } = await loadAutoMPG();
    expect(table.columnNames()).toEqual(autoMpgMeta.columns);
    expect(table.numRows()).toBe(406);
    expect(table.objects({ limit: 1 })[0]).toEqual({
      name: 'chevrolet chevelle malibu',
      mpg: 18,
      cylinders: 8,
      displacement: 307,
      horsepower: 130,
      weight: 3504,
      acceleration: 12,
      model_year: 1970,
      origin: 'USA',
    });
    const mpg = (table.array('mpg') as (number | null)[]).filter((v): v is number => v !== null);
    expect(mpg.length).toBe(398);
    // The mean and range of mpg in UCI's auto-mpg.data (398 rows): 23.514572…, 9 to 46.6.
    expect(mpg.reduce((a, b) => a + b, 0) / mpg.length).toBeCloseTo(23.514573, 5);
    expect([Math.min(...mpg), Math.max(...mpg)]).toEqual([9, 46.6]);
    expect((table.array('horsepower') as unknown[]).filter((v) => v === null).length).toBe(6);
    expect(new Set(table.array('origin') as string[])).toEqual(new Set(['USA', 'Europe', 'Japan']));
  });
});
