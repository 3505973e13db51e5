import type { Dataset, DatasetMeta } from './meta.js';
import { loadTable } from './tabular.js';

export const biblePairsMeta: DatasetMeta = {
  name: 'bible-en-es',
  source:
    'Debian sword-text-kjv (SWORD module engKJV2006eb, 2022) and sword-text-sparv (spaRV1909eb, 2022), read with packages/datasets/scripts/sword.mjs',
  license: 'LicenseRef-PublicDomain',
  rows: 5308,
  columns: ['book', 'chapter', 'verse', 'en', 'es'],
  citation:
    'The Holy Bible, King James Version (1769 standard text) and Santa Biblia Reina-Valera (1909); SWORD modules by the CrossWire Bible Society and eBible.org.',
  description:
    'Aligned English (King James Version) and Spanish (Reina-Valera 1909) Bible verses, both in the KJV versification: every verse pair in which both sides have at most 15 words, with markup, Strong’s numbers, footnotes and headings removed, and repeated pairs kept once (first occurrence). `book` is the OSIS book code (Gen … Rev). For translation and BLEU.',
};

/** English–Spanish Bible verse pairs (KJV / Reina-Valera 1909): 5308 short pairs, `en` and `es`. */
export async function loadBiblePairs(): Promise<Dataset> {
  return loadTable(biblePairsMeta, new URL('../data/bible-en-es.csv.gz', import.meta.url), 'loadBiblePairs', [
    'book',
    'en',
    'es',
  ]);
}
