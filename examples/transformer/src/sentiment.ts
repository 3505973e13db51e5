import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@weft/core';
import { trainTestSplit } from '@weft/data';
import { loadSentiment } from '@weft/datasets';
import type { Sequential } from '@weft/layers';
import { accuracy } from '@weft/metrics';
import { maskedTokenModel, maskTokens, transformerEncoderClassifier } from '@weft/models';
import { MASK_ID, SPECIAL_TOKENS, WordTokenizer } from '@weft/preprocess';
import { fit, predict, type TrainBatch } from '@weft/train';
import { saveClassifier } from './deploy.js';
import { encodeTexts, idTensor, padRows, take } from './text.js';
import { tokenCrossentropy } from './token-loss.js';

/** Sizes and schedule of the sentiment run (the full run, or `--quick`'s shrunken one). */
export interface SentimentConfig {
  /** Training sentences used (a seeded subset of the 2400-sentence training split); all when absent. */
  trainRows?: number;
  /** Test sentences used (a seeded subset of the 600-sentence test split); all when absent. */
  testRows?: number;
  vocabSize: number;
  maxLength: number;
  pretrainEpochs: number;
  epochs: number;
  batchSize: number;
  pretrainLearningRate: number;
  learningRate: number;
  emaDecay: number;
}

/** The full run documented in the README: 2400 training sentences, minutes on 2 cores (wasm). */
export const SENTIMENT_FULL: SentimentConfig = {
  vocabSize: 2000,
  maxLength: 32,
  pretrainEpochs: 8,
  epochs: 6,
  batchSize: 32,
  pretrainLearningRate: 1e-3,
  learningRate: 5e-4,
  emaDecay: 0.99,
};

/** `--quick`: 800 sentences, a smaller vocabulary, short sequences, a few epochs (about 70% accuracy). */
export const SENTIMENT_QUICK: SentimentConfig = {
  trainRows: 800,
  testRows: 200,
  vocabSize: 600,
  maxLength: 20,
  pretrainEpochs: 2,
  epochs: 4,
  batchSize: 32,
  pretrainLearningRate: 2e-3,
  learningRate: 2e-3,
  emaDecay: 0.9,
};

/** The encoder both classifiers use: dModel 64, 2 heads, 2 blocks, feed-forward 128 (workload B6's). */
const ENCODER = { dModel: 64, numHeads: 2, numLayers: 2, ffDim: 128, dropout: 0.1 } as const;

export interface ClassifierRun {
  accuracy: number;
  trainSeconds: number;
  epochs: number;
  /** Training loss per epoch. */
  loss: number[];
}

export interface SentimentResult {
  fineTuned: ClassifierRun;
  fromScratch: ClassifierRun;
  pretrain: {
    epochs: number;
    trainSeconds: number;
    /** Masked-token training loss per epoch (fresh masks every epoch). */
    loss: number[];
    /** Cross-entropy on masked test sentences (fixed masks) before and after pre-training. */
    heldOutLossBefore: number;
    heldOutLossAfter: number;
    /** Fraction of masked test tokens whose original word is the top prediction after pre-training. */
    heldOutMaskedAccuracy: number;
  };
  /** Accuracy of always answering the training split's majority class, on the test split. */
  majorityAccuracy: number;
  params: number;
  vocabSize: number;
  trainRows: number;
  testRows: number;
  /** Present when saved: the reloaded classifier predicted the test split bit for bit the same. */
  reloadIdentical?: boolean;
  /** Present when saved: largest difference of onnxruntime's probabilities from Weft's on the test split. */
  onnxMaxDiff?: number;
  /** A few test sentences with the fine-tuned classifier's [P(negative), P(positive)]. */
  examples: { text: string; label: number; pPositive: number; probabilities: number[] }[];
}

export interface SentimentOptions {
  config: SentimentConfig;
  seed: number;
  verbose: boolean;
  log: (...parts: unknown[]) => void;
  /** Where to save the fine-tuned classifier: `model/` (native, with `tokenizer.json`) and `model.onnx`. */
  outDir?: string;
}

/** Masked-token loss and accuracy of `model` on fixed masks, read back. */
async function heldOut(
  model: Sequential,
  masked: { inputs: number[][]; labels: number[][]; weights: number[][] },
): Promise<{ loss: number; accuracy: number }> {
  const [loss, hits] = tf.tidy(() => {
    const x = idTensor(masked.inputs);
    const y = idTensor(masked.labels);
    const w = tf.tensor2d(masked.weights);
    const probs = model.apply(x, { training: false });
    const correct = tf.cast(tf.equal(tf.argMax(probs, -1), y), 'float32');
    return [tokenCrossentropy(y, probs, w), tf.div(tf.sum(tf.mul(correct, w)), tf.sum(w))];
  });
  const [l, a] = await Promise.all([loss.data(), hits.data()]);
  tf.dispose([loss, hits]);
  return { loss: l[0] as number, accuracy: a[0] as number };
}

/**
 * Pre-trains a Transformer encoder with masked tokens (BERT's objective, fresh masks every epoch)
 * on the training sentences, fine-tunes a classifier on that encoder with an EMA of the weights,
 * and trains the same classifier from scratch with the same recipe (epochs, seed, EMA) for
 * comparison. Test accuracy for both; the tokenizer is fit on the training split only.
 */
export async function runSentiment(o: SentimentOptions): Promise<SentimentResult> {
  const { config: c, seed, log } = o;
  const verbose = o.verbose ? 1 : 0;
  const rng = new Rng(seed);
  const { table } = await loadSentiment();
  const split = trainTestSplit(table, { test: 0.2, seed, stratify: 'label' });
  const subset = (t: typeof split.train, rows: number | undefined, label: string) => {
    const all = {
      texts: t.array('text') as string[],
      labels: Array.from(t.array('label') as ArrayLike<number>),
    };
    if (rows === undefined || rows >= all.texts.length) return all;
    const keep = rng.fork(label).permutation(all.texts.length).slice(0, rows);
    return { texts: take(all.texts, keep), labels: take(all.labels, keep) };
  };
  const train = subset(split.train, c.trainRows, 'train-rows');
  const test = subset(split.test, c.testRows, 'test-rows');
  const tokenizer = await new WordTokenizer({ vocabSize: c.vocabSize }).fit(train.texts);
  const vocabSize = tokenizer.size;
  const trainIds = padRows(encodeTexts(tokenizer, train.texts, c.maxLength), c.maxLength);
  const testIds = padRows(encodeTexts(tokenizer, test.texts, c.maxLength), c.maxLength);
  const positives = train.labels.filter((l) => l === 1).length;
  const majority = positives * 2 >= train.labels.length ? 1 : 0;
  const majorityAccuracy = test.labels.filter((l) => l === majority).length / test.labels.length;
  log(
    `  ${train.texts.length} training / ${test.texts.length} test sentences, vocabulary ${vocabSize} words (fit on the training split), ${c.maxLength} tokens at most`,
  );

  // 1. Masked-token pre-training on the training sentences (labels unused).
  const encoderOptions = { vocabSize, maxLength: c.maxLength, ...ENCODER, seed };
  const mlm = maskedTokenModel(encoderOptions);
  // Ids 0–4 are [PAD] [UNK] [CLS] [SEP] [MASK]: never chosen for prediction, never drawn as replacements.
  const maskOptions = { maskId: MASK_ID, vocabSize, firstId: SPECIAL_TOKENS.length };
  const fixedMasks = maskTokens(testIds, { ...maskOptions, seed: rng.fork('held-out-masks') });
  const before = await heldOut(mlm, fixedMasks);
  const maskRng = rng.fork('masks');
  const orderRng = rng.fork('order');
  // Fresh masks and a fresh order every epoch (RoBERTa's dynamic masking); the labels are the
  // original ids and the per-token weights mark the masked positions the loss counts.
  const maskedBatches = async function* (): AsyncGenerator<TrainBatch> {
    const order = orderRng.permutation(trainIds.length);
    const masked = maskTokens(take(trainIds, order), { ...maskOptions, seed: maskRng.split() });
    for (let start = 0; start < order.length; start += c.batchSize) {
      const end = start + c.batchSize;
      yield {
        x: idTensor(masked.inputs.slice(start, end)),
        y: idTensor(masked.labels.slice(start, end)),
        sampleWeight: tf.tensor2d(masked.weights.slice(start, end)),
      };
    }
  };
  log(`\n  1. masked-token pre-training (15% of the words, 80% → [MASK], 10% random, 10% kept):`);
  const pretrained = await fit(mlm, () => maskedBatches(), {
    loss: 'sparseCategoricalCrossentropy',
    epochs: c.pretrainEpochs,
    optimizer: 'adam',
    learningRate: c.pretrainLearningRate,
    seed,
    verbose,
    // The batch's sampleWeight holds per-token weights [batch, steps]: the step reduces over tokens.
    trainStep: ({ x, y, sampleWeight }, { model }) =>
      tokenCrossentropy(y, model.apply(x, { training: true }), sampleWeight as tf.Tensor),
  });
  const after = await heldOut(mlm, fixedMasks);
  log(
    `     held-out masked-token loss ${before.loss.toFixed(3)} → ${after.loss.toFixed(3)} (ln V = ${Math.log(vocabSize).toFixed(3)}), top-1 accuracy on masked words ${(100 * after.accuracy).toFixed(1)}%`,
  );

  // 2. Fine-tuning on the labels, and 3. the same classifier from scratch, with one recipe.
  const x = idTensor(trainIds);
  const y = tf.tensor1d(train.labels, 'int32');
  const testX = idTensor(testIds);
  const classify = async (model: Sequential): Promise<{ run: ClassifierRun; probs: tf.Tensor }> => {
    const history = await fit(
      model,
      { x, y },
      {
        loss: 'sparseCategoricalCrossentropy',
        epochs: c.epochs,
        batchSize: c.batchSize,
        optimizer: 'adam',
        learningRate: c.learningRate,
        metrics: ['accuracy'],
        ema: { decay: c.emaDecay },
        seed,
        verbose,
      },
    );
    const probs = await predict(model, testX);
    return {
      run: {
        accuracy: await accuracy(test.labels, probs),
        trainSeconds: history.trainSeconds,
        epochs: history.epoch.length,
        loss: history.history.loss ?? [],
      },
      probs,
    };
  };
  const encoder = mlm.layers[0] as Sequential;
  const classifier = transformerEncoderClassifier({ ...encoderOptions, classes: 2, encoder });
  log(`\n  2. fine-tuning the pre-trained encoder on the labels (EMA of the weights, decay ${c.emaDecay}):`);
  const tuned = await classify(classifier);
  log(`     test accuracy ${(100 * tuned.run.accuracy).toFixed(1)}%`);
  const scratch = transformerEncoderClassifier({ ...encoderOptions, classes: 2 });
  log('\n  3. the same classifier trained from scratch (same epochs, seed and EMA):');
  const fromScratch = await classify(scratch);
  log(`     test accuracy ${(100 * fromScratch.run.accuracy).toFixed(1)}%`);

  const probs = Array.from(await tuned.probs.data());
  const examples = [0, 1, 2, 3].map((i) => ({
    text: test.texts[i] as string,
    label: test.labels[i] as number,
    pPositive: probs[2 * i + 1] as number,
    probabilities: [probs[2 * i] as number, probs[2 * i + 1] as number],
  }));

  const deployment = o.outDir
    ? await saveClassifier(classifier, tokenizer, o.outDir, testIds, testX, tuned.probs)
    : undefined;

  const result: SentimentResult = {
    fineTuned: tuned.run,
    fromScratch: fromScratch.run,
    pretrain: {
      epochs: pretrained.epoch.length,
      trainSeconds: pretrained.trainSeconds,
      loss: pretrained.history.loss ?? [],
      heldOutLossBefore: before.loss,
      heldOutLossAfter: after.loss,
      heldOutMaskedAccuracy: after.accuracy,
    },
    majorityAccuracy,
    params: classifier.countParams(),
    vocabSize,
    trainRows: train.texts.length,
    testRows: test.texts.length,
    ...(deployment ?? {}),
    examples,
  };
  tf.dispose([x, y, testX, tuned.probs, fromScratch.probs]);
  // The classifier owns the shared encoder; the masked-token head's own layers go separately.
  classifier.dispose();
  for (const layer of mlm.layers.slice(1)) layer.dispose();
  scratch.dispose();
  return result;
}
