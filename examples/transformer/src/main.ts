/**
 * `pnpm tutorial transformer [--backend B] [--seed N] [--epochs N] [--out DIR] [--json] [--quick]
 *   [--pretrain-epochs N] [--translation-epochs N]`
 *
 * A small Transformer on real text, in two parts:
 * (a) sentiment (UCI sentences): masked-token pre-training of an encoder, then fine-tuning it on
 *     the labels with an EMA of the weights, against the same classifier trained from scratch;
 * (b) translation (English → Spanish Bible verses): an encoder-decoder trained with teacher
 *     forcing, decoded greedily, scored with BLEU-4 and ROUGE-L on held-out pairs.
 * `--epochs` sets the classifiers' epochs (fine-tuned and from scratch alike).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runTutorial, toNumber } from '@weft-examples/shared';
import { runSentiment, SENTIMENT_FULL, SENTIMENT_QUICK } from './sentiment.js';
import { runTranslation, TRANSLATION_FULL, TRANSLATION_QUICK } from './translation.js';

await runTutorial(
  'transformer',
  async ({ args, log }) => {
    const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
    const base = args.quick ? SENTIMENT_QUICK : SENTIMENT_FULL;
    const sentimentConfig = {
      ...base,
      epochs: args.epochs ?? base.epochs,
      pretrainEpochs: toNumber('pretrain-epochs', args.extra['pretrain-epochs']) ?? base.pretrainEpochs,
    };
    const translationBase = args.quick ? TRANSLATION_QUICK : TRANSLATION_FULL;
    const translationConfig = {
      ...translationBase,
      epochs: toNumber('translation-epochs', args.extra['translation-epochs']) ?? translationBase.epochs,
    };
    if (args.out) await mkdir(args.out, { recursive: true });

    log('\n== (a) sentiment: UCI sentences (Amazon, IMDb, Yelp), stratified 80/20 split');
    const s = await runSentiment({
      config: sentimentConfig,
      seed: args.seed,
      verbose: !args.json,
      log,
      outDir: args.out,
    });
    log('\n  test accuracy           pre-trained + fine-tuned   from scratch   majority class');
    log(
      `                          ${pct(s.fineTuned.accuracy).padStart(24)}   ${pct(s.fromScratch.accuracy).padStart(12)}   ${pct(s.majorityAccuracy).padStart(14)}`,
    );
    log(
      `  time inside fit: pre-training ${s.pretrain.trainSeconds.toFixed(1)} s (${s.pretrain.epochs} epochs), fine-tuning ${s.fineTuned.trainSeconds.toFixed(1)} s, from scratch ${s.fromScratch.trainSeconds.toFixed(1)} s (${s.fineTuned.epochs} epochs each); ${s.params} parameters`,
    );
    log('\n  fine-tuned classifier on test sentences:');
    for (const e of s.examples) {
      log(`    P(positive) ${e.pPositive.toFixed(3)} (label ${e.label})  "${e.text}"`);
    }

    log('\n== (b) translation: English → Spanish Bible verses (KJV → Reina-Valera 1909)');
    const t = await runTranslation({
      config: translationConfig,
      seed: args.seed,
      log,
      saveTo: args.out ? join(args.out, 'translation') : undefined,
    });
    log(
      `\n  ${t.epochs} epochs in ${t.trainSeconds.toFixed(1)} s, ${t.params} parameters\n  held-out pairs: BLEU-4 ${t.bleu.toFixed(2)} (sacreBLEU scale 0–100, lower-cased), ROUGE-L ${t.rougeL.toFixed(3)}`,
    );
    log('  greedy translations of held-out verses:');
    for (const e of t.examples) {
      log(`    en:  ${e.source}\n    ref: ${e.reference}\n    out: ${e.hypothesis}\n`);
    }

    if (args.out) {
      const sample = {
        columns: ['text'],
        inputs: s.examples.map((e) => [e.text]),
        outputs: s.examples.map((e) => e.probabilities),
      };
      await writeFile(join(args.out, 'sample.json'), `${JSON.stringify(sample, null, 2)}\n`);
      log(
        `\nsaved to ${args.out}: model/ (classifier + tokenizer.json; reloaded: ${s.reloadIdentical ? 'identical predictions' : 'DIFFERENT predictions'}), model.onnx (onnxruntime-node max difference ${s.onnxMaxDiff?.toExponential(1)}), translation/ (seq2seq + both tokenizers), sample.json`,
      );
    }
    if (s.reloadIdentical === false || (s.onnxMaxDiff ?? 0) > 1e-4) process.exitCode = 1;
    return {
      epochs: s.fineTuned.epochs,
      trainSeconds: s.fineTuned.trainSeconds,
      accuracy: s.fineTuned.accuracy,
      params: s.params,
      loss: s.fineTuned.loss,
      majorityAccuracy: s.majorityAccuracy,
      vocabSize: s.vocabSize,
      trainRows: s.trainRows,
      testRows: s.testRows,
      ...(s.reloadIdentical === undefined
        ? {}
        : { reloadIdentical: s.reloadIdentical, onnxMaxDiff: s.onnxMaxDiff }),
      pretrain: s.pretrain,
      runs: {
        fromScratch: {
          accuracy: s.fromScratch.accuracy,
          trainSeconds: s.fromScratch.trainSeconds,
          epochs: s.fromScratch.epochs,
          params: s.params,
          loss: s.fromScratch.loss,
        },
        translation: {
          bleu: t.bleu,
          rougeL: t.rougeL,
          trainSeconds: t.trainSeconds,
          epochs: t.epochs,
          params: t.params,
          loss: t.loss,
          trainRows: t.trainRows,
          testRows: t.testRows,
          examples: t.examples,
        },
      },
    };
  },
  ['pretrain-epochs', 'translation-epochs'],
  // Attention and feed-forward matmuls gain from threads: on wasm in Node, one per core.
  { wasmThreads: 'cores' },
);
