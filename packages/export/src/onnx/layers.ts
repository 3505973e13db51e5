import { ConfigError } from '@weft/core';
import {
  type ActivationName,
  Conv2D,
  Dense,
  Dropout,
  Embedding,
  Flatten,
  type Layer,
  LayerNormalization,
  MaxPool2D,
  Reshape,
} from '@weft/layers';
import { attr, type Dim, type GraphBuilder } from './graph.js';
import { convertRecentLayer } from './recent-layers.js';
import { convertTransformerLayer } from './transformer.js';

/**
 * A tensor flowing through the graph being built. `shape` is the logical (Weft, NHWC) shape;
 * `nchw` says the tensor is physically NCHW, as ONNX's Conv and MaxPool want: the exporter
 * transposes once into NCHW before the first convolution and back only where a layer needs the
 * NHWC order (Flatten, Dense, Reshape, LayerNormalization, the output), so runs of conv and
 * pooling layers stay transpose-free.
 */
export interface Flow {
  g: GraphBuilder;
  x: string;
  shape: Dim[];
  nchw: boolean;
  /**
   * The ids an Embedding with maskZero read, while their mask flows with the tensor (mask-keeping
   * layers pass it on); `mask` is the float mask built from them on first use (`maskOf`).
   */
  maskIds?: string;
  mask?: string;
}

export type Weights = Map<string, { data: Float32Array; shape: number[] }>;

/** The layer classes ONNX export supports (Sequential models of these; Dropout is the identity). */
export const ONNX_LAYERS = [
  'Dense',
  'Conv2D',
  'MaxPool2D',
  'Flatten',
  'Reshape',
  'Dropout',
  'LayerNormalization',
  'Embedding',
  'BatchNormalization',
  'AvgPool2D',
  'GlobalAveragePool2D',
  'GlobalAveragePool1D',
  'Conv1D',
  'PositionalEncoding',
  'MultiHeadAttention',
  'TransformerEncoderLayer',
];

const TO_NCHW = [0, 3, 1, 2];
const TO_NHWC = [0, 2, 3, 1];

export function toNchw(flow: Flow): void {
  if (flow.nchw) return;
  flow.x = flow.g.node('Transpose', [flow.x], { attributes: [attr.ints('perm', TO_NCHW)], name: 'to_nchw' });
  flow.nchw = true;
}

export function toNhwc(flow: Flow): void {
  if (!flow.nchw) return;
  flow.x = flow.g.node('Transpose', [flow.x], { attributes: [attr.ints('perm', TO_NHWC)], name: 'to_nhwc' });
  flow.nchw = false;
}

/** The weights of a layer by role (`kernel`, `bias`, …), read with `await data()`. */
async function weightsOf(layer: Layer): Promise<Weights> {
  const out: Weights = new Map();
  for (const w of layer.namedWeights) {
    const role = w.name.slice(layer.name.length + 1);
    out.set(role, { data: Float32Array.from(await w.variable.data()), shape: [...w.variable.shape] });
  }
  return out;
}

/** Appends one layer's ops to the graph. */
export async function convertLayer(flow: Flow, layer: Layer): Promise<void> {
  const g = flow.g;
  const w = await weightsOf(layer);
  const next = layer.computeOutputShape(flow.shape) as Dim[];
  const p = layer.name;
  if (layer instanceof Dense) {
    toNhwc(flow);
    const kernel = w.get('kernel') as { data: Float32Array; shape: number[] };
    const k = g.constant(`${p}/kernel`, kernel.data, kernel.shape);
    const bias = w.get('bias');
    if (flow.shape.length === 2) {
      const inputs = [flow.x, k, ...(bias ? [g.constant(`${p}/bias`, bias.data, bias.shape)] : [])];
      flow.x = g.node('Gemm', inputs, { name: p });
    } else {
      flow.x = g.node('MatMul', [flow.x, k], { name: `${p}_matmul` });
      if (bias)
        flow.x = g.node('Add', [flow.x, g.constant(`${p}/bias`, bias.data, bias.shape)], {
          name: `${p}_bias`,
        });
    }
    activation(flow, layer.activation, p);
  } else if (layer instanceof Conv2D) {
    toNchw(flow);
    const kernel = w.get('kernel') as { data: Float32Array; shape: number[] };
    const inputs = [
      flow.x,
      g.constant(`${p}/kernel`, hwioToOihw(kernel.data, kernel.shape), oihwShape(kernel.shape)),
    ];
    const bias = w.get('bias');
    if (bias) inputs.push(g.constant(`${p}/bias`, bias.data, bias.shape));
    flow.x = g.node('Conv', inputs, {
      name: p,
      attributes: [
        attr.ints('kernel_shape', [...layer.kernelSize]),
        attr.ints('strides', [...layer.strides]),
        attr.ints('dilations', [...layer.dilationRate]),
        attr.int('group', 1),
        // 'same' pads for the dilated window, (k − 1)·d + 1 taps wide.
        ...padding(
          flow.shape,
          layer.kernelSize.map((k, i) => (k - 1) * (layer.dilationRate[i] as number) + 1),
          layer.strides,
          layer.padding,
        ),
      ],
    });
    activation(flow, layer.activation, p);
  } else if (layer instanceof MaxPool2D) {
    toNchw(flow);
    flow.x = g.node('MaxPool', [flow.x], {
      name: p,
      attributes: [
        attr.ints('kernel_shape', [...layer.poolSize]),
        attr.ints('strides', [...layer.strides]),
        ...padding(flow.shape, layer.poolSize, layer.strides, layer.padding),
      ],
    });
  } else if (layer instanceof Flatten) {
    // Weft flattens NHWC row-major: undo the NCHW layout first so the next Dense's rows line up.
    toNhwc(flow);
    flow.x = g.node('Flatten', [flow.x], { name: p, attributes: [attr.int('axis', 1)] });
  } else if (layer instanceof Reshape) {
    toNhwc(flow);
    // 0 copies the batch size from the input; -1 (at most one) is inferred, as in Weft.
    const shape = g.constant(`${p}/shape`, BigInt64Array.from([0, ...layer.targetShape].map(BigInt)), [
      layer.targetShape.length + 1,
    ]);
    flow.x = g.node('Reshape', [flow.x, shape], { name: p });
  } else if (layer instanceof LayerNormalization) {
    toNhwc(flow);
    const features = flow.shape.at(-1) as number;
    const gamma = w.get('gamma')?.data ?? new Float32Array(features).fill(1);
    const inputs = [flow.x, g.constant(`${p}/gamma`, gamma, [features])];
    const beta = w.get('beta');
    if (beta) inputs.push(g.constant(`${p}/beta`, beta.data, beta.shape));
    flow.x = g.node('LayerNormalization', inputs, {
      name: p,
      attributes: [attr.int('axis', -1), attr.float('epsilon', layer.epsilon)],
    });
  } else if (layer instanceof Embedding) {
    toNhwc(flow);
    const table = w.get('embeddings') as { data: Float32Array; shape: number[] };
    flow.maskIds = layer.maskZero ? flow.x : undefined;
    flow.mask = undefined;
    flow.x = g.node('Gather', [g.constant(`${p}/embeddings`, table.data, table.shape), flow.x], {
      name: p,
      attributes: [attr.int('axis', 0)],
    });
  } else if (
    !(layer instanceof Dropout) &&
    !convertRecentLayer(flow, layer, w) &&
    !convertTransformerLayer(flow, layer, w)
  ) {
    throw new ConfigError({
      where: 'toOnnx',
      problem: `ONNX export does not support layer "${layer.name}" (${layer.className})`,
      expected: `Sequential models of ${ONNX_LAYERS.join(', ')}`,
    });
  }
  flow.shape = next;
  // Which layers pass a mask on (Layer.supportsMasking is protected: read at run time).
  if (!(layer instanceof Embedding) && !(layer as unknown as { supportsMasking: boolean }).supportsMasking)
    flow.mask = undefined;
}

export function activation(flow: Flow, name: ActivationName, p: string): void {
  const g = flow.g;
  switch (name) {
    case 'linear':
      return;
    case 'relu':
      flow.x = g.node('Relu', [flow.x], { name: `${p}_relu` });
      return;
    case 'sigmoid':
      flow.x = g.node('Sigmoid', [flow.x], { name: `${p}_sigmoid` });
      return;
    case 'tanh':
      flow.x = g.node('Tanh', [flow.x], { name: `${p}_tanh` });
      return;
    case 'softmax':
      // Weft's softmax runs over the last (NHWC channel) axis, which is axis 1 in NCHW.
      flow.x = g.node('Softmax', [flow.x], {
        name: `${p}_softmax`,
        attributes: [attr.int('axis', flow.nchw ? 1 : -1)],
      });
      return;
    case 'leakyRelu':
      flow.x = g.node('LeakyRelu', [flow.x], {
        name: `${p}_leaky_relu`,
        attributes: [attr.float('alpha', 0.2)],
      });
      return;
    case 'gelu': {
      // Opset 17 has no Gelu (it arrives in 20): x · 0.5 · (1 + erf(x / √2)), Weft's exact form.
      const x = flow.x;
      const erf = g.node(
        'Erf',
        [g.node('Div', [x, g.scalar(`${p}/sqrt2`, Math.SQRT2)], { name: `${p}_gelu_div` })],
        { name: `${p}_gelu_erf` },
      );
      const onePlus = g.node('Add', [erf, g.scalar(`${p}/one`, 1)], { name: `${p}_gelu_add` });
      const half = g.node('Mul', [x, g.scalar(`${p}/half`, 0.5)], { name: `${p}_gelu_half` });
      flow.x = g.node('Mul', [half, onePlus], { name: `${p}_gelu` });
      return;
    }
  }
}

/** ONNX pads `[top, left, bottom, right]` reproducing tfjs' 'same' (extra padding after). */
export function padding(
  shape: Dim[],
  window: readonly number[],
  strides: readonly number[],
  mode: 'valid' | 'same',
) {
  if (mode === 'valid') return [attr.ints('pads', [0, 0, 0, 0])];
  const [h, wd] = [shape[1], shape[2]];
  // Sizes known only at run time: ONNX's SAME_UPPER is the same rule (extra padding after).
  if (h == null || wd == null) return [attr.string('auto_pad', 'SAME_UPPER')];
  const pads = [h, wd].map((size, i) => {
    const k = window[i] as number;
    const s = strides[i] as number;
    const total = Math.max(0, (Math.ceil(size / s) - 1) * s + k - size);
    return [Math.floor(total / 2), total - Math.floor(total / 2)] as const;
  });
  const [[top, bottom], [left, right]] = pads as [readonly [number, number], readonly [number, number]];
  return [attr.ints('pads', [top, left, bottom, right])];
}

function oihwShape(hwio: number[]): number[] {
  const [h, w, i, o] = hwio as [number, number, number, number];
  return [o, i, h, w];
}

/** Conv kernel HWIO (tfjs) → OIHW (ONNX). */
export function hwioToOihw(data: Float32Array, shape: number[]): Float32Array {
  const [h, w, ci, co] = shape as [number, number, number, number];
  const out = new Float32Array(data.length);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let i = 0; i < ci; i++)
        for (let o = 0; o < co; o++)
          out[((o * ci + i) * h + y) * w + x] = data[((y * w + x) * ci + i) * co + o] as number;
  return out;
}
