import { ConfigError } from '@weft/core';
import type { TensorTransform } from '@weft/models';
import type { GraphBuilder } from './graph.js';

/**
 * One elementwise step of a fitted numeric transform on `[rows, columns]` (the shape of
 * `@weft/preprocess`'s `TensorOp`, repeated here so this package reads any transform that
 * describes itself with `toOps()` / `inverseToOps()`).
 */
export type TensorOp =
  | { op: 'add' | 'sub' | 'mul' | 'div'; value: number[] }
  | { op: 'clip'; min: number; max: number }
  | { op: 'fillNaN'; value: number[] };

interface Describes {
  toOps?: () => TensorOp[];
  inverseToOps?: () => TensorOp[];
}

/** The ops of a transform (or its inverse): from `toOps()` where it has one, else from a scaler's state. */
export function transformOps(transform: TensorTransform, inverse: boolean, where: string): TensorOp[] {
  const described = transform as TensorTransform & Describes;
  const method = inverse ? described.inverseToOps : described.toOps;
  if (typeof method === 'function') return method.call(transform);
  const state = transform.getState() as Record<string, unknown>;
  if (transform.className === 'StandardScaler') {
    const { mean, scale, withMean, withStd } = state as {
      mean: number[];
      scale: number[];
      withMean: boolean;
      withStd: boolean;
    };
    const forward: TensorOp[] = [
      ...(withMean ? [{ op: 'sub' as const, value: mean }] : []),
      ...(withStd ? [{ op: 'div' as const, value: scale }] : []),
    ];
    return inverse
      ? [
          ...(withStd ? [{ op: 'mul' as const, value: scale }] : []),
          ...(withMean ? [{ op: 'add' as const, value: mean }] : []),
        ]
      : forward;
  }
  if (transform.className === 'MinMaxScaler') {
    const { scale, min, clip, featureRange } = state as {
      scale: number[];
      min: number[];
      clip: boolean;
      featureRange: [number, number];
    };
    if (inverse)
      return [
        { op: 'sub', value: min },
        { op: 'div', value: scale },
      ];
    return [
      { op: 'mul', value: scale },
      { op: 'add', value: min },
      ...(clip ? [{ op: 'clip' as const, min: featureRange[0], max: featureRange[1] }] : []),
    ];
  }
  throw new ConfigError({
    where,
    problem: `the transform ${transform.className} cannot be baked into an ONNX graph`,
    expected: 'a transform with toOps()/inverseToOps(), or a StandardScaler or MinMaxScaler',
    fix: 'Export the bare model (pipeline.model) and apply the preprocessing outside',
  });
}

const BINARY = { add: 'Add', sub: 'Sub', mul: 'Mul', div: 'Div' } as const;

/** Appends the ops to the graph; values are stored as float32, as the tensor forms use them. */
export function emitOps(g: GraphBuilder, x: string, ops: readonly TensorOp[], prefix: string): string {
  let out = x;
  ops.forEach((op, i) => {
    const p = `${prefix}/${i}_${op.op}`;
    if (op.op === 'clip') {
      out = g.node('Clip', [out, g.scalar(`${p}/min`, op.min), g.scalar(`${p}/max`, op.max)], { name: p });
    } else if (op.op === 'fillNaN') {
      const fill = g.constant(`${p}/value`, Float32Array.from(op.value), [op.value.length]);
      out = g.node('Where', [g.node('IsNaN', [out], { name: `${p}_isnan` }), fill, out], { name: p });
    } else {
      const value = g.constant(`${p}/value`, Float32Array.from(op.value), [op.value.length]);
      out = g.node(BINARY[op.op], [out, value], { name: p });
    }
  });
  return out;
}
