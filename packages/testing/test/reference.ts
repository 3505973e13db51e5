/**
 * Float64 reference implementations in plain JavaScript, written from the definitions: the
 * oracle the cpu backend is checked against in conformance.test.ts (the other backends are then
 * checked against cpu). Slow on purpose; small inputs only.
 */
export interface Arr {
  shape: number[];
  values: ArrayLike<number>;
}

function size(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function arr(shape: number[], values?: ArrayLike<number>): { shape: number[]; values: Float64Array } {
  return { shape, values: values ? Float64Array.from(values) : new Float64Array(size(shape)) };
}

/** Elementwise map. */
export function map(x: Arr, fn: (v: number) => number): Arr {
  return arr(x.shape, Array.from(x.values, fn));
}

/** Batched matrix product over the last two axes (leading axes must match). */
export function matMul(a: Arr, b: Arr, transposeA = false, transposeB = false): Arr {
  const r = a.shape.length;
  const [ar, ac] = [a.shape[r - 2] as number, a.shape[r - 1] as number];
  const [br, bc] = [b.shape[r - 2] as number, b.shape[r - 1] as number];
  const [m, k] = transposeA ? [ac, ar] : [ar, ac];
  const n = transposeB ? br : bc;
  const batch = size(a.shape.slice(0, r - 2));
  const out = arr([...a.shape.slice(0, r - 2), m, n]);
  for (let p = 0; p < batch; p++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let q = 0; q < k; q++) {
          const av = a.values[p * ar * ac + (transposeA ? q * ac + i : i * ac + q)] as number;
          const bv = b.values[p * br * bc + (transposeB ? j * bc + q : q * bc + j)] as number;
          sum += av * bv;
        }
        out.values[p * m * n + i * n + j] = sum;
      }
    }
  }
  return out;
}

interface ConvGeometry {
  out: number;
  padBefore: number;
}

/** TensorFlow's padding rule: 'same' gives ceil(in / stride) outputs, extra padding at the end. */
function geometry(input: number, kernel: number, stride: number, pad: 'same' | 'valid'): ConvGeometry {
  if (pad === 'valid') return { out: Math.floor((input - kernel) / stride) + 1, padBefore: 0 };
  const out = Math.ceil(input / stride);
  const total = Math.max((out - 1) * stride + kernel - input, 0);
  return { out, padBefore: Math.floor(total / 2) };
}

/**
 * Visits every (output, input, filter) triple of a 2-D convolution, x NHWC and f HWIO: the
 * forward pass and both gradients are the same loop with a different accumulation.
 */
function convLoop(
  x: Arr,
  f: Arr,
  stride: number,
  pad: 'same' | 'valid',
  visit: (outIndex: number, xIndex: number, fIndex: number) => void,
): number[] {
  const [batch, h, w, c] = x.shape as [number, number, number, number];
  const [kh, kw, , o] = f.shape as [number, number, number, number];
  const gh = geometry(h, kh, stride, pad);
  const gw = geometry(w, kw, stride, pad);
  for (let n = 0; n < batch; n++) {
    for (let oy = 0; oy < gh.out; oy++) {
      for (let ox = 0; ox < gw.out; ox++) {
        for (let dy = 0; dy < kh; dy++) {
          const iy = oy * stride + dy - gh.padBefore;
          if (iy < 0 || iy >= h) continue;
          for (let dx = 0; dx < kw; dx++) {
            const ix = ox * stride + dx - gw.padBefore;
            if (ix < 0 || ix >= w) continue;
            for (let ci = 0; ci < c; ci++) {
              for (let co = 0; co < o; co++) {
                visit(
                  ((n * gh.out + oy) * gw.out + ox) * o + co,
                  ((n * h + iy) * w + ix) * c + ci,
                  ((dy * kw + dx) * c + ci) * o + co,
                );
              }
            }
          }
        }
      }
    }
  }
  return [batch, gh.out, gw.out, o];
}

export function conv2d(x: Arr, f: Arr, stride: number, pad: 'same' | 'valid'): Arr {
  const sums = new Map<number, number>();
  const shape = convLoop(x, f, stride, pad, (oi, xi, fi) => {
    sums.set(oi, (sums.get(oi) ?? 0) + (x.values[xi] as number) * (f.values[fi] as number));
  });
  const out = arr(shape);
  for (const [i, v] of sums) out.values[i] = v;
  return out;
}

/** Gradients of sum(conv2d(x, f) * g) with respect to x and f. */
export function conv2dGrads(
  x: Arr,
  f: Arr,
  stride: number,
  pad: 'same' | 'valid',
  g: Arr,
): { dx: Arr; df: Arr } {
  const dx = arr(x.shape);
  const df = arr(f.shape);
  convLoop(x, f, stride, pad, (oi, xi, fi) => {
    const gv = g.values[oi] as number;
    dx.values[xi] = (dx.values[xi] as number) + gv * (f.values[fi] as number);
    df.values[fi] = (df.values[fi] as number) + gv * (x.values[xi] as number);
  });
  return { dx, df };
}

/** Applies `fn` to each row of the last axis. */
function rows(x: Arr, fn: (row: number[]) => number[]): Arr {
  const width = x.shape[x.shape.length - 1] as number;
  const out = arr(x.shape);
  for (let start = 0; start < x.values.length; start += width) {
    const row = Array.from({ length: width }, (_, j) => x.values[start + j] as number);
    fn(row).forEach((v, j) => {
      out.values[start + j] = v;
    });
  }
  return out;
}

export function logSoftmax(x: Arr): Arr {
  return rows(x, (row) => {
    const max = Math.max(...row);
    const logSum = Math.log(row.reduce((acc, v) => acc + Math.exp(v - max), 0)) + max;
    return row.map((v) => v - logSum);
  });
}

export function softmax(x: Arr): Arr {
  return map(logSoftmax(x), Math.exp);
}

/** sum / mean / max over `axes` (all axes when empty). */
export function reduce(x: Arr, axes: number[], op: 'sum' | 'mean' | 'max', keepDims = false): Arr {
  const all = axes.length === 0 ? x.shape.map((_, i) => i) : axes;
  const kept = x.shape.map((d, i) => (all.includes(i) ? 1 : d));
  const out = arr(kept, new Array(size(kept)).fill(op === 'max' ? Number.NEGATIVE_INFINITY : 0));
  const strides = x.shape.map((_, i) => size(x.shape.slice(i + 1)));
  const keptStrides = kept.map((_, i) => size(kept.slice(i + 1)));
  for (let flat = 0; flat < x.values.length; flat++) {
    let target = 0;
    x.shape.forEach((d, i) => {
      const coord = Math.floor(flat / (strides[i] as number)) % d;
      if (!all.includes(i)) target += coord * (keptStrides[i] as number);
    });
    const v = x.values[flat] as number;
    const prev = out.values[target] as number;
    out.values[target] = op === 'max' ? Math.max(prev, v) : prev + v;
  }
  if (op === 'mean') {
    const count = x.values.length / out.values.length;
    for (let i = 0; i < out.values.length; i++) out.values[i] = (out.values[i] as number) / count;
  }
  return keepDims ? out : { shape: kept.filter((_, i) => !all.includes(i)), values: out.values };
}

export function transpose2d(x: Arr): Arr {
  const [r, c] = x.shape as [number, number];
  const out = arr([c, r]);
  for (let i = 0; i < r; i++)
    for (let j = 0; j < c; j++) out.values[j * r + i] = x.values[i * c + j] as number;
  return out;
}

export function zip(a: Arr, b: Arr, fn: (x: number, y: number) => number): Arr {
  return arr(
    a.shape,
    Array.from(a.values, (v, i) => fn(v, b.values[i] as number)),
  );
}
