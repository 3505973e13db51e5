/**
 * `pnpm tutorial cnn-classifier [--backend B] [--seed N] [--epochs N] [--out DIR] [--json] [--quick]`
 *
 * Trains the tutorial's VGG-style CNN, scaled to 28×28 (its first two conv blocks), on a
 * Fashion-MNIST subset, and builds and summarizes the full 224×224×3 / 1000-class model without
 * training it (39,163,176 parameters, as in Keras).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { lossChartSpec, renderSvg, runTutorial } from '@weft-examples/shared';
import { fullConfiguration, trainFashionCnn } from './cnn.js';

await runTutorial(
  'cnn-classifier',
  async ({ args, log }) => {
    const trainImages = args.quick ? 1000 : 10000;
    const run = await trainFashionCnn({
      trainImages,
      testImages: args.quick ? 500 : 2000,
      epochs: args.epochs ?? (args.quick ? 1 : 3),
      seed: args.seed,
      verbose: !args.json,
    });
    log(`\nFashion-MNIST, ${run.trainImages} training images: test accuracy ${run.accuracy.toFixed(4)}`);
    log(
      `training: ${run.trainSeconds.toFixed(1)} s for ${run.epochs} epochs = ${run.imagesPerSecond.toFixed(0)} images/s`,
    );

    const full = fullConfiguration();
    log('\nThe full configuration (224×224×3 input, 1000 classes), built but not trained:');
    log(full.summary);

    if (args.out) {
      await mkdir(args.out, { recursive: true });
      await writeFile(
        join(args.out, 'loss.svg'),
        await renderSvg(lossChartSpec({ loss: run.loss }, 'CNN training loss')),
      );
    }
    return {
      accuracy: run.accuracy,
      epochs: run.epochs,
      trainSeconds: run.trainSeconds,
      imagesPerSecond: run.imagesPerSecond,
      params: run.params,
      runs: { full224: { params: full.params } },
    };
  },
  [],
  // Convolutions are large ops: on wasm in Node, one thread per core (--threads N to change).
  { wasmThreads: 'cores' },
);
