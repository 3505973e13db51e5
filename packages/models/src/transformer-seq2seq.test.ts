import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, Rng, ValueError } from '@weft/core';
import { Model } from '@weft/layers';
import { describeBackends } from '@weft/testing';
import { describe, expect, it } from 'vitest';
import { beamSearch, greedyDecode } from './decode.js';
import { transformerSeq2Seq } from './transformer-seq2seq.js';

const [START, END] = [1, 2];

/** Reverse-a-sequence pairs: tokens 3…9, lengths 2–4, 0-padded to 5 (room for END). */
function reversals(n: number, seed: number) {
  const rng = new Rng(seed);
  const src: number[][] = [];
  const tgtIn: number[][] = [];
  const tgtOut: number[][] = [];
  for (let i = 0; i < n; i++) {
    const tokens = Array.from({ length: 2 + rng.int(3) }, () => 3 + rng.int(7));
    const out = [...tokens].reverse();
    const pad = (row: number[]) => [...row, ...new Array(5 - row.length).fill(0)];
    src.push(pad(tokens));
    tgtIn.push(pad([START, ...out]));
    tgtOut.push(pad([...out, END]));
  }
  return { src, tgtIn, tgtOut };
}

/** Mean cross-entropy of the next-token probabilities over the real (non-padding) target steps. */
function sequenceLoss(probs: tf.Tensor, labels: tf.Tensor2D): tf.Scalar {
  const picked = tf.sum(tf.mul(tf.oneHot(labels, probs.shape[2] as number), probs), -1);
  const real = tf.cast(tf.notEqual(labels, 0), 'float32');
  return tf.div(tf.neg(tf.sum(tf.mul(tf.log(tf.add(picked, 1e-7)), real))), tf.sum(real));
}

/** Σ log p of `tokens` (then END when `finished`) under teacher forcing, read back. */
async function sequenceLogProb(
  model: Model,
  source: number[],
  tokens: number[],
  finished: boolean,
): Promise<number> {
  const targets = finished ? [...tokens, END] : tokens;
  const logp = tf.tidy(() => {
    const probs = model.apply([
      tf.tensor2d([source], undefined, 'int32'),
      tf.tensor2d([[START, ...targets.slice(0, -1)]], undefined, 'int32'),
    ]);
    return tf.log(probs);
  });
  const values = await logp.data();
  logp.dispose();
  const vocab = logp.shape[2] as number;
  return targets.reduce((sum, id, t) => sum + (values[t * vocab + id] as number), 0);
}

await describeBackends('transformerSeq2Seq', () => {
  it('trains on reversing short sequences (the loss falls), and decodes greedily and by beam search', async () => {
    const { src, tgtIn, tgtOut } = reversals(32, 1);
    const [x, y, labels] = [
      tf.tensor2d(src, undefined, 'int32'),
      tf.tensor2d(tgtIn, undefined, 'int32'),
      tf.tensor2d(tgtOut, undefined, 'int32'),
    ];
    const model = transformerSeq2Seq({
      sourceVocab: 10,
      targetVocab: 10,
      maxLength: 8,
      dModel: 16,
      numHeads: 2,
      encoderLayers: 1,
      decoderLayers: 1,
      ffDim: 32,
      dropout: 0,
      seed: 5,
    });
    const optimizer = tf.train.adam(1e-2);
    const losses: number[] = [];
    for (let step = 0; step < 15; step++) {
      const loss = optimizer.minimize(
        () => sequenceLoss(model.apply([x, y], { training: true }), labels),
        true,
        model.trainableWeights,
      ) as tf.Scalar;
      losses.push((await loss.data())[0] as number);
      loss.dispose();
    }
    expect(losses.at(-1)!).toBeLessThan(losses[0]! * 0.7);

    const sources = src.slice(0, 3);
    const greedy = await greedyDecode(model, sources, { startId: START, endId: END, maxLength: 6 });
    expect(greedy).toHaveLength(3);
    for (const row of greedy) {
      expect(row.length).toBeLessThanOrEqual(6);
      expect(row.every((id) => id > 0 && id !== END)).toBe(true);
    }
    const narrow = await beamSearch(model, sources[0]!, {
      startId: START,
      endId: END,
      maxLength: 6,
      beamWidth: 1,
    });
    expect(narrow[0]!.tokens).toEqual(greedy[0]);
    const beams = await beamSearch(model, sources[0]!, {
      startId: START,
      endId: END,
      maxLength: 6,
      beamWidth: 3,
    });
    expect(beams.length).toBeGreaterThan(0);
    expect(beams.length).toBeLessThanOrEqual(3);
    for (let i = 1; i < beams.length; i++) expect(beams[i]!.score).toBeLessThanOrEqual(beams[i - 1]!.score);
    // Each hypothesis' log-probability is the model's, recomputed with teacher forcing.
    for (const h of beams) {
      expect(h.logProb).toBeCloseTo(await sequenceLogProb(model, sources[0]!, h.tokens, h.finished), 3);
    }
    // The best beam is at least as probable as the greedy answer when both finished.
    if (narrow[0]!.finished && beams[0]!.finished)
      expect(beams[0]!.logProb).toBeGreaterThanOrEqual(narrow[0]!.logProb - 1e-4);
    optimizer.dispose();
    model.dispose();
    tf.dispose([x, y, labels]);
  });
});

describe('transformerSeq2Seq', () => {
  it('is a functional model with two inputs that saves its graph', () => {
    const model = transformerSeq2Seq({
      sourceVocab: 7,
      targetVocab: 9,
      maxLength: 6,
      dModel: 8,
      encoderLayers: 1,
      decoderLayers: 2,
    });
    expect(model).toBeInstanceOf(Model);
    expect(model.inputs).toHaveLength(2);
    expect(
      model.outputShapes([
        [null, 5],
        [null, 3],
      ]),
    ).toEqual([[null, 3, 9]]);
    expect(model.layers.filter((l) => l.className === 'TransformerDecoderLayer')).toHaveLength(2);
    expect((model.getConfig().nodes as unknown[]).length).toBe(model.layers.length);
    model.dispose();
  });

  it('rejects bad options and decoding arguments', async () => {
    expect(() => transformerSeq2Seq({ sourceVocab: 0, targetVocab: 5, maxLength: 4 })).toThrow(ConfigError);
    const model = transformerSeq2Seq({
      sourceVocab: 5,
      targetVocab: 5,
      maxLength: 4,
      dModel: 4,
      encoderLayers: 1,
      decoderLayers: 1,
    });
    await expect(greedyDecode(model, [], { startId: 1, endId: 2, maxLength: 3 })).rejects.toThrow(ValueError);
    await expect(
      beamSearch(model, [3], { startId: 1, endId: 2, maxLength: 3, beamWidth: 0 }),
    ).rejects.toThrow(/beamWidth/);
    model.dispose();
  });
});
