import * as tf from '@tensorflow/tfjs-core';
import { Embedding, sequential, TransformerEncoderLayer } from '@weft/layers';
import { mlp, Pipeline } from '@weft/models';
import { columnTransformer, MinMaxScaler, OneHotEncoder, SimpleImputer } from '@weft/preprocess';
import { describeBackends, expectClose } from '@weft/testing';
import * as aq from 'arquero';
import { expect, it } from 'vitest';
import { runOnnx } from '../../test/ort.js';
import { housePipeline, ZOO } from '../../test/zoo.js';
import { toOnnx } from './export.js';
import { onnxType } from './proto.js';

/** Op types of an exported graph, in order. */
function opTypes(bytes: Uint8Array): string[] {
  const Model = onnxType('ModelProto');
  const model = Model.toObject(Model.decode(bytes), { longs: Number }) as {
    graph: { node: { opType: string }[] };
  };
  return model.graph.node.map((n) => n.opType);
}

await describeBackends('toOnnx', () => {
  for (const entry of ZOO.filter((e) => e.formats.includes('onnx'))) {
    it(`runs ${entry.name} in onnxruntime with Weft's outputs (1e-4)`, async () => {
      const model = entry.make();
      const x = entry.input(4, 11);
      const expected = model.apply(x);
      const bytes = await toOnnx(model);
      const { data, dims } = await runOnnx(bytes, x);
      expect(dims).toEqual(expected.shape);
      await expectClose(data, expected, { atol: 1e-4, rtol: 1e-4 });
      tf.dispose([x, expected]);
      model.dispose();
    });
  }

  it('decomposes attention into standard ops, masking padding from the ids', async () => {
    const model = ZOO.find((e) => e.name.includes('post-norm'))!.make();
    const ops = opTypes(await toOnnx(model));
    expect(new Set(ops)).toEqual(
      new Set([
        ...['Equal', 'Not', 'Cast', 'Gather', 'Shape', 'Slice', 'Add', 'MatMul', 'Reshape', 'Transpose'],
        ...['Mul', 'Sub', 'Unsqueeze', 'Softmax', 'LayerNormalization', 'Relu', 'ReduceSum', 'Max', 'Div'],
        ...['Gemm', 'Identity'],
      ]),
    );
    model.dispose();
  });

  it('refuses causal attention and names the layer', async () => {
    const model = sequential(
      [
        new Embedding({ inputDim: 9, outputDim: 4 }),
        new TransformerEncoderLayer({ numHeads: 2, ffDim: 4, causal: true, name: 'decoderish' }),
      ],
      { inputShape: [null, 5], seed: 1 },
    );
    await expect(toOnnx(model)).rejects.toThrow(/"decoderish" uses causal attention/);
    model.dispose();
  });

  it('keeps runs of conv and pooling in NCHW: one transpose in, one back before Flatten', async () => {
    const model = ZOO.find((e) => e.name.startsWith('cnn'))!.make();
    const ops = opTypes(await toOnnx(model));
    expect(ops.filter((op) => op === 'Transpose')).toHaveLength(2);
    expect(ops.indexOf('Transpose', 1)).toBe(ops.indexOf('Flatten') - 1);
    model.dispose();
  });

  it('bakes the pipeline scalers in: raw features in, raw-unit predictions out (the tutorial sample)', async () => {
    const { pipeline, rows } = await housePipeline(3);
    const bytes = await toOnnx(pipeline);
    const ops = opTypes(bytes);
    expect(ops.slice(0, 2)).toEqual(['Sub', 'Div']);
    expect(ops.slice(-3, -1)).toEqual(['Mul', 'Add']);
    // sample.json's contract: raw rows in, what the saved pipeline predicts out.
    const inputs = rows
      .objects()
      .map((r) => pipeline.features.map((f) => (r as Record<string, number>)[f] as number));
    const outputs = await pipeline.predictRows(rows);
    const x = tf.tensor2d(inputs);
    const { data, dims } = await runOnnx(bytes, x);
    expect(dims).toEqual([3, 1]);
    await expectClose(data, outputs.flat(), { atol: 1e-4, rtol: 1e-4 });
    x.dispose();
    pipeline.dispose();
  });

  it('bakes other transforms in too: clipping MinMaxScaler, mean imputation (fillNaN), MinMax target', async () => {
    const train = aq.table({ a: [1, 2, 3, 4, 10], b: [-5, 0, 5, 10, 20], y: [100, 200, 150, 400, 250] });
    for (const featureTransform of [
      await new MinMaxScaler({ featureRange: [-1, 1], clip: true }).fit(train, ['a', 'b']),
      await new SimpleImputer({ strategy: 'mean' }).fit(train, ['a', 'b']),
    ]) {
      const pipeline = new Pipeline({
        model: mlp({ inputs: 2, hidden: [5], outputs: 1, seed: 4 }),
        features: ['a', 'b'],
        outputs: ['y'],
        featureTransform,
        targetTransform: await new MinMaxScaler().fit(train, ['y']),
      });
      // Values outside the fitted range (clipped) and missing values (imputed).
      const x = tf.tensor2d([
        [0, 30],
        [2.5, -1],
        [Number.NaN, 4],
        [20, Number.NaN],
      ]);
      // The scaler gets the finite rows; the imputer all of them.
      const input = featureTransform instanceof MinMaxScaler ? tf.slice(x, [0, 0], [2, 2]) : tf.clone(x);
      const expected = pipeline.apply(input as tf.Tensor2D);
      const { data } = await runOnnx(await toOnnx(pipeline), input);
      await expectClose(data, expected, { atol: 1e-4, rtol: 1e-4 });
      tf.dispose([x, expected, input]);
      pipeline.dispose();
    }
  });
});

await describeBackends(
  'toOnnx refuses what it cannot express',
  () => {
    it('a pipeline with a table transform (one-hot) is a ConfigError, not a silently wrong model', async () => {
      const train = aq.table({ area: [50, 80, 120, 200], kind: [0, 1, 2, 1], price: [1, 2, 3, 4] });
      const encoder = await columnTransformer([['onehot', new OneHotEncoder(), ['kind']]], {
        remainder: 'passthrough',
      }).fit(train.select('area', 'kind'));
      const pipeline = new Pipeline({
        model: mlp({ inputs: encoder.outputColumns.length, hidden: [2], outputs: 1, seed: 1 }),
        features: ['area', 'kind'],
        tableTransform: encoder,
        outputs: ['price'],
      });
      await expect(toOnnx(pipeline)).rejects.toMatchObject({ code: 'CONFIG_ERROR' });
      pipeline.dispose();
    });
  },
  { only: ['cpu'] },
);
