import { ConfigError, NotFittedError, NotFoundError } from '@weft/core';
import * as aq from 'arquero';
import { describe, expect, it } from 'vitest';
import { Compose, compose } from './compose.js';
import { LabelEncoder } from './label-encoder.js';
import { OneHotEncoder } from './one-hot-encoder.js';
import { transformFromState } from './registry.js';
import { SimpleImputer } from './simple-imputer.js';
import { StandardScaler } from './standard-scaler.js';

const raw = () => aq.table({ kind: ['flat', 'house', 'flat', 'villa'], area: [50, null, 150, 200] });

describe('compose', () => {
  it('fits each step on the previous output and transforms in order', async () => {
    const chain = compose([
      new SimpleImputer({ columns: ['area'] }),
      new StandardScaler({ columns: ['area'] }),
      new OneHotEncoder(),
    ]);
    const out = await chain.fitTransform(raw());
    expect(out.columnNames()).toEqual(['kind_flat', 'kind_house', 'kind_villa', 'area']);
    // The imputer fills 400/3 first, so the scaler sees [50, 400/3, 150, 200].
    const scaler = chain.steps[1] as StandardScaler;
    expect(scaler.mean[0]).toBeCloseTo((50 + 400 / 3 + 150 + 200) / 4, 12);
    expect((await chain.transform(raw())).objects()).toEqual(out.objects());
  });

  it('inverts in reverse order when every step can, and says which step cannot', async () => {
    const chain = await compose([new StandardScaler({ columns: ['area'] }), new OneHotEncoder()]).fit(
      aq.table({ kind: ['a', 'b'], area: [1, 3] }),
    );
    const out = await chain.transform(aq.table({ kind: ['b'], area: [3] }));
    expect((await chain.inverseTransform(out)).objects()).toEqual([{ kind: 'b', area: 3 }]);
    const imputing = await compose([new SimpleImputer()]).fit(aq.table({ a: [1] }));
    await expect(imputing.inverseTransform(aq.table({ a: [1] }))).rejects.toThrow(NotFoundError);
  });

  it('restores every step when a later step fails to fit', async () => {
    const scaler = new StandardScaler({ columns: ['area'] });
    const chain = compose([scaler, new LabelEncoder({ column: 'kind' })]);
    await chain.fit(aq.table({ kind: ['a', 'b'], area: [0, 2] }));
    await expect(chain.fit(aq.table({ kind: ['a', null], area: [10, 30] }))).rejects.toThrow(/missing value/);
    expect(Array.from(scaler.mean)).toEqual([1]);
    expect(chain.fitted).toBe(true);
  });

  it('round-trips through JSON state, as a whole and into existing steps', async () => {
    const chain = await compose([new SimpleImputer({ columns: ['area'] }), new OneHotEncoder()]).fit(raw());
    const state = JSON.parse(JSON.stringify(chain.getState()));
    const restored = transformFromState(state);
    expect(restored).toBeInstanceOf(Compose);
    expect((await restored.transform(raw())).objects()).toEqual((await chain.transform(raw())).objects());
    const fresh = compose([new SimpleImputer(), new OneHotEncoder()]).setState(state);
    expect((await fresh.transform(raw())).objects()).toEqual((await chain.transform(raw())).objects());
    expect(() => compose([new OneHotEncoder(), new SimpleImputer()]).setState(state)).toThrow(
      /step 0 is a OneHotEncoder/,
    );
  });

  it('refuses empty chains, non-transforms, columns at fit, and use before fit', async () => {
    expect(() => compose([])).toThrow(ConfigError);
    expect(() => compose([{} as never])).toThrow(ConfigError);
    await expect(compose([new SimpleImputer()]).fit(raw(), ['area'])).rejects.toThrow(
      /Give each step its columns/,
    );
    await expect(compose([new SimpleImputer()]).transform(raw())).rejects.toThrow(NotFittedError);
  });
});
