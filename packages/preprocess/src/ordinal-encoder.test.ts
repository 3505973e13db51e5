import { ConfigError, ValueError } from '@weft/core';
import * as aq from 'arquero';
import { describe, expect, it } from 'vitest';
import fixtures from '../test/fixtures/ordinal-encoder.json' with { type: 'json' };
import { OrdinalEncoder } from './ordinal-encoder.js';
import { transformFromState } from './registry.js';

describe('OrdinalEncoder parity with scikit-learn 1.2 (use_encoded_value, unknown_value=-1)', () => {
  for (const c of fixtures.cases) {
    it(c.name, async () => {
      const encoder = await new OrdinalEncoder({ handleUnknown: 'useEncodedValue', unknownValue: -1 }).fit(
        aq.table({ [c.column]: c.fit }),
        [c.column],
      );
      expect(encoder.categories).toEqual([c.categories]);
      expect(
        Array.from(
          (await encoder.transform(aq.table({ [c.column]: c.fit }))).array(c.column) as Float64Array,
        ),
      ).toEqual(c.transformed);
      const other = await encoder.transform(aq.table({ [c.column]: c.other }));
      expect(Array.from(other.array(c.column) as Float64Array)).toEqual(c.otherTransformed);
      expect((await encoder.inverseTransform(other)).array(c.column)).toEqual(c.otherInverse);
    });
  }
});

describe('OrdinalEncoder behaviour', () => {
  it('throws on unseen categories by default and maps them to NaN with useEncodedValue', async () => {
    const t = aq.table({ c: ['b', 'a', 'b'], n: [1, 2, 3] });
    const strict = await new OrdinalEncoder().fit(t);
    expect(strict.columns).toEqual(['c']);
    await expect(strict.transform(aq.table({ c: ['z'], n: [1] }))).rejects.toThrow(/not seen in fit/);
    const lenient = await new OrdinalEncoder({ handleUnknown: 'useEncodedValue' }).fit(t);
    const out = await lenient.transform(aq.table({ c: ['a', 'z'], n: [1, 2] }));
    expect(Array.from(out.array('c') as Float64Array)).toEqual([0, Number.NaN]);
    expect((await lenient.inverseTransform(out)).array('c')).toEqual(['a', null]);
    const restored = transformFromState(JSON.parse(JSON.stringify(lenient.getState()))) as OrdinalEncoder;
    expect((await restored.inverseTransform(out)).array('c')).toEqual(['a', null]);
  });

  it('refuses an unknownValue that could be a code, and codes out of range', async () => {
    expect(() => new OrdinalEncoder({ handleUnknown: 'useEncodedValue', unknownValue: 1 })).toThrow(
      ConfigError,
    );
    const encoder = await new OrdinalEncoder().fit(aq.table({ c: ['a', 'b'] }));
    await expect(encoder.inverseTransform(aq.table({ c: [0, 2] }))).rejects.toThrow(ValueError);
  });
});
