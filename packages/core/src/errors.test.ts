import { describe, expect, it } from 'vitest';
import {
  BackendUnavailableError,
  ConfigError,
  DTypeError,
  describeValue,
  FormatError,
  formatMessage,
  isWeftError,
  NotFittedError,
  NotFoundError,
  ShapeError,
  ValueError,
  WeftError,
} from './errors.js';

describe('formatMessage', () => {
  it('follows the template `<Owner>.<method>: problem. Expected …. Received: arg=value. Fix.`', () => {
    const message = formatMessage({
      where: 'StandardScaler.transform',
      problem: 'the input has the wrong number of columns',
      expected: '3 columns, as seen in fit',
      received: { columns: 4, name: 'x' },
      fix: 'Pass the same columns you fitted on',
    });
    expect(message).toBe(
      'StandardScaler.transform: the input has the wrong number of columns. Expected 3 columns, as seen in fit. ' +
        'Received: columns=4, name="x". Pass the same columns you fitted on.',
    );
  });

  it('keeps existing end punctuation and leaves out missing parts', () => {
    expect(formatMessage({ where: 'A.b', problem: 'broken!', fix: 'Really?' })).toBe('A.b: broken! Really?');
    expect(formatMessage({ where: 'A.b', problem: 'broken', received: {} })).toBe('A.b: broken.');
  });
});

describe('describeValue', () => {
  it('renders values short and unambiguously', () => {
    expect(describeValue('a')).toBe('"a"');
    expect(describeValue(3)).toBe('3');
    expect(describeValue(null)).toBe('null');
    expect(describeValue(undefined)).toBe('undefined');
    expect(describeValue(10n)).toBe('10n');
    expect(describeValue(function named() {})).toBe('[function named]');
    expect(describeValue(new Float32Array(5))).toBe('Float32Array(5)');
    expect(describeValue([1, 2])).toBe('[1,2]');
    expect(describeValue({ shape: [2, 3], dtype: 'float32' })).toBe('Tensor(shape=[2,3], dtype=float32)');
  });

  it('truncates long values to 80 characters with an ellipsis', () => {
    const text = describeValue('x'.repeat(500));
    expect(text).toHaveLength(80);
    expect(text.endsWith('…')).toBe(true);
  });

  it('survives values JSON cannot render', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(describeValue(cyclic)).toBe('[object Object]');
  });
});

describe('error classes', () => {
  const cases = [
    [ShapeError, 'SHAPE_ERROR'],
    [DTypeError, 'DTYPE_ERROR'],
    [ValueError, 'VALUE_ERROR'],
    [ConfigError, 'CONFIG_ERROR'],
    [FormatError, 'FORMAT_ERROR'],
    [BackendUnavailableError, 'BACKEND_UNAVAILABLE'],
    [NotFittedError, 'NOT_FITTED'],
    [NotFoundError, 'NOT_FOUND'],
  ] as const;

  it.each(cases)('%o has a stable code, its own name and is a WeftError and an Error', (Class, code) => {
    const error = new Class({ where: 'Owner.method', problem: 'wrong', received: { x: 1 } });
    expect(error.code).toBe(code);
    expect(error.name).toBe(Class.name);
    expect(error).toBeInstanceOf(Class);
    expect(error).toBeInstanceOf(WeftError);
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe('Owner.method: wrong. Received: x=1.');
    expect(error.parts.received).toEqual({ x: 1 });
    expect(isWeftError(error)).toBe(true);
    expect(isWeftError(error, code)).toBe(true);
  });

  it('codes are distinct', () => {
    expect(new Set(cases.map(([, code]) => code)).size).toBe(cases.length);
  });

  it('isWeftError rejects plain errors and other codes', () => {
    expect(isWeftError(new Error('x'))).toBe(false);
    expect(isWeftError({ code: 'SHAPE_ERROR', message: 'look-alike' })).toBe(false);
    expect(isWeftError(new ShapeError({ where: 'a.b', problem: 'c' }), 'DTYPE_ERROR')).toBe(false);
    expect(new WeftError({ where: 'a.b', problem: 'c' }).code).toBe('WEFT_ERROR');
  });

  it('keeps the cause', () => {
    const cause = new Error('root');
    expect(new FormatError({ where: 'load', problem: 'bad file' }, { cause }).cause).toBe(cause);
  });
});
