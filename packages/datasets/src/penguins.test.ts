import { describe, expect, it } from 'vitest';
import { loadPenguins, penguinsMeta } from './penguins.js';

describe('loadPenguins', () => {
  it("matches palmerpenguins: 344 rows, species counts, first row, the bill-length mean and the NA's", async () => {
    const { table, meta } = await loadPenguins();
    expect(table.columnNames()).toEqual(penguinsMeta.columns);
    expect(table.objects({ limit: 1 })[0]).toEqual({
      species: 'Adelie',
      island: 'Torgersen',
      bill_length_mm: 39.1,
      bill_depth_mm: 18.7,
      flipper_length_mm: 181,
      body_mass_g: 3750,
      sex: 'male',
    });
    const count = (name: string) => {
      const counts: Record<string, number> = {};
      for (const v of table.array(name) as unknown[]) counts[String(v)] = (counts[String(v)] ?? 0) + 1;
      return counts;
    };
    expect(count('species')).toEqual({ Adelie: 152, Gentoo: 124, Chinstrap: 68 });
    expect(count('sex')).toEqual({ male: 168, female: 165, null: 11 });
    const bill = (table.array('bill_length_mm') as (number | null)[]).filter((v): v is number => v !== null);
    expect(bill.length).toBe(342);
    // summary(penguins) in palmerpenguins: mean bill_length_mm 43.92193, mean body_mass_g 4201.754.
    expect(bill.reduce((a, b) => a + b, 0) / bill.length).toBeCloseTo(43.92193, 5);
    expect(meta.license).toBe('CC0-1.0');
  });
});
