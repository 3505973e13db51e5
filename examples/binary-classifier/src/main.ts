/**
 * `pnpm tutorial binary-classifier [--backend B] [--seed N] [--epochs N] [--out DIR] [--json] [--quick]`
 *
 * Breast-cancer diagnosis (benign = 1 is the positive class, as in scikit-learn): a sigmoid MLP
 * behind a StandardScaler, the threshold-dependent metrics at 0.5 and across thresholds, ROC-AUC,
 * and deployment: the pipeline is saved, reloaded and asked about "new" patients in raw units.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportTutorialArtifacts, toOnnx } from '@weft/export';
import { loadPipeline } from '@weft/models';
import { runTutorial } from '@weft-examples/shared';
import * as ort from 'onnxruntime-node';
import { FEATURES, trainBinary } from './binary.js';

await runTutorial('binary-classifier', async ({ args, log }) => {
  const r = await trainBinary({
    epochs: args.epochs ?? (args.quick ? 5 : 20),
    seed: args.seed,
    verbose: !args.json,
  });
  const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
  log(`\ntest split (${r.test.numRows()} patients), threshold 0.5, positive class = benign:`);
  log(
    `  accuracy ${pct(r.accuracy)}  precision ${pct(r.precision)}  recall ${pct(r.recall)}  F1 ${pct(r.f1)}  ROC-AUC ${r.rocAuc.toFixed(4)}`,
  );
  log(
    '\nchoosing a threshold: a lower one calls more cases benign (higher recall for benign, more missed malignancies)',
  );
  log('  threshold  accuracy  precision  recall     F1');
  for (const t of r.byThreshold) {
    log(
      `  ${t.threshold.toFixed(1).padStart(9)}  ${pct(t.accuracy).padStart(8)}  ${pct(t.precision).padStart(9)}  ${pct(t.recall).padStart(6)}  ${pct(t.f1).padStart(6)}`,
    );
  }

  // Deployment: a saved pipeline takes raw measurements and returns the probability of "benign".
  const outDir = args.out ?? (await mkdtemp(join(tmpdir(), 'weft-binary-')));
  await r.pipeline.save(join(outDir, 'model'));
  const deployed = await loadPipeline(join(outDir, 'model'));
  const patients = r.test.slice(0, 3);
  const fromSaved = (await deployed.predictRows(patients)).map((row) => row[0] as number);
  const fromMemory = (await r.pipeline.predictRows(patients)).map((row) => row[0] as number);
  const identical = fromSaved.every((p, i) => p === fromMemory[i]);
  log(
    `\ndeployment: the reloaded pipeline (${identical ? 'identical predictions' : 'DIFFERENT predictions'}) on three patients:`,
  );
  const truth = patients.array('label') as number[];
  fromSaved.forEach((p, i) => {
    log(
      `  P(benign) = ${p.toFixed(4)} → ${p >= 0.5 ? 'benign' : 'malignant'} (actual: ${truth[i] === 1 ? 'benign' : 'malignant'})`,
    );
  });
  // The same pipeline exported to ONNX (scaler baked in as Sub/Div) and run by onnxruntime-node:
  // how a service without Weft would deploy it.
  const session = await ort.InferenceSession.create(await toOnnx(r.pipeline));
  const rows = patients
    .objects()
    .map((row) => FEATURES.map((f) => (row as Record<string, number>)[f] as number));
  const feeds = {
    [session.inputNames[0] as string]: new ort.Tensor('float32', Float32Array.from(rows.flat()), [3, 30]),
  };
  const onnx = Array.from((await session.run(feeds))[session.outputNames[0] as string]?.data as Float32Array);
  const onnxMaxDiff = Math.max(...onnx.map((p, i) => Math.abs(p - (fromSaved[i] as number))));
  log(
    `onnxruntime-node on the exported model.onnx: P(benign) = ${onnx.map((p) => p.toFixed(4)).join(', ')} (max difference ${onnxMaxDiff.toExponential(1)})`,
  );
  await session.release();
  if (args.out) {
    await exportTutorialArtifacts(r.pipeline, outDir);
    const sample = {
      columns: FEATURES,
      inputs: patients.objects().map((row) => FEATURES.map((f) => (row as Record<string, number>)[f])),
      outputs: fromSaved.map((p) => [p]),
    };
    await writeFile(join(outDir, 'sample.json'), `${JSON.stringify(sample, null, 2)}\n`);
  } else {
    await rm(outDir, { recursive: true, force: true });
  }
  r.pipeline.dispose();
  deployed.dispose();
  if (!identical) process.exitCode = 1;
  return {
    epochs: r.epochs,
    trainSeconds: r.trainSeconds,
    accuracy: r.accuracy,
    precision: r.precision,
    recall: r.recall,
    f1: r.f1,
    rocAuc: r.rocAuc,
    params: r.params,
    reloadIdentical: identical,
    onnxMaxDiff,
    thresholds: r.byThreshold,
  };
});
