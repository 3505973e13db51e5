import * as tf from '@tensorflow/tfjs-core';

/**
 * Kernels written as plain loops over float32 arrays, for the two CPU backends. tfjs' wasm and
 * cpu backends lack some training kernels or run them slowly (one pass and one allocation per
 * elementwise op, engine overhead per op); one loop over the data is often several times faster
 * than the op chain it replaces. The cpu backend keeps tensor data in JS typed arrays and the
 * wasm backend in its WebAssembly heap: both can be read and written in place by JS, so one
 * implementation serves both. Other backends (webgpu, webgl, tensorflow) keep their data on a
 * device: callers check {@link hasArrayKernel} and use tfjs ops there.
 */
export interface ArrayKernel {
  /** The tfjs kernel name (prefix it, e.g. `Weft…`, so it never shadows a tfjs kernel). */
  name: string;
  /** The shapes of the outputs, from the inputs' shapes and the attributes. */
  outputShapes(inputShapes: number[][], attrs: tf.NamedAttrMap): number[][];
  /**
   * Fills `outputs` (zeroed) from `inputs`, in the order the kernel is called with. Must not
   * write to the inputs: they may be shared by other tensors.
   */
  compute(
    inputs: Float32Array[],
    outputs: Float32Array[],
    inputShapes: number[][],
    attrs: tf.NamedAttrMap,
  ): void;
}

export const ARRAY_KERNEL_BACKENDS = ['cpu', 'wasm'] as const;

/** The backend internals used here (tfjs-backend-cpu's MathBackendCPU, tfjs-backend-wasm's BackendWasm). */
interface CpuBackend {
  data: { get(dataId: tf.DataId): { values: unknown } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): tf.TensorInfo;
}
interface WasmBackend {
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
}

function size(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function run(kernel: ArrayKernel, backendName: string): tf.KernelFunc {
  // One output is returned bare, so `runKernel` gives a tensor rather than a one-element list.
  const single = (infos: tf.TensorInfo[]) => (infos.length === 1 ? (infos[0] as tf.TensorInfo) : infos);
  return ({ inputs, backend, attrs }) => {
    const infos = Object.values(inputs) as tf.TensorInfo[];
    const shapes = infos.map((t) => [...t.shape]);
    if (infos.some((t) => t.dtype !== 'float32')) {
      throw new Error(`${kernel.name}: float32 inputs only (received ${infos.map((t) => t.dtype)})`);
    }
    const outShapes = kernel.outputShapes(shapes, attrs ?? {});
    if (backendName === 'cpu') {
      const cpu = backend as unknown as CpuBackend;
      const ins = infos.map((t) => cpu.data.get(t.dataId).values as Float32Array);
      const outs = outShapes.map((s) => new Float32Array(size(s)));
      kernel.compute(ins, outs, shapes, attrs ?? {});
      return single(outShapes.map((s, i) => cpu.makeTensorInfo(s, 'float32', outs[i] as Float32Array)));
    }
    const wasm = backend as unknown as WasmBackend;
    const outInfos = outShapes.map((s) => wasm.makeOutput(s, 'float32'));
    // Views only after every allocation: an allocation may grow the heap and replace its buffer.
    const outs = outInfos.map((t) => wasm.typedArrayFromHeap(t));
    for (const out of outs) out.fill(0);
    const ins = infos.map((t) => wasm.typedArrayFromHeap(t));
    kernel.compute(ins, outs, shapes, attrs ?? {});
    return single(outInfos);
  };
}

/** Registers `kernel` on the cpu and wasm backends (once; later calls do nothing). */
export function registerArrayKernel(kernel: ArrayKernel): void {
  for (const backendName of ARRAY_KERNEL_BACKENDS) {
    if (tf.getKernel(kernel.name, backendName)) continue;
    tf.registerKernel({ kernelName: kernel.name, backendName, kernelFunc: run(kernel, backendName) });
  }
}

/** True when the active backend is one array kernels serve (cpu or wasm). */
export function onArrayKernelBackend(): boolean {
  return (ARRAY_KERNEL_BACKENDS as readonly string[]).includes(tf.getBackend());
}

/** True when `name` is registered for the active backend. */
export function hasArrayKernel(name: string): boolean {
  return tf.getKernel(name, tf.getBackend()) !== undefined;
}
