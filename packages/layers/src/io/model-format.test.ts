import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { FormatError, NotFoundError } from '@weft/core';
import { describeBackends, expectClose } from '@weft/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dense } from '../dense.js';
import { Sequential, sequential } from '../sequential.js';
import { decodeModel, encodeModel, type WeftManifest } from './model-format.js';
import { loadModel, saveModel } from './node-fs.js';
import { readSafetensors, writeSafetensors } from './safetensors.js';

const model = () =>
  sequential(
    [new Dense({ units: 8, activation: 'relu', name: 'hidden' }), new Dense({ units: 2, name: 'out' })],
    {
      seed: 3,
      inputShape: [null, 4],
    },
  );

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'weft-layers-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

await describeBackends('saveModel / loadModel', () => {
  it('gives bit-identical weights and predictions after a round trip', async () => {
    const original = model();
    const x = tf.randomUniform([5, 4], -1, 1, 'float32', 1);
    const target = join(dir, `m-${tf.getBackend()}`);
    await saveModel(original, target, { metadata: { note: 'test' } });
    const { model: loaded, manifest } = await loadModel(target);
    expect(manifest.formatVersion).toBe(1);
    expect(manifest.kind).toBe('model');
    expect(manifest.metadata).toEqual({ note: 'test' });
    expect(manifest.weights.map((w) => w.name)).toEqual([
      'hidden/kernel',
      'hidden/bias',
      'out/kernel',
      'out/bias',
    ]);
    expect(loaded).toBeInstanceOf(Sequential);
    for (const [i, w] of original.weights.entries()) {
      expect(Array.from(await loaded.weights[i]!.data())).toEqual(Array.from(await w.data()));
    }
    const [a, b] = [original.apply(x), loaded.apply(x)];
    await expectClose(b, a, { atol: 0, rtol: 0 });
    tf.dispose([a, b, x]);
    original.dispose();
    loaded.dispose();
  });
});

describe('saveModel', () => {
  it('replaces an existing directory atomically and leaves no temporary files', async () => {
    const target = join(dir, 'replace');
    const m = model();
    await saveModel(m, target, { files: { 'preprocess.json': '{"a":1}' } });
    await saveModel(m, target, {
      files: { 'extra.bin': new Uint8Array([1, 2]) },
      kind: 'pipeline',
      extra: { labels: ['a'] },
    });
    expect((await readdir(target)).sort()).toEqual(['extra.bin', 'weft.json', 'weights.safetensors']);
    expect((await readdir(dir)).filter((f) => f.includes('.tmp-') || f.includes('.old-'))).toEqual([]);
    const manifest = JSON.parse(await readFile(join(target, 'weft.json'), 'utf8'));
    expect(manifest.kind).toBe('pipeline');
    expect(manifest.labels).toEqual(['a']);
    m.dispose();
  });

  it('refuses unbuilt models, clashing extra keys and bad file names', async () => {
    const unbuilt = new Dense({ units: 1 });
    await expect(saveModel(unbuilt, join(dir, 'x'))).rejects.toThrow(/not built/);
    const m = model();
    await expect(encodeModel(m, { extra: { weights: [] } })).rejects.toThrow(/overwrite/);
    await expect(saveModel(m, join(dir, 'x'), { files: { '../evil': 'x' } })).rejects.toThrow(
      /extra file name/,
    );
    await expect(saveModel(m, join(dir, 'x'), { files: { 'weft.json': 'x' } })).rejects.toThrow(
      /extra file name/,
    );
    m.dispose();
  });

  it('loadModel reports a missing directory and a corrupt manifest', async () => {
    await expect(loadModel(join(dir, 'nope'))).rejects.toThrow(NotFoundError);
    const target = join(dir, 'corrupt');
    const m = model();
    await saveModel(m, target);
    m.dispose();
    await writeFile(join(target, 'weft.json'), '{ not json');
    await expect(loadModel(target)).rejects.toThrow(FormatError);
  });
});

describe('decodeModel', () => {
  let manifest: WeftManifest;
  let weights: Uint8Array;
  beforeAll(async () => {
    const m = model();
    ({ manifest, weights } = await encodeModel(m));
    m.dispose();
  });
  const copy = (): WeftManifest => JSON.parse(JSON.stringify(manifest));
  const withFile = (
    edit: (
      tensors: Map<string, { shape: number[]; dtype: 'float32' | 'int32'; data: Float32Array | Int32Array }>,
    ) => void,
  ) => {
    const { tensors } = readSafetensors(weights);
    edit(tensors);
    return writeSafetensors([...tensors].map(([name, t]) => ({ name, ...t })));
  };

  const cases: [string, () => [unknown, Uint8Array], RegExp][] = [
    ['a manifest that is not an object', () => [[], weights], /not a JSON object/],
    ['a newer formatVersion', () => [{ ...copy(), formatVersion: 2 }, weights], /newer Weft/],
    ['a missing formatVersion', () => [{ ...copy(), formatVersion: undefined }, weights], /formatVersion/],
    ['an unknown kind', () => [{ ...copy(), kind: 'graph' }, weights], /kind/],
    [
      'an unknown class',
      () => [{ ...copy(), config: { className: 'Conv9D', config: {} } }, weights],
      /cannot be built/,
    ],
    ['a config without className', () => [{ ...copy(), config: { config: {} } }, weights], /className/],
    [
      'a bad layer option',
      () => {
        const m = copy();
        (m.config.config.layers as { config: Record<string, unknown> }[])[0]!.config.units = -1;
        return [m, weights];
      },
      /cannot be built/,
    ],
    ['metadata that is not an object', () => [{ ...copy(), metadata: 'x' }, weights], /metadata/],
    ['weights that are not a list', () => [{ ...copy(), weights: {} }, weights], /weights must be a list/],
    [
      'a weight listed twice',
      () => {
        const m = copy();
        m.weights.push(m.weights[0]!);
        return [m, weights];
      },
      /listed twice/,
    ],
    [
      'a weight with a bad dtype',
      () => {
        const m = copy();
        (m.weights[0] as { dtype: string }).dtype = 'float16';
        return [m, weights];
      },
      /invalid dtype/,
    ],
    [
      'a manifest shape that differs from the file',
      () => {
        const m = copy();
        m.weights[1]!.shape = [9];
        return [m, weights];
      },
      /differs between the manifest and the weights file/,
    ],
    [
      'a weight missing from the file',
      () => [copy(), withFile((t) => t.delete('out/bias'))],
      /missing from the weights file/,
    ],
    [
      'a tensor the manifest does not list',
      () => [
        copy(),
        withFile((t) => t.set('stray', { shape: [1], dtype: 'float32', data: new Float32Array(1) })),
      ],
      /does not list/,
    ],
    [
      'weights that do not fit the config',
      () => {
        const m = copy();
        (m.config.config.layers as { config: Record<string, unknown> }[])[1]!.config.units = 3;
        return [m, weights];
      },
      /do not match the model/,
    ],
    [
      'a renamed layer',
      () => {
        const m = copy();
        (m.config.config.layers as { config: Record<string, unknown> }[])[1]!.config.name = 'other';
        return [m, weights];
      },
      /do not match the model/,
    ],
    [
      'a config without inputShape',
      () => {
        const m = copy();
        delete m.config.config.inputShape;
        for (const l of m.config.config.layers as { config: Record<string, unknown> }[])
          delete l.config.inputShape;
        return [m, weights];
      },
      /cannot be built/,
    ],
    [
      'truncated weights',
      () => [copy(), weights.subarray(0, weights.length - 4)],
      /runs past the end|bytes no tensor/,
    ],
    ['a corrupted header', () => [copy(), weights.map((b, i) => (i === 9 ? 0x00 : b))], /JSON/],
    ['weights that are not bytes', () => [copy(), 'abc' as unknown as Uint8Array], /not bytes/],
  ];
  for (const [what, make, message] of cases) {
    it(`rejects ${what} with FormatError, leaving no tensors`, () => {
      const before = tf.memory().numTensors;
      const [m, w] = make();
      let error: unknown;
      try {
        decodeModel(m as WeftManifest, w);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(FormatError);
      expect((error as Error).message).toMatch(message);
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});
