import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, DTypeError, ValueError } from '@weft/core';
import { describeBackends, expectClose } from '@weft/testing';
import * as aq from 'arquero';
import { expect, it } from 'vitest';
import { toTensors } from './to-tensors.js';

const houses = () =>
  aq.table({
    area: [50, 120.5, 200],
    rooms: Int32Array.of(1, 3, 5),
    garden: [true, false, true],
    price: [100, 250, 400],
    kind: ['flat', 'house', 'villa'],
  });

await describeBackends('toTensors', () => {
  it('stacks features row-major into x [n, features] and targets into y [n, targets]', async () => {
    const { x, y } = toTensors(houses(), { features: ['area', 'rooms', 'garden'], target: 'price' });
    expect(x.shape).toEqual([3, 3]);
    expect(x.dtype).toBe('float32');
    await expectClose(x, [
      [50, 1, 1],
      [120.5, 3, 0],
      [200, 5, 1],
    ]);
    expect(y?.shape).toEqual([3, 1]);
    await expectClose(y as tf.Tensor, [[100], [250], [400]]);
    tf.dispose([x, y as tf.Tensor]);
  });

  it('takes several targets, and no target', async () => {
    const both = toTensors(houses(), { features: ['area'], target: ['price', 'rooms'] });
    expect(both.y?.shape).toEqual([3, 2]);
    await expectClose(both.y as tf.Tensor, [
      [100, 1],
      [250, 3],
      [400, 5],
    ]);
    const only = toTensors(houses(), { features: ['rooms'] });
    expect(only.y).toBeUndefined();
    tf.dispose([both.x, both.y as tf.Tensor, only.x]);
  });

  it('honours filters and ordering of the table', async () => {
    const view = houses()
      .filter((d: { area: number }) => d.area > 60)
      .orderby(aq.desc('area'));
    const { x } = toTensors(view, { features: ['area'] });
    await expectClose(x, [[200], [120.5]]);
    x.dispose();
  });

  it("makes int32 tensors and rejects non-integers for dtype 'int32'", async () => {
    const { x } = toTensors(houses(), { features: ['rooms'], dtype: 'int32' });
    expect(x.dtype).toBe('int32');
    expect(Array.from(await x.data())).toEqual([1, 3, 5]);
    x.dispose();
    expect(() => toTensors(houses(), { features: ['area'], dtype: 'int32' })).toThrow(DTypeError);
  });

  it('lets missing features through as NaN only when asked', async () => {
    const t = aq.table({ a: [1, null, Number.NaN], y: [1, 2, 3] });
    expect(() => toTensors(t, { features: ['a'], target: 'y' })).toThrow(
      /column "a" has a missing value at row 1/,
    );
    const { x, y } = toTensors(t, { features: ['a'], target: 'y', allowMissing: true });
    await expectClose(x, [[1], [Number.NaN], [Number.NaN]]);
    tf.dispose([x, y as tf.Tensor]);
  });

  it('creates no tensor when any check fails', () => {
    const t = aq.table({ a: [1, 2], y: [1, null] });
    // The leak guard around this test fails it if x was created before y's check threw.
    expect(() => toTensors(t, { features: ['a'], target: 'y' })).toThrow(ValueError);
  });
});

await describeBackends(
  'toTensors errors',
  () => {
    it('names an unknown column and suggests the closest one', () => {
      expect(() => toTensors(houses(), { features: ['aera'] })).toThrow(
        /toTensors: the table has no column "aera".*Did you mean "area"\?/,
      );
      expect(() => toTensors(houses(), { features: ['area'], target: 'prise' })).toThrow(ValueError);
    });

    it('refuses strings that are not encoded yet, pointing at the encoders', () => {
      const error = catchError(() => toTensors(houses(), { features: ['area', 'kind'] }));
      expect(error).toBeInstanceOf(DTypeError);
      expect(error.message).toMatch(/column "kind" holds strings/);
      expect(error.message).toMatch(/OneHotEncoder/);
      expect(error.message).toMatch(/row=0/);
    });

    it('refuses NaN, null and Infinity in the target, naming the row', () => {
      for (const bad of [Number.NaN, null, Number.POSITIVE_INFINITY]) {
        const t = aq.table({ a: [1, 2, 3], y: [1, 2, bad] });
        expect(() => toTensors(t, { features: ['a'], target: 'y' })).toThrow(
          /target column "y" has .* at row 2/,
        );
      }
    });

    it('refuses an empty table', () => {
      const t = aq.table({ a: [1, 2], y: [1, 2] }).filter(() => false);
      expect(() => toTensors(t, { features: ['a'], target: 'y' })).toThrow(/the table has no rows/);
    });

    it('refuses a bad configuration', () => {
      expect(() => toTensors(houses(), { features: [] })).toThrow(ConfigError);
      expect(() => toTensors(houses(), { features: ['area', 'price'], target: 'price' })).toThrow(
        /"price" is both a feature and the target/,
      );
      expect(() => toTensors(houses(), { features: ['area', 'area'] })).toThrow(/listed twice/);
    });
  },
  { only: ['cpu'] },
);

function catchError(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}
