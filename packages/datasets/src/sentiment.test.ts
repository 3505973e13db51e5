import { describe, expect, it } from 'vitest';
import { loadSentiment, sentimentMeta } from './sentiment.js';

describe('loadSentiment', () => {
  it('has 1000 sentences per source, balanced labels, and the first Amazon sentence', async () => {
    const { table, meta } = await loadSentiment();
    expect(table.columnNames()).toEqual(sentimentMeta.columns);
    expect(table.numRows()).toBe(3000);
    expect(table.objects({ limit: 2 })).toEqual([
      {
        text: 'So there is no way for me to plug it in here in the US unless I go by a converter.',
        label: 0,
        source: 'amazon',
      },
      { text: 'Good case, Excellent value.', label: 1, source: 'amazon' },
    ]);
    const counts: Record<string, number> = {};
    for (const row of table.objects() as { label: number; source: string }[]) {
      const key = `${row.source}:${row.label}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    expect(counts).toEqual({
      'amazon:0': 500,
      'amazon:1': 500,
      'imdb:0': 500,
      'imdb:1': 500,
      'yelp:0': 500,
      'yelp:1': 500,
    });
    expect((table.array('text') as unknown[]).every((t) => typeof t === 'string' && t.length > 0)).toBe(true);
    expect(meta.classNames).toEqual(['negative', 'positive']);
  });
});
