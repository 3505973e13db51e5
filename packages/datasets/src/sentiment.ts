import type { Dataset, DatasetMeta } from './meta.js';
import { loadTable } from './tabular.js';

export const sentimentMeta: DatasetMeta = {
  name: 'sentiment',
  source:
    'npm sentiment 5.0.2 (test/fixtures/amazon.json, imdb.json, yelp.json); originally the UCI Machine Learning Repository',
  license: 'CC-BY-4.0',
  rows: 3000,
  columns: ['text', 'label', 'source'],
  citation:
    'Kotzias, D., Denil, M., de Freitas, N. & Smyth, P. (2015). From Group to Individual Labels Using Deep Features. KDD 2015. Dataset: https://doi.org/10.24432/C57604',
  target: 'label',
  classNames: ['negative', 'positive'],
  description:
    'UCI "Sentiment Labelled Sentences": 1000 review sentences each from Amazon, IMDb and Yelp (`source`), each labelled 0 (negative) or 1 (positive), 500 of each per source.',
};

/** The UCI sentiment labelled sentences: 3000 rows of `text`, `label` (0/1) and `source`. */
export async function loadSentiment(): Promise<Dataset> {
  return loadTable(sentimentMeta, new URL('../data/sentiment.csv.gz', import.meta.url), 'loadSentiment', [
    'text',
    'source',
  ]);
}
