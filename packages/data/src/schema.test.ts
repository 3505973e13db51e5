import { ConfigError, DTypeError, ValueError } from '@weft/core';
import * as aq from 'arquero';
import { describe, expect, it } from 'vitest';
import { applySchema, inferSchema } from './schema.js';

const raw = () =>
  aq.table({
    n: ['1.5', '-2e3', ' 7 '],
    i: ['1', '2', '3'],
    s: [1, 'x', true],
    b: ['true', '0', 'FALSE'],
    c: ['red', 'blue', 'red'],
    d: ['2024-05-01', '2024-05-01T12:30:00Z', '1999-12-31'],
  });

describe('applySchema', () => {
  it('converts text to each declared type', () => {
    const t = applySchema(raw(), {
      n: 'number',
      i: 'integer',
      s: 'string',
      b: 'boolean',
      c: { type: 'category', categories: ['red', 'blue'] },
      d: 'date',
    });
    expect(Array.from(t.array('n') as Float64Array)).toEqual([1.5, -2000, 7]);
    expect(t.column('i')).toBeInstanceOf(Float64Array);
    expect(t.array('s')).toEqual(['1', 'x', 'true']);
    expect(t.array('b')).toEqual([true, false, false]);
    expect(t.array('c')).toEqual(['red', 'blue', 'red']);
    expect(t.get('d', 1)).toEqual(new Date('2024-05-01T12:30:00Z'));
  });

  it('names column, row and value for a wrong type, and never changes the input', () => {
    const input = raw();
    const before = input.objects();
    expect(() => applySchema(input, { s: 'number' })).toThrow(DTypeError);
    expect(() => applySchema(input, { s: 'number' })).toThrow(
      /column "s" holds a value that is not a number at row 1.*value="x"/,
    );
    expect(() => applySchema(input, { n: 'integer' })).toThrow(/not an integer at row 0/);
    expect(() => applySchema(input, { c: 'boolean' })).toThrow(/not a boolean at row 0/);
    expect(() => applySchema(input, { n: 'date' })).toThrow(/not a date at row 0/);
    expect(() => applySchema(input, { c: { type: 'category', categories: ['red'] } })).toThrow(
      /outside its categories at row 1/,
    );
    expect(input.objects()).toEqual(before);
  });

  it('applies the missing-value policy: error (naming row and column), drop, keep', () => {
    const t = aq.table({ x: [1, null, 3, Number.NaN], y: ['a', 'b', '', 'd'] });
    expect(() => applySchema(t, { x: 'number' })).toThrow(/column "x" has a missing value at row 1/);
    expect(() => applySchema(t, { y: 'string' }, { rowOffset: 100 })).toThrow(/at row 102/);
    expect(applySchema(t, { x: 'number', y: 'string' }, { missing: 'drop' }).objects()).toEqual([
      { x: 1, y: 'a' },
    ]);
    const kept = applySchema(t, { x: 'number', y: 'category' }, { missing: 'keep' });
    expect(Array.from(kept.array('x') as Float64Array)).toEqual([1, Number.NaN, 3, Number.NaN]);
    expect(kept.array('y')).toEqual(['a', 'b', null, 'd']);
  });

  it('refuses an unknown column, type or policy', () => {
    expect(() => applySchema(raw(), { m: 'number' })).toThrow(ValueError);
    expect(() => applySchema(raw(), { n: 'float' as 'number' })).toThrow(ConfigError);
    expect(() => applySchema(raw(), { n: 'number' }, { missing: 'ignore' as 'drop' })).toThrow(ConfigError);
    expect(() => applySchema(raw(), { n: { type: 'number', categories: ['a'] } })).toThrow(
      /not a category column/,
    );
  });
});

describe('inferSchema', () => {
  it('infers integer, number, boolean, date and string from values and from text', () => {
    expect(inferSchema(raw())).toEqual({
      n: 'number',
      i: 'integer',
      s: 'string',
      b: 'string',
      c: 'string',
      d: 'date',
    });
    expect(
      inferSchema(aq.table({ a: [1, null, 2.5], b: [true, false, null], c: ['true', 'False', ''] })),
    ).toEqual({
      a: 'number',
      b: 'boolean',
      c: 'boolean',
    });
  });
});
