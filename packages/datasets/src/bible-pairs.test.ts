import { describe, expect, it } from 'vitest';
import { biblePairsMeta, loadBiblePairs } from './bible-pairs.js';

describe('loadBiblePairs', () => {
  it('holds short aligned verse pairs with known references and texts', async () => {
    const { table, meta } = await loadBiblePairs();
    expect(table.columnNames()).toEqual(biblePairsMeta.columns);
    expect(table.numRows()).toBe(5308);
    const rows = table.objects() as {
      book: string;
      chapter: number;
      verse: number;
      en: string;
      es: string;
    }[];
    const find = (book: string, chapter: number, verse: number) =>
      rows.find((r) => r.book === book && r.chapter === chapter && r.verse === verse);
    expect(find('Gen', 1, 1)).toEqual({
      book: 'Gen',
      chapter: 1,
      verse: 1,
      en: 'In the beginning God created the heaven and the earth.',
      // The Reina-Valera's drop cap "EN el principio" is written in normal case.
      es: 'En el principio crió Dios los cielos y la tierra.',
    });
    expect(find('Gen', 1, 3)?.es).toBe('Y dijo Dios: Sea la luz: y fué la luz.');
    expect(find('John', 11, 35)?.en).toBe('Jesus wept.');
    expect(find('Rev', 22, 21)?.en).toBe('The grace of our Lord Jesus Christ be with you all. Amen.');
    expect(new Set(rows.map((r) => r.book)).size).toBeGreaterThan(60);
    expect(meta.license).toBe('LicenseRef-PublicDomain');
  });

  it('keeps no markup, Strong’s numbers or long verses, and no repeated pair', async () => {
    const { table } = await loadBiblePairs();
    const rows = table.objects() as { en: string; es: string }[];
    for (const { en, es } of rows) {
      for (const text of [en, es]) {
        expect(text).not.toMatch(/[<>¶\\]|strong:|[HG]\d{3,4}/);
        expect(text).toBe(text.trim());
        expect(text.split(' ').length).toBeLessThanOrEqual(15);
      }
    }
    expect(new Set(rows.map((r) => `${r.en}|${r.es}`)).size).toBe(rows.length);
  });
});
