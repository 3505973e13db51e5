import { ConfigError } from '@weft/core';
import { Embedding, type Layer } from '@weft/layers';
import { Pipeline } from '@weft/models';
import { flatLayers } from '../layer-list.js';
import { VERSION } from '../version.js';
import { type Dim, GraphBuilder } from './graph.js';
import { convertLayer, type Flow, toNhwc } from './layers.js';
import { emitOps, transformOps } from './ops.js';
import { ONNX_INT64 } from './proto.js';

/** The opset written: 17, the newest Debian's python3-onnx (1.12) checker knows; it has LayerNormalization. */
export const ONNX_OPSET = 17;

/**
 * A model or a whole pipeline as ONNX bytes (opset 17). A model takes what Weft's model takes
 * (NHWC images, float features, or int64 ids for an Embedding first) and returns its output. A
 * pipeline takes raw features `[rows, features]` float32 in `pipeline.features` order and returns
 * raw-unit predictions: its numeric preprocessing and the target's inverse are baked into the
 * graph (scaler → Sub/Div, inverse → Mul/Add). Input "input", output "output".
 */
export async function toOnnx(item: Layer | Pipeline): Promise<Uint8Array> {
  const where = 'toOnnx';
  const pipeline = item instanceof Pipeline ? item : null;
  const model = pipeline ? pipeline.model : (item as Layer);
  const { layers, inputShape } = flatLayers(model, where);
  const g = new GraphBuilder();
  const ids = layers[0] instanceof Embedding;
  if (pipeline && (ids || inputShape.length !== 2)) {
    throw new ConfigError({
      where,
      problem: 'a pipeline exports to ONNX only when its model takes a [rows, features] float matrix',
      received: { inputShape },
    });
  }
  const flow: Flow = {
    g,
    x: g.input('input', ids ? ONNX_INT64 : 1, inputShape),
    shape: [...inputShape] as Dim[],
    nchw: false,
  };
  if (pipeline?.tableTransform) {
    // Table-level steps (one-hot and other categorical encodings) are not lowered to ONNX yet;
    // exporting without them would silently give a model that reads the wrong columns.
    throw new ConfigError({
      where,
      problem: `the pipeline's table transform ${pipeline.tableTransform.className} cannot be exported to ONNX yet`,
      fix: 'Export pipeline.model alone and apply the table transform before it, or use numeric features',
    });
  }
  if (pipeline?.featureTransform) {
    flow.x = emitOps(g, flow.x, transformOps(pipeline.featureTransform, false, where), 'preprocess');
  }
  for (const layer of layers) await convertLayer(flow, layer);
  toNhwc(flow);
  if (pipeline?.targetTransform) {
    flow.x = emitOps(g, flow.x, transformOps(pipeline.targetTransform, true, where), 'target_inverse');
  }
  g.output(flow.x, 'output', flow.shape);
  const props: Record<string, string> = { 'weft.kind': pipeline ? 'pipeline' : 'model' };
  if (pipeline) {
    props['weft.features'] = JSON.stringify(pipeline.features);
    props['weft.outputs'] = JSON.stringify(pipeline.outputs);
    if (pipeline.labels) props['weft.labels'] = JSON.stringify(pipeline.labels);
  }
  return g.encode({
    graphName: model.name,
    producerVersion: VERSION,
    opset: ONNX_OPSET,
    doc: pipeline
      ? 'Weft pipeline: raw features in, raw-unit predictions out (preprocessing baked in).'
      : 'Weft model.',
    props,
  });
}
