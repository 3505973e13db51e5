import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@weft/core';
import { saveModel } from '@weft/layers';
import { columnTransformer, OneHotEncoder, StandardScaler } from '@weft/preprocess';
import { describeBackends, expectClose } from '@weft/testing';
import * as aq from 'arquero';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mlp } from './mlp.js';
import { loadPipeline, Pipeline } from './pipeline.js';
import { inferSchema } from './schema.js';

const FEATURES = ['area', 'rooms'];

function rawTable(n: number, seed: number): aq.ColumnTable {
  const rng = new Rng(seed);
  const area = Array.from({ length: n }, () => rng.uniform(40, 200));
  const rooms = Array.from({ length: n }, () => 1 + rng.int(5));
  return aq.table({ area, rooms, price: area.map((a, i) => 1000 * a + 5000 * (rooms[i] as number)) });
}

async function makePipeline(seed = 1): Promise<Pipeline> {
  const train = rawTable(50, seed);
  return new Pipeline({
    model: mlp({ inputs: 2, hidden: [4], outputs: 1, seed }),
    features: FEATURES,
    outputs: ['price'],
    featureTransform: await new StandardScaler().fit(train, FEATURES),
    targetTransform: await new StandardScaler().fit(train, ['price']),
    // rooms holds category-like counts: declared 'integer', so fractions are rejected.
    schema: [
      { name: 'area', type: 'number' },
      { name: 'rooms', type: 'integer' },
    ],
    metadata: { note: 'test' },
  });
}

it('inferSchema makes every numeric column a number, even when its rows are whole', () => {
  const table = aq.table({ a: [1, 2, 3], b: [0.5, 1, 2], c: ['x', 'y', 'z'], d: [true, false, true] });
  expect(inferSchema(table, ['a', 'b', 'c', 'd'])).toEqual([
    { name: 'a', type: 'number' },
    { name: 'b', type: 'number' },
    { name: 'c', type: 'string' },
    { name: 'd', type: 'boolean' },
  ]);
});

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'weft-pipeline-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

await describeBackends('Pipeline', ({ backend }) => {
  it('predicts in raw units: scale features, run the model, invert the target scaling', async () => {
    const pipeline = await makePipeline();
    const rows = rawTable(5, 9);
    const predicted = await pipeline.predictRows(rows);
    // The same computation written out with the scalers' fitted statistics.
    const fState = (pipeline.featureTransform as StandardScaler).getState();
    const tState = (pipeline.targetTransform as StandardScaler).getState();
    const area = rows.array('area') as number[];
    const rooms = rows.array('rooms') as number[];
    const scaled = tf.tensor2d(
      area.map((a, i) => [
        (a - (fState.mean[0] as number)) / (fState.scale[0] as number),
        ((rooms[i] as number) - (fState.mean[1] as number)) / (fState.scale[1] as number),
      ]),
    );
    const out = pipeline.model.apply(scaled);
    const raw = Array.from(await out.data()).map((v) => [
      v * (tState.scale[0] as number) + (tState.mean[0] as number),
    ]);
    await expectClose(predicted, raw, { atol: 1e-2, rtol: 1e-5 });
    tf.dispose([scaled, out]);
    pipeline.dispose();
  });

  it('saves and loads back to identical predictions', async () => {
    const pipeline = await makePipeline(2);
    const target = join(dir, `saved-${backend}`);
    await pipeline.save(target);
    const loaded = await loadPipeline(target);
    const rows = rawTable(7, 3);
    expect(await loaded.predictRows(rows)).toEqual(await pipeline.predictRows(rows));
    expect(loaded.features).toEqual(FEATURES);
    expect(loaded.outputs).toEqual(['price']);
    expect(loaded.schema).toEqual(pipeline.schema);
    expect(loaded.metadata).toEqual({ note: 'test' });
    const table = await loaded.predict(rows);
    expect(table.columnNames()).toEqual(['price']);
    pipeline.dispose();
    loaded.dispose();
  });

  it('round-trips through in-memory files (the browser path)', async () => {
    const pipeline = await makePipeline(3);
    const files = await pipeline.toFiles();
    const bytes = Object.fromEntries(
      Object.entries(files).map(([k, v]) => [k, typeof v === 'string' ? new TextEncoder().encode(v) : v]),
    );
    const loaded = Pipeline.fromFiles(bytes);
    const rows = rawTable(4, 4);
    expect(await loaded.predictRows(rows)).toEqual(await pipeline.predictRows(rows));
    pipeline.dispose();
    loaded.dispose();
  });

  it('checks raw rows against the schema before computing anything', async () => {
    const pipeline = await makePipeline();
    const misspelt = aq.table({ area: [100], room: [2] });
    await expect(pipeline.predictRows(misspelt)).rejects.toThrow(/no column "rooms".*Did you mean "room"/);
    const notFinite = aq.table({ area: [Number.NaN], rooms: [2] });
    await expect(pipeline.predictRows(notFinite)).rejects.toMatchObject({ code: 'VALUE_ERROR' });
    const fractional = aq.table({ area: [100], rooms: [2.5] });
    await expect(pipeline.predictRows(fractional)).rejects.toThrow(/finite integers/);
    pipeline.dispose();
  });
});

await describeBackends(
  'Pipeline loading rejects bad directories',
  () => {
    it('a missing directory, a bare model, or a corrupt preprocess.json is a FormatError', async () => {
      await expect(loadPipeline(join(dir, 'nowhere'))).rejects.toMatchObject({ code: 'FORMAT_ERROR' });

      const model = mlp({ inputs: 2, hidden: [2], outputs: 1, seed: 1 });
      const bare = join(dir, 'bare');
      await saveModel(model, bare, { files: { 'preprocess.json': '{"formatVersion":1}' } });
      await expect(loadPipeline(bare)).rejects.toThrow(/not a version-1 preprocessing file/);
      model.dispose();

      const pipeline = await makePipeline(4);
      const good = join(dir, 'good');
      await pipeline.save(good);
      pipeline.dispose();
      const manifest = JSON.parse(await readFile(join(good, 'weft.json'), 'utf8'));
      await writeFile(join(good, 'weft.json'), JSON.stringify({ ...manifest, kind: 'model' }));
      await expect(loadPipeline(good)).rejects.toThrow(/describes a model, not a pipeline/);
      await writeFile(join(good, 'preprocess.json'), '{ not json');
      await expect(loadPipeline(good)).rejects.toThrow(/preprocess.json is not valid JSON/);
    });
  },
  { only: ['cpu'] },
);

await describeBackends(
  'Pipeline with a table transform',
  ({ backend }) => {
    it('one-hot encodes a categorical column before the model, and saves and loads the encoder', async () => {
      const rng = new Rng(5);
      const n = 40;
      const area = Array.from({ length: n }, () => rng.uniform(40, 200));
      const kind = Array.from({ length: n }, () => rng.int(3));
      const train = aq.table({
        area,
        kind,
        price: area.map((a, i) => 1000 * a + 20000 * (kind[i] as number)),
      });
      const encoder = await columnTransformer(
        [
          ['scale', new StandardScaler(), ['area']],
          ['onehot', new OneHotEncoder(), ['kind']],
        ],
        { remainder: 'drop' },
      ).fit(train);
      const inputs = encoder.outputColumns;
      expect(inputs).toHaveLength(4);
      const pipeline = new Pipeline({
        model: mlp({ inputs: inputs.length, hidden: [3], outputs: 1, seed: 1 }),
        features: ['area', 'kind'],
        tableTransform: encoder,
        outputs: ['price'],
        targetTransform: await new StandardScaler().fit(train, ['price']),
        schema: inferSchema(train, ['area', 'kind']),
      });
      expect(pipeline.modelInputs).toEqual(inputs);
      const rows = aq.table({ area: [60, 120, 180], kind: [0, 1, 2] });
      const predicted = await pipeline.predictRows(rows);
      // The same computation by hand: encode the table, then apply the model and the target inverse.
      const encoded = await encoder.transform(rows);
      const x = tf.tensor2d(
        rows.objects().map((_, r) => inputs.map((c) => (encoded.array(c) as number[])[r] as number)),
      );
      const out = pipeline.apply(x as tf.Tensor2D);
      await expectClose(predicted, out, { atol: 1e-3, rtol: 1e-6 });
      tf.dispose([x, out]);

      const target = join(dir, `table-transform-${backend}`);
      await pipeline.save(target);
      const loaded = await loadPipeline(target);
      expect(await loaded.predictRows(rows)).toEqual(predicted);
      expect(loaded.modelInputs).toEqual(inputs);
      pipeline.dispose();
      loaded.dispose();
    });
  },
  { only: ['cpu', 'wasm'] },
);
