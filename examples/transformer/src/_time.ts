import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '@weft/core';
import { maskedTokenModel, transformerEncoderClassifier, transformerSeq2Seq } from '@weft/models';
import { fit, SparseCategoricalCrossentropyLoss, resolveOptimizer } from '@weft/train';
await useBackend(process.argv[2] as 'wasm');
const n = 320, T = 32, V = 2000;
const ids = tf.randomUniform([n, T], 1, V, 'int32');
const labels = tf.randomUniform([n], 0, 2, 'int32');
const cfg = { vocabSize: V, maxLength: T, dModel: 64, numHeads: 2, numLayers: 2, ffDim: 128, seed: 1 };
const clf = transformerEncoderClassifier({ ...cfg, classes: 2 });
let h = await fit(clf, { x: ids, y: labels }, { loss: 'sparseCategoricalCrossentropy', epochs: 1, batchSize: 32, verbose: 0 });
console.log('clf 10 steps', h.trainSeconds.toFixed(2), 's', clf.countParams());
h = await fit(clf, { x: ids, y: labels }, { loss: 'sparseCategoricalCrossentropy', epochs: 1, batchSize: 32, verbose: 0, ema: { decay: 0.99 } });
console.log('clf 10 steps ema', h.trainSeconds.toFixed(2), 's');
const mlm = maskedTokenModel(cfg);
const ce = new SparseCategoricalCrossentropyLoss();
h = await fit(mlm, { x: ids, y: ids }, { loss: 'sparseCategoricalCrossentropy', epochs: 1, batchSize: 32, verbose: 0,
  trainStep: ({ x, y }, { model }) => {
    const p = model.apply(x, { training: true });
    const w = tf.cast(tf.notEqual(y, 0), 'float32');
    return tf.div(tf.sum(tf.mul(ce.perSample(y, p), w)), tf.maximum(tf.sum(w), 1)) as tf.Scalar;
  } });
console.log('mlm 10 steps', h.trainSeconds.toFixed(2), 's', h.history.loss);
const s2s = transformerSeq2Seq({ sourceVocab: V, targetVocab: V, maxLength: 26, dModel: 64, numHeads: 2, encoderLayers: 2, decoderLayers: 2, ffDim: 128, seed: 1 });
const src = tf.randomUniform([32, 24], 1, V, 'int32');
const tgt = tf.randomUniform([32, 24], 1, V, 'int32');
const opt = resolveOptimizer('adam', 1e-3);
let t0 = performance.now();
for (let i = 0; i < 10; i++) {
  const l = opt.minimize(() => { const p = s2s.apply([src, tgt], { training: true }); return tf.mean(ce.perSample(tgt, p)) as tf.Scalar; }, true, s2s.trainableWeights);
  if (i === 0) { await l!.data(); console.log('s2s first step', ((performance.now() - t0) / 1000).toFixed(2)); t0 = performance.now(); }
  l?.dispose();
}
await tf.sum(src).data();
console.log('s2s 9 steps', ((performance.now() - t0) / 1000).toFixed(2), 's', s2s.countParams());
