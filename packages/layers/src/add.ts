import * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from '@weft/core';
import {
  type ApplyOptions,
  type InputShape,
  isShapeList,
  Layer,
  type LayerConfig,
  type Mask,
  maskToFloat,
  type Shapes,
} from './layer.js';

export interface AddConfig extends LayerConfig {}

/** Adds two or more inputs of the same shape (a residual connection). Masks combine with AND. */
export class Add extends Layer {
  constructor(config: AddConfig = {}) {
    super('Add', config);
  }

  override computeOutputShape(inputShape: Shapes): InputShape {
    const shapes = mergeInputs('Add', inputShape);
    return mergeShapes('Add', shapes);
  }

  override computeMask(_x: tf.Tensor | readonly tf.Tensor[], mask: Mask | undefined): tf.Tensor | null {
    return andMasks(mask);
  }

  protected override createWeights(inputShape: Shapes): void {
    this.computeOutputShape(inputShape);
  }

  protected call(x: tf.Tensor | tf.Tensor[], _options: ApplyOptions): tf.Tensor {
    return tf.addN(x as tf.Tensor[]);
  }
}

/** The input shapes of a merge layer, which needs at least two. */
export function mergeInputs(className: string, inputShape: Shapes): readonly InputShape[] {
  if (!isShapeList(inputShape) || inputShape.length < 2) {
    throw new ShapeError({
      where: `${className}.build`,
      problem: `${className} takes a list of at least two inputs`,
      received: { inputShape },
      fix: `Call it on a list: ${className.toLowerCase()}.apply([a, b])`,
    });
  }
  return inputShape;
}

/** Equal shapes with unknown sizes filled from the others (`[null, 3]` and `[2, 3]` → `[2, 3]`). */
function mergeShapes(className: string, shapes: readonly InputShape[]): InputShape {
  const [first] = shapes as [InputShape];
  return first.map((_, axis) => {
    const sizes = shapes.map((s) => s[axis]);
    const known = [...new Set(sizes.filter((d): d is number => d !== null && d !== undefined))];
    if (known.length > 1 || shapes.some((s) => s.length !== first.length)) {
      throw new ShapeError({
        where: `${className}.build`,
        problem: `${className} needs inputs of the same shape`,
        received: { inputShapes: shapes },
      });
    }
    return known[0] ?? null;
  });
}

/** The elementwise AND of the masks given, as float32 0/1 (see maskToFloat); null where none is given. */
export function andMasks(mask: Mask | undefined): tf.Tensor | null {
  const masks = (Array.isArray(mask) ? mask : [mask]).filter((m): m is tf.Tensor => !!m);
  if (masks.length === 0) return null;
  const keep = (m: tf.Tensor) => tf.sign(tf.abs(maskToFloat(m)));
  return masks.slice(1).reduce<tf.Tensor>((a, b) => tf.mul(a, keep(b)), keep(masks[0] as tf.Tensor));
}

export function add(config: AddConfig = {}): Add {
  return new Add(config);
}
