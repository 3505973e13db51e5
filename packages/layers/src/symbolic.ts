import type { Layer } from './layer.js';

/** A shape with the batch axis first; unknown sizes (the batch, a sequence length) are null. */
export type SymbolicShape = readonly (number | null)[];

/** Where a symbolic tensor comes from: a layer applied to other symbolic tensors. */
export interface GraphNode {
  layer: Layer;
  inputs: readonly SymbolicTensor[];
  /** True when the layer was given one tensor rather than a list. */
  single: boolean;
}

/**
 * A placeholder for a tensor in a functional model: it has a shape and a dtype but no values.
 * `input({ shape })` makes one; applying a layer to symbolic tensors returns the symbolic output
 * and records the call, so `model({ inputs, outputs })` can replay the graph on real tensors.
 */
export class SymbolicTensor {
  constructor(
    readonly shape: SymbolicShape,
    readonly dtype: 'float32' | 'int32',
    /** The layer call that produces it; null for a model input. */
    readonly node: GraphNode | null,
    /** The input's name (model inputs), else the producing layer's name. */
    readonly name: string,
  ) {}

  get rank(): number {
    return this.shape.length;
  }
}

/** True for a symbolic tensor or a non-empty list of them. */
export function isSymbolic(x: unknown): x is SymbolicTensor | SymbolicTensor[] {
  return (
    x instanceof SymbolicTensor ||
    (Array.isArray(x) && x.length > 0 && x.every((t) => t instanceof SymbolicTensor))
  );
}
