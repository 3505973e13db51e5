import { describe, expect, it } from 'vitest';
import { isWeftError, NotFoundError, ValueError } from './errors.js';
import { closestName, editDistance, Registry } from './registry.js';

function layers(): Registry<number> {
  return new Registry<number>('layer').register('dense', 1).register('conv2d', 2).register('batchNorm', 3);
}

describe('Registry', () => {
  it('stores and returns entries', () => {
    const registry = layers();
    expect(registry.get('conv2d')).toBe(2);
    expect(registry.has('dense')).toBe(true);
    expect(registry.has('Dense')).toBe(false);
  });

  it('list() returns the names sorted, whatever the registration order', () => {
    expect(layers().list()).toEqual(['batchNorm', 'conv2d', 'dense']);
    expect(new Registry('metric').list()).toEqual([]);
  });

  it('get() of a typo throws NotFoundError suggesting the close name', () => {
    const registry = layers();
    let error: unknown;
    try {
      registry.get('dnese');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NotFoundError);
    expect(isWeftError(error, 'NOT_FOUND')).toBe(true);
    expect((error as Error).message).toBe(
      'Registry.get: no layer is registered as "dnese". Expected one of: batchNorm, conv2d, dense. ' +
        'Received: name="dnese". Did you mean "dense"?',
    );
    expect(() => registry.get('CONV2D')).toThrow(/Did you mean "conv2d"\?/);
  });

  it('get() of an unrelated name suggests registering it instead', () => {
    expect(() => layers().get('transformer')).toThrow(
      /Received: name="transformer"\. Register it first with register\("transformer", …\)\.$/,
    );
    expect(() => new Registry('metric').get('f1')).toThrow(/Expected one of: \(none registered\)/);
  });

  it('refuses duplicates unless override is asked for, and keeps the first entry', () => {
    const registry = layers();
    expect(() => registry.register('dense', 9)).toThrow(ValueError);
    expect(() => registry.register('dense', 9)).toThrow(
      'Registry.register: a layer named "dense" is already registered. Received: name="dense". ' +
        'Choose another name, or pass { override: true } to replace it on purpose.',
    );
    expect(registry.get('dense')).toBe(1);
    registry.register('dense', 9, { override: true });
    expect(registry.get('dense')).toBe(9);
  });

  it('refuses an empty name', () => {
    expect(() => new Registry('layer').register('', 1)).toThrow(/needs a non-empty name/);
  });
});

describe('closestName and editDistance', () => {
  it('computes Levenshtein distances', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('abc', 'abc')).toBe(0);
    expect(editDistance('flaw', 'lawn')).toBe(2);
  });

  it('suggests only names close enough to be typos', () => {
    expect(closestName('wsam', ['cpu', 'wasm', 'webgl'])).toBe('wasm');
    expect(closestName('WebGPU', ['webgpu', 'webgl'])).toBe('webgpu');
    expect(closestName('tensorflow-node', ['cpu', 'wasm'])).toBeUndefined();
    expect(closestName('x', [])).toBeUndefined();
  });
});
