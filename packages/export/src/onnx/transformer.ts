import { ConfigError } from '@weft/core';
import {
  type Layer,
  MultiHeadAttention,
  PositionalEncoding,
  sinusoids,
  TransformerEncoderLayer,
} from '@weft/layers';
import { attr, type GraphBuilder } from './graph.js';
import { activation, type Flow, type Weights } from './layers.js';
import { ONNX_FLOAT } from './proto.js';

/** Weft's additive mask value for hidden keys (MultiHeadAttention's MASKED). */
const MASKED = -1e9;

/**
 * Appends the ops of PositionalEncoding, MultiHeadAttention (self-attention) and
 * TransformerEncoderLayer on `[batch, steps, features]`; returns false for any other layer.
 * Attention is decomposed into MatMul/Add/Reshape/Transpose/Softmax, with the padding mask (from
 * the ids, see `maskFromIds`) added to the scores as Weft does.
 */
export function convertTransformerLayer(flow: Flow, layer: Layer, w: Weights): boolean {
  const g = flow.g;
  const p = layer.name;
  if (layer instanceof PositionalEncoding) {
    const features = flow.shape[2] as number;
    const table =
      layer.kind === 'learned'
        ? (w.get('embeddings') as { data: Float32Array }).data
        : sinusoids(layer.maxLength, features);
    // The first `steps` rows of the table, steps read from the input at run time.
    const steps = g.node('Shape', [flow.x], {
      name: `${p}_steps`,
      attributes: [attr.int('start', 1), attr.int('end', 2)],
    });
    const rows = g.node(
      'Slice',
      [
        g.constant(`${p}/table`, table, [layer.maxLength, features]),
        g.constant(`${p}/start`, BigInt64Array.of(0n), [1]),
        steps,
        g.constant(`${p}/axis`, BigInt64Array.of(0n), [1]),
      ],
      { name: `${p}_slice` },
    );
    flow.x = g.node('Add', [flow.x, rows], { name: p });
  } else if (layer instanceof MultiHeadAttention) {
    flow.x = attention(g, flow.x, layer, w, '', maskOf(flow), p);
  } else if (layer instanceof TransformerEncoderLayer) {
    encoderLayer(flow, layer, w);
  } else {
    return false;
  }
  return true;
}

/**
 * The float mask `[batch, steps]` flowing with the tensor (1 for real ids, 0 for id 0), built
 * once from the ids of an Embedding with maskZero; undefined when no mask flows.
 */
export function maskOf(flow: Flow): string | undefined {
  if (!flow.mask && flow.maskIds) flow.mask = maskFromIds(flow.g, flow.maskIds, 'mask');
  return flow.mask;
}

function maskFromIds(g: GraphBuilder, ids: string, p: string): string {
  const zero = g.constant(`${p}/pad_id`, BigInt64Array.of(0n), []);
  const isPad = g.node('Equal', [ids, zero], { name: `${p}_is_pad` });
  const real = g.node('Not', [isPad], { name: `${p}_is_real` });
  return g.node('Cast', [real], { name: `${p}_mask`, attributes: [attr.int('to', ONNX_FLOAT)] });
}

function dense(g: GraphBuilder, x: string, w: Weights, role: string, p: string): string {
  const kernel = w.get(`${role}/kernel`) as { data: Float32Array; shape: number[] };
  let y = g.node('MatMul', [x, g.constant(`${p}/${role}/kernel`, kernel.data, kernel.shape)], {
    name: `${p}_${role}_matmul`,
  });
  const bias = w.get(`${role}/bias`);
  if (bias)
    y = g.node('Add', [y, g.constant(`${p}/${role}/bias`, bias.data, bias.shape)], {
      name: `${p}_${role}_bias`,
    });
  return y;
}

/** Self-attention of `x` `[b, t, d]`; `prefix` selects the attention's weights inside a block. */
interface AttentionShape {
  name: string;
  numHeads: number;
  keyDim: number;
  valueDim: number;
  causal: boolean;
}

function attention(
  g: GraphBuilder,
  x: string,
  layer: AttentionShape,
  w: Weights,
  prefix: string,
  mask: string | undefined,
  p: string,
): string {
  if (layer.causal) {
    throw new ConfigError({
      where: 'toOnnx',
      problem: `layer "${layer.name}" uses causal attention, which ONNX export does not support yet`,
      expected: 'non-causal self-attention',
    });
  }
  const heads = layer.numHeads;
  const ints = (name: string, values: number[]) =>
    g.constant(`${p}/${name}`, BigInt64Array.from(values.map(BigInt)), [values.length]);
  // [b, t, heads·size] → [b, heads, t, size] (perm [0, 2, 1, 3]) or [b, heads, size, t] for keys.
  const split = (t: string, size: number, perm: number[], role: string) =>
    g.node(
      'Transpose',
      [g.node('Reshape', [t, ints(`${role}_heads`, [0, 0, heads, size])], { name: `${p}_${role}_split` })],
      {
        name: `${p}_${role}_heads`,
        attributes: [attr.ints('perm', perm)],
      },
    );
  const q = g.node(
    'Mul',
    [
      split(dense(g, x, w, `${prefix}query`, p), layer.keyDim, [0, 2, 1, 3], 'query'),
      g.scalar(`${p}/scale`, 1 / Math.sqrt(layer.keyDim)),
    ],
    { name: `${p}_query_scale` },
  );
  const kT = split(dense(g, x, w, `${prefix}key`, p), layer.keyDim, [0, 2, 3, 1], 'key');
  const v = split(dense(g, x, w, `${prefix}value`, p), layer.valueDim, [0, 2, 1, 3], 'value');
  let scores = g.node('MatMul', [q, kT], { name: `${p}_scores` }); // [b, heads, t, t]
  if (mask) {
    // (1 − mask) · −1e9 on the keys' axis, [b, 1, 1, t], as Weft adds it.
    const hidden = g.node('Sub', [g.scalar(`${p}/one`, 1), mask], { name: `${p}_hidden` });
    const bias = g.node('Mul', [hidden, g.scalar(`${p}/masked`, MASKED)], { name: `${p}_mask_bias` });
    const wide = g.node('Unsqueeze', [bias, ints('mask_axes', [1, 2])], { name: `${p}_mask_wide` });
    scores = g.node('Add', [scores, wide], { name: `${p}_masked_scores` });
  }
  const weights = g.node('Softmax', [scores], { name: `${p}_softmax`, attributes: [attr.int('axis', -1)] });
  const context = g.node('Transpose', [g.node('MatMul', [weights, v], { name: `${p}_context` })], {
    name: `${p}_context_steps`,
    attributes: [attr.ints('perm', [0, 2, 1, 3])],
  });
  const merged = g.node('Reshape', [context, ints('merge', [0, 0, heads * layer.valueDim])], {
    name: `${p}_merge`,
  });
  return dense(g, merged, w, `${prefix}output`, p);
}

function layerNorm(g: GraphBuilder, x: string, w: Weights, role: string, epsilon: number, p: string): string {
  const gamma = w.get(`${role}/gamma`) as { data: Float32Array; shape: number[] };
  const beta = w.get(`${role}/beta`) as { data: Float32Array; shape: number[] };
  return g.node(
    'LayerNormalization',
    [
      x,
      g.constant(`${p}/${role}/gamma`, gamma.data, gamma.shape),
      g.constant(`${p}/${role}/beta`, beta.data, beta.shape),
    ],
    { name: `${p}_${role}`, attributes: [attr.int('axis', -1), attr.float('epsilon', epsilon)] },
  );
}

/** Post-norm `norm(x + f(x))` or, with normFirst, pre-norm `x + f(norm(x))`, as Weft's block. */
function encoderLayer(flow: Flow, layer: TransformerEncoderLayer, w: Weights): void {
  const g = flow.g;
  const p = layer.name;
  const { normFirst, epsilon } = layer.options;
  const keyDim = (flow.shape[2] as number) / layer.options.numHeads;
  const shape = { name: p, numHeads: layer.options.numHeads, keyDim, valueDim: keyDim, causal: layer.causal };
  const selfAttention = (t: string) =>
    attention(g, t, shape, w, 'attention/', maskOf(flow), `${p}_attention`);
  const feedForward = (t: string) => {
    const inner: Flow = { g, x: dense(g, t, w, 'ff1', p), shape: [], nchw: false };
    activation(inner, layer.options.activation, `${p}_ff1`);
    return dense(g, inner.x, w, 'ff2', p);
  };
  const add = (a: string, b: string, name: string) => g.node('Add', [a, b], { name: `${p}_${name}` });
  const x = flow.x;
  if (normFirst) {
    const h = add(x, selfAttention(layerNorm(g, x, w, 'norm1', epsilon, p)), 'residual1');
    flow.x = add(h, feedForward(layerNorm(g, h, w, 'norm2', epsilon, p)), 'residual2');
  } else {
    const h = layerNorm(g, add(x, selfAttention(x), 'residual1'), w, 'norm1', epsilon, p);
    flow.x = layerNorm(g, add(h, feedForward(h), 'residual2'), w, 'norm2', epsilon, p);
  }
}
