import type * as tf from '@tensorflow/tfjs-core';
import * as ort from 'onnxruntime-node';

/** Runs ONNX bytes in onnxruntime-node (CPU) on a tfjs tensor; returns the output's values and shape. */
export async function runOnnx(
  bytes: Uint8Array,
  x: tf.Tensor,
): Promise<{ data: Float32Array; dims: number[] }> {
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['cpu'] });
  try {
    const values = await x.data();
    const input =
      x.dtype === 'int32'
        ? new ort.Tensor('int64', BigInt64Array.from(Array.from(values, (v) => BigInt(v))), x.shape)
        : new ort.Tensor('float32', Float32Array.from(values), x.shape);
    const result = await session.run({ input });
    const out = result.output as ort.Tensor;
    return { data: out.data as Float32Array, dims: [...out.dims] };
  } finally {
    await session.release();
  }
}
