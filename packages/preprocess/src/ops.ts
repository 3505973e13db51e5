import * as tf from '@tensorflow/tfjs-core';
import { ShapeError, ValueError } from '@weft/core';

/**
 * One step of a fitted numeric transform, described as plain JSON data so an exporter can bake
 * preprocessing into a model graph. Every op acts elementwise on a float32 `[rows, columns]`
 * tensor, in the transform's fitted column order; a `value` vector has one entry per column and
 * broadcasts over rows. The ONNX equivalent of each op:
 *
 * | op | meaning | ONNX |
 * |---|---|---|
 * | `add`, `sub`, `mul`, `div` | `x ∘ value` | `Add`, `Sub`, `Mul`, `Div` with a `[columns]` float32 initializer |
 * | `clip` | `min(max(x, min), max)` with scalar bounds | `Clip(x, min, max)` |
 * | `fillNaN` | `isNaN(x) ? value : x` | `Where(IsNaN(x), value, x)` |
 *
 * Values are float64 in the description; an exporter stores them as float32, which is what the
 * tensor forms (`transformTensor`) use too.
 */
export type TensorOp =
  | { op: 'add' | 'sub' | 'mul' | 'div'; value: number[] }
  | { op: 'clip'; min: number; max: number }
  | { op: 'fillNaN'; value: number[] };

/** A transform that can describe itself as {@link TensorOp}s. */
export interface DescribesOps {
  /** Fitted column order: the tensor's columns. */
  readonly columns: string[];
  toOps(): TensorOp[];
}

const BINARY = { add: tf.add, sub: tf.sub, mul: tf.mul, div: tf.div } as const;

/**
 * Runs `ops` on a `[rows, columns]` tensor, in order; sync (usable inside `tf.tidy`). The result
 * is a new float32 tensor the caller owns, even when `ops` is empty. This is the reference
 * semantics of a description: an exported graph must compute the same.
 */
export function applyOps(x: tf.Tensor2D, ops: readonly TensorOp[]): tf.Tensor2D {
  const where = 'applyOps';
  if (x.rank !== 2) {
    throw new ShapeError({
      where,
      problem: 'the input is not a [rows, columns] tensor',
      received: { shape: x.shape },
    });
  }
  const width = x.shape[1];
  for (const op of ops) checkOp(op, width, where);
  return tf.tidy(() => {
    let out: tf.Tensor2D = x.dtype === 'float32' ? tf.clone(x) : tf.cast(x, 'float32');
    for (const op of ops) {
      if (op.op === 'clip') out = tf.clipByValue(out, op.min, op.max);
      else if (op.op === 'fillNaN') {
        const fill = tf.broadcastTo(tf.tensor1d(op.value, 'float32'), out.shape);
        out = tf.where(tf.isNaN(out), fill, out) as tf.Tensor2D;
      } else out = BINARY[op.op](out, tf.tensor1d(op.value, 'float32')) as tf.Tensor2D;
    }
    return out;
  });
}

function checkOp(op: TensorOp, width: number, where: string): void {
  if (op.op === 'clip') {
    if (Number.isFinite(op.min) && Number.isFinite(op.max) && op.min <= op.max) return;
    throw new ValueError({ where, problem: 'a clip op has bad bounds', received: { op } });
  }
  if (!(op.op in BINARY) && op.op !== 'fillNaN') {
    throw new ValueError({
      where,
      problem: `unknown op "${(op as { op: unknown }).op}"`,
      expected: 'add, sub, mul, div, clip or fillNaN',
      received: { op },
    });
  }
  if (!Array.isArray(op.value) || op.value.length !== width || !op.value.every(Number.isFinite)) {
    throw new ShapeError({
      where,
      problem: `a ${op.op} op does not have one finite value per column`,
      expected: `${width} finite numbers`,
      received: { value: op.value },
    });
  }
}
