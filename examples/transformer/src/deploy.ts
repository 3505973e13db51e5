import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs-core';
import { toOnnx } from '@weft/export';
import { type Layer, loadModel, saveModel } from '@weft/layers';
import type { WordTokenizer } from '@weft/preprocess';
import { predict } from '@weft/train';
import * as ort from 'onnxruntime-node';

export interface Deployment {
  /** The reloaded native model predicted the given rows bit for bit the same. */
  reloadIdentical: boolean;
  /** Largest |onnxruntime − Weft| over the given rows' probabilities. */
  onnxMaxDiff: number;
}

/**
 * Saves the sentiment classifier as `outDir/model/` (native format, the tokenizer's state beside
 * the weights as `tokenizer.json`: ids mean nothing without it) and `outDir/model.onnx` (the
 * network alone: int64 ids `[rows, steps]` in, probabilities out; tokenizing stays outside, as
 * text cannot be an ONNX input here). Both are checked against `probs`, the model's own
 * predictions for `ids`.
 */
export async function saveClassifier(
  classifier: Layer,
  tokenizer: WordTokenizer,
  outDir: string,
  ids: number[][],
  x: tf.Tensor,
  probs: tf.Tensor,
): Promise<Deployment> {
  const dir = join(outDir, 'model');
  await saveModel(classifier, dir, {
    metadata: { tutorial: 'transformer', task: 'sentiment', classes: ['negative', 'positive'] },
    files: { 'tokenizer.json': `${JSON.stringify(tokenizer.getState())}\n` },
  });
  const { model: reloaded } = await loadModel(dir);
  const again = await predict(reloaded, x);
  const [expected, got] = await Promise.all([probs.data(), again.data()]);
  const reloadIdentical = expected.length === got.length && expected.every((v, i) => v === got[i]);
  again.dispose();
  reloaded.dispose();

  const onnx = await toOnnx(classifier);
  await writeFile(join(outDir, 'model.onnx'), onnx);
  const session = await ort.InferenceSession.create(onnx);
  try {
    const steps = ids[0]?.length ?? 0;
    const feeds = {
      [session.inputNames[0] as string]: new ort.Tensor(
        'int64',
        BigInt64Array.from(ids.flat(), (id) => BigInt(id)),
        [ids.length, steps],
      ),
    };
    const output = (await session.run(feeds))[session.outputNames[0] as string]?.data as Float32Array;
    let onnxMaxDiff = output.length === expected.length ? 0 : Number.POSITIVE_INFINITY;
    for (let i = 0; i < output.length; i++)
      onnxMaxDiff = Math.max(onnxMaxDiff, Math.abs((output[i] as number) - (expected[i] as number)));
    return { reloadIdentical, onnxMaxDiff };
  } finally {
    await session.release();
  }
}
