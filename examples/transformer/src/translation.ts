import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@weft/core';
import { trainTestSplit } from '@weft/data';
import { loadBiblePairs } from '@weft/datasets';
import { saveModel } from '@weft/layers';
import { bleu, rougeL } from '@weft/metrics';
import { greedyDecode, transformerSeq2Seq } from '@weft/models';
import { CLS_ID, SEP_ID, WordTokenizer } from '@weft/preprocess';
import { Adam } from '@weft/train';
import { encodeTexts, idTensor, longest, padRows, take } from './text.js';
import { tokenCrossentropy } from './token-loss.js';

export interface TranslationConfig {
  /** Training pairs used (a seeded subset of the training split); all when absent. */
  trainRows?: number;
  /** Held-out pairs, never seen in training or by the tokenizers. */
  testRows: number;
  /** Words per language, the 5 special tokens included. */
  vocabSize: number;
  /** Source words kept per verse, and target words generated at most. */
  maxLength: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
}

/** The full run documented in the README: 5108 training pairs, 200 held out. */
export const TRANSLATION_FULL: TranslationConfig = {
  testRows: 200,
  vocabSize: 2000,
  maxLength: 24,
  epochs: 12,
  batchSize: 32,
  learningRate: 1e-3,
};

/** `--quick`: a few hundred pairs, two epochs: checks the plumbing, not the translations. */
export const TRANSLATION_QUICK: TranslationConfig = {
  trainRows: 320,
  testRows: 40,
  vocabSize: 400,
  maxLength: 16,
  epochs: 2,
  batchSize: 32,
  learningRate: 2e-3,
};

const MODEL = {
  dModel: 64,
  numHeads: 2,
  encoderLayers: 2,
  decoderLayers: 2,
  ffDim: 128,
  dropout: 0.1,
} as const;

export interface TranslationResult {
  /** Corpus BLEU-4 on the held-out pairs, sacreBLEU's scale (0–100), 13a tokens, lower-cased. */
  bleu: number;
  /** Mean ROUGE-L F-measure on the held-out pairs (0–1), rouge-score's tokenizer. */
  rougeL: number;
  trainSeconds: number;
  epochs: number;
  /** Mean teacher-forced loss per epoch (cross-entropy per real target word). */
  loss: number[];
  params: number;
  trainRows: number;
  testRows: number;
  sourceVocab: number;
  targetVocab: number;
  examples: { source: string; reference: string; hypothesis: string }[];
}

export interface TranslationOptions {
  config: TranslationConfig;
  seed: number;
  log: (...parts: unknown[]) => void;
  /** Where to save the trained model (native format, both tokenizers' states beside it). */
  saveTo?: string;
}

/**
 * A shuffled epoch as batches of row indices, each batch drawn from rows of similar target length
 * (shuffle, sort windows of 20 batches by length, cut, shuffle the batches), so padding wastes
 * little work while the order still changes every epoch.
 */
export function lengthBuckets(rng: Rng, rows: readonly (readonly number[])[], batchSize: number): number[][] {
  const order = Array.from(rng.permutation(rows.length));
  const window = 20 * batchSize;
  const batches: number[][] = [];
  for (let start = 0; start < order.length; start += window) {
    const sorted = order
      .slice(start, start + window)
      .sort((a, b) => (rows[a] as readonly number[]).length - (rows[b] as readonly number[]).length);
    for (let i = 0; i < sorted.length; i += batchSize) batches.push(sorted.slice(i, i + batchSize));
  }
  return Array.from(rng.permutation(batches.length), (i) => batches[i] as number[]);
}

/**
 * English → Spanish on Bible verse pairs: tokenizers fit on the training split, a
 * `transformerSeq2Seq` trained with teacher forcing (the decoder reads the target shifted right
 * behind [CLS] and predicts it followed by [SEP]), greedy decoding of the held-out sources, and
 * corpus BLEU-4 and ROUGE-L against the references.
 *
 * The model has two inputs, and `fit` takes one input tensor, so the loop is written out here:
 * Adam from @weft/train and `optimizer.minimize`, every batch padded to its own longest row.
 */
export async function runTranslation(o: TranslationOptions): Promise<TranslationResult> {
  const { config: c, seed, log } = o;
  const rng = new Rng(seed);
  const { table } = await loadBiblePairs();
  const split = trainTestSplit(table, { test: c.testRows, seed });
  let trainEn = split.train.array('en') as string[];
  let trainEs = split.train.array('es') as string[];
  if (c.trainRows !== undefined && c.trainRows < trainEn.length) {
    const keep = rng.fork('train-rows').permutation(trainEn.length).slice(0, c.trainRows);
    [trainEn, trainEs] = [take(trainEn, keep), take(trainEs, keep)];
  }
  const testEn = split.test.array('en') as string[];
  const testEs = split.test.array('es') as string[];
  const en = await new WordTokenizer({ vocabSize: c.vocabSize }).fit(trainEn);
  const es = await new WordTokenizer({ vocabSize: c.vocabSize }).fit(trainEs);
  const sources = encodeTexts(en, trainEn, c.maxLength);
  const targets = encodeTexts(es, trainEs, c.maxLength);
  // Teacher forcing: the decoder reads [CLS] w1 … wn and must predict w1 … wn [SEP].
  const decoderIn = targets.map((ids) => [CLS_ID, ...ids]);
  const decoderOut = targets.map((ids) => [...ids, SEP_ID]);
  log(
    `  ${trainEn.length} training / ${testEn.length} held-out verse pairs; vocabularies ${en.size} English and ${es.size} Spanish words (fit on the training split)`,
  );

  const model = transformerSeq2Seq({
    sourceVocab: en.size,
    targetVocab: es.size,
    maxLength: c.maxLength + 1,
    ...MODEL,
    seed,
  });
  const optimizer = new Adam({ learningRate: c.learningRate });
  const orderRng = rng.fork('order');
  const losses: number[] = [];
  const started = performance.now();
  try {
    for (let epoch = 0; epoch < c.epochs; epoch++) {
      const batchLosses: tf.Scalar[] = [];
      const epochStart = performance.now();
      for (const rows of lengthBuckets(orderRng, targets, c.batchSize)) {
        const src = take(sources, rows);
        const tin = take(decoderIn, rows);
        const tout = take(decoderOut, rows);
        const width = longest(tin);
        const [s, ti, to] = [
          idTensor(padRows(src, longest(src))),
          idTensor(padRows(tin, width)),
          idTensor(padRows(tout, width)),
        ];
        const cost = optimizer.minimize(
          () => {
            const probs = model.apply([s, ti], { training: true });
            return tokenCrossentropy(to, probs, tf.notEqual(to, 0));
          },
          true,
          model.trainableWeights,
        ) as tf.Scalar;
        batchLosses.push(cost);
        tf.dispose([s, ti, to]);
      }
      // One read-back per epoch: the mean of the batch losses.
      const mean = tf.tidy(() => tf.div(tf.addN(batchLosses), batchLosses.length));
      losses.push((await mean.data())[0] as number);
      tf.dispose([mean, ...batchLosses]);
      log(
        `Epoch ${epoch + 1}/${c.epochs} · loss ${(losses.at(-1) as number).toFixed(3)} · ${((performance.now() - epochStart) / 1000).toFixed(2)}s`,
      );
    }
  } finally {
    optimizer.dispose();
  }
  const trainSeconds = (performance.now() - started) / 1000;

  // Greedy decoding of the held-out sources, a chunk of rows at a time.
  const testSources = encodeTexts(en, testEn, c.maxLength);
  const hypotheses: string[] = [];
  for (let start = 0; start < testSources.length; start += 100) {
    const chunk = testSources.slice(start, start + 100);
    const decoded = await greedyDecode(model, padRows(chunk, longest(chunk)), {
      startId: CLS_ID,
      endId: SEP_ID,
      maxLength: c.maxLength + 1,
    });
    hypotheses.push(...decoded.map((ids) => es.decode(ids)));
  }
  // The tokenizers lower-case, so the model cannot produce capitals: compare lower-cased.
  const score = await bleu(testEs, hypotheses, { lowercase: true });
  const rouge = await rougeL(testEs, hypotheses);

  if (o.saveTo) {
    await saveModel(model, o.saveTo, {
      metadata: { tutorial: 'transformer', task: 'translation en→es', startId: CLS_ID, endId: SEP_ID },
      files: {
        'source-tokenizer.json': `${JSON.stringify(en.getState())}\n`,
        'target-tokenizer.json': `${JSON.stringify(es.getState())}\n`,
      },
    });
  }
  const result: TranslationResult = {
    bleu: score,
    rougeL: rouge,
    trainSeconds,
    epochs: c.epochs,
    loss: losses,
    params: model.countParams(),
    trainRows: sources.length,
    testRows: testEn.length,
    sourceVocab: en.size,
    targetVocab: es.size,
    examples: [0, 1, 2, 3, 4].map((i) => ({
      source: testEn[i] as string,
      reference: testEs[i] as string,
      hypothesis: hypotheses[i] as string,
    })),
  };
  model.dispose();
  return result;
}
