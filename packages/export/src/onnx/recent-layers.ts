import {
  AvgPool2D,
  BatchNormalization,
  Conv1D,
  GlobalAveragePool1D,
  GlobalAveragePool2D,
  type Layer,
} from '@weft/layers';
import { attr, type Dim, type GraphBuilder } from './graph.js';
import { activation, type Flow, padding, toNchw, toNhwc, type Weights } from './layers.js';
import { maskOf } from './transformer.js';

/**
 * Appends the ops of BatchNormalization (inference), the average pools and Conv1D; returns false
 * for any other layer.
 */
export function convertRecentLayer(flow: Flow, layer: Layer, w: Weights): boolean {
  const g = flow.g;
  const p = layer.name;
  if (layer instanceof BatchNormalization) {
    batchNorm(flow, layer, w);
  } else if (layer instanceof AvgPool2D) {
    toNchw(flow);
    // ONNX's count_include_pad = 0 (the default) averages only the values inside, as Weft's 'same' does.
    flow.x = g.node('AveragePool', [flow.x], {
      name: p,
      attributes: [
        attr.ints('kernel_shape', [...layer.poolSize]),
        attr.ints('strides', [...layer.strides]),
        attr.int('count_include_pad', 0),
        ...padding(flow.shape, layer.poolSize, layer.strides, layer.padding),
      ],
    });
  } else if (layer instanceof GlobalAveragePool2D) {
    toNchw(flow);
    flow.x = g.node('GlobalAveragePool', [flow.x], { name: p });
    if (!layer.keepDims) {
      // [b, c, 1, 1] → [b, c]: a plain matrix, no longer NCHW.
      flow.x = g.node('Flatten', [flow.x], { name: `${p}_flatten`, attributes: [attr.int('axis', 1)] });
      flow.nchw = false;
    }
  } else if (layer instanceof GlobalAveragePool1D) {
    toNhwc(flow);
    const mask = maskOf(flow);
    if (mask) {
      // The mean over the real steps only: Σ x·mask / max(Σ mask, 1), as Weft does.
      const weights = g.node('Unsqueeze', [mask, axes(g, `${p}/mask_axis`, 2)], {
        name: `${p}_weights`,
      });
      const sum = (t: string, name: string) =>
        g.node('ReduceSum', [t, axes(g, `${p}/${name}_axis`, 1)], {
          name: `${p}_${name}`,
          attributes: [attr.int('keepdims', 0)],
        });
      const total = sum(g.node('Mul', [flow.x, weights], { name: `${p}_masked` }), 'sum');
      const count = g.node('Max', [sum(weights, 'count'), g.scalar(`${p}/one`, 1)], { name: `${p}_count` });
      flow.x = g.node('Div', [total, count], { name: p });
    } else {
      flow.x = g.node('ReduceMean', [flow.x], {
        name: p,
        attributes: [attr.ints('axes', [1]), attr.int('keepdims', 0)],
      });
    }
  } else if (layer instanceof Conv1D) {
    conv1d(flow, layer, w);
  } else {
    return false;
  }
  return true;
}

/** Inference-mode batch normalization from the moving statistics: Sub mean, Mul γ/√(var + ε), Add β. */
function batchNorm(flow: Flow, layer: BatchNormalization, w: Weights): void {
  const g = flow.g;
  const p = layer.name;
  const rank = flow.shape.length;
  const axis = layer.axis < 0 ? rank + layer.axis : layer.axis;
  // In NCHW the channel axis (the last logical one) is axis 1: constants shaped [C, 1, 1].
  const channelsFirst = flow.nchw && axis === rank - 1;
  if (!channelsFirst) toNhwc(flow);
  const features = flow.shape[axis] as number;
  const dims = channelsFirst
    ? [features, 1, 1]
    : flow.shape.slice(1).map((_, i) => (i + 1 === axis ? features : 1));
  const get = (role: string) => w.get(role)?.data;
  const mean = get('moving_mean') as Float32Array;
  const variance = get('moving_variance') as Float32Array;
  const gamma = get('gamma');
  const scale = Float32Array.from(
    variance,
    (v, i) => (1 / Math.sqrt(Math.fround(v + layer.epsilon))) * (gamma ? (gamma[i] as number) : 1),
  );
  flow.x = g.node('Sub', [flow.x, g.constant(`${p}/moving_mean`, mean, dims)], { name: `${p}_sub` });
  flow.x = g.node('Mul', [flow.x, g.constant(`${p}/scale`, scale, dims)], { name: `${p}_mul` });
  const beta = get('beta');
  if (beta) flow.x = g.node('Add', [flow.x, g.constant(`${p}/beta`, beta, dims)], { name: `${p}_add` });
}

/** Conv1D as ONNX's Conv on NCW: kernels [k, in, out] → [out, in, k]; 'causal' pads only the start. */
function conv1d(flow: Flow, layer: Conv1D, w: Weights): void {
  const g = flow.g;
  const p = layer.name;
  toNhwc(flow);
  const kernel = w.get('kernel') as { data: Float32Array; shape: number[] };
  const [k, ci, co] = kernel.shape as [number, number, number];
  const oik = new Float32Array(kernel.data.length);
  for (let t = 0; t < k; t++)
    for (let i = 0; i < ci; i++)
      for (let o = 0; o < co; o++) oik[(o * ci + i) * k + t] = kernel.data[(t * ci + i) * co + o] as number;
  const span = (k - 1) * layer.dilationRate + 1;
  const steps = flow.shape[1] as Dim;
  let pads: ReturnType<typeof attr.ints>;
  if (layer.padding === 'causal') pads = attr.ints('pads', [span - 1, 0]);
  else if (layer.padding === 'valid') pads = attr.ints('pads', [0, 0]);
  else if (steps === null) pads = attr.string('auto_pad', 'SAME_UPPER');
  else {
    const total = Math.max(0, (Math.ceil(steps / layer.strides) - 1) * layer.strides + span - steps);
    pads = attr.ints('pads', [Math.floor(total / 2), total - Math.floor(total / 2)]);
  }
  const ncw = g.node('Transpose', [flow.x], {
    name: `${p}_to_ncw`,
    attributes: [attr.ints('perm', [0, 2, 1])],
  });
  const inputs = [ncw, g.constant(`${p}/kernel`, oik, [co, ci, k])];
  const bias = w.get('bias');
  if (bias) inputs.push(g.constant(`${p}/bias`, bias.data, bias.shape));
  const conv = g.node('Conv', inputs, {
    name: p,
    attributes: [
      attr.ints('kernel_shape', [k]),
      attr.ints('strides', [layer.strides]),
      attr.ints('dilations', [layer.dilationRate]),
      attr.int('group', 1),
      pads,
    ],
  });
  flow.x = g.node('Transpose', [conv], { name: `${p}_to_nwc`, attributes: [attr.ints('perm', [0, 2, 1])] });
  activation(flow, layer.activation, p);
}

/** A one-axis int64 `axes` input (ReduceSum and Unsqueeze take their axes as inputs since opset 13). */
function axes(g: GraphBuilder, name: string, axis: number): string {
  return g.constant(name, BigInt64Array.of(BigInt(axis)), [1]);
}
