import { ConfigError, NotFittedError } from '@weft/core';
import * as aq from 'arquero';
import { describe, expect, it } from 'vitest';
import fixtures from '../test/fixtures/label-encoder.json' with { type: 'json' };
import { LabelEncoder } from './label-encoder.js';
import { transformFromState } from './registry.js';

describe('LabelEncoder parity with scikit-learn 1.2', () => {
  for (const c of fixtures.cases) {
    it(c.name, async () => {
      const encoder = await new LabelEncoder({ column: 'y' }).fit(aq.table({ y: c.fit }));
      expect(encoder.classes).toEqual(c.classes);
      const out = await encoder.transform(aq.table({ y: c.fit }));
      expect(out.column('y')).toBeInstanceOf(Int32Array);
      expect(Array.from(out.array('y') as Int32Array)).toEqual(c.transformed);
      expect(encoder.decode(c.codes)).toEqual(c.decoded);
      expect(Array.from(encoder.encode(c.decoded))).toEqual(c.codes);
      expect((await encoder.inverseTransform(out)).array('y')).toEqual(c.fit);
    });
  }
});

describe('LabelEncoder behaviour', () => {
  it('encodes exactly one column and refuses unseen labels and bad codes', async () => {
    await expect(new LabelEncoder().fit(aq.table({ a: [1], b: [2] }))).rejects.toThrow(ConfigError);
    const encoder = await new LabelEncoder().fit(aq.table({ species: ['cat', 'dog'], w: [1, 2] }), [
      'species',
    ]);
    expect(encoder.columns).toEqual(['species']);
    expect(() => encoder.encode(['cat', 'cow'])).toThrow(/not seen in fit at row 1/);
    expect(() => encoder.decode([0, 2])).toThrow(/not a label code at row 1/);
    expect(() => new LabelEncoder().decode([0])).toThrow(NotFittedError);
  });

  it('round-trips through JSON state', async () => {
    const encoder = await new LabelEncoder({ column: 'y' }).fit(aq.table({ y: ['b', 'a'] }));
    const restored = transformFromState(JSON.parse(JSON.stringify(encoder.getState()))) as LabelEncoder;
    expect(restored.decode([1, 0])).toEqual(['b', 'a']);
  });
});
