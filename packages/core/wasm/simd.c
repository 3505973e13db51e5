/*
 * Single-precision kernels for @weft/core's wasm kernel replacements (matrix products for
 * BatchMatMul, row and column sums for Sum), compiled to a small WebAssembly module that imports
 * tfjs-backend-wasm's own memory, so it reads and writes tensors where they live. tfjs-backend-wasm
 * 4.22 runs every batched or transposed product, and these sums, through plain scalar loops
 * (XNNPACK only for unbatched, untransposed products); these loops use 128-bit SIMD.
 *
 * Rules that keep the module safe inside another program's memory: no static data, no stack, no
 * libc. The build script (../scripts/build-wasm-simd.mjs) checks the compiled code for them.
 * Each product element is a plain float32 sum over p = 0, 1, …, k−1 (multiply, then add: no FMA,
 * which Node 20's wasm SIMD lacks anyway).
 */
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))

/* One row of C from 8 columns of B at a time, then the columns left over one by one. */
static inline void gemm_row(const float *a0, int acs, const float *b, float *c0, int n, int k) {
  int j = 0;
  for (; j + 8 <= n; j += 8) {
    v128_t s0 = wasm_f32x4_splat(0.0f), s1 = s0;
    const float *bp = b + j;
    for (int p = 0, q = 0; p < k; p++, q += acs, bp += n) {
      v128_t x = wasm_f32x4_splat(a0[q]);
      s0 = wasm_f32x4_add(s0, wasm_f32x4_mul(x, wasm_v128_load(bp)));
      s1 = wasm_f32x4_add(s1, wasm_f32x4_mul(x, wasm_v128_load(bp + 4)));
    }
    wasm_v128_store(c0 + j, s0);
    wasm_v128_store(c0 + j + 4, s1);
  }
  for (; j < n; j++) {
    float s = 0.0f;
    const float *bp = b + j;
    for (int p = 0, q = 0; p < k; p++, q += acs, bp += n) s += a0[q] * *bp;
    c0[j] = s;
  }
}

/*
 * C (m×n, row-major) = A·B, where A's element (i, p) is a[i*ars + p*acs] (so a transposed A needs
 * no copy) and B is row-major k×n. Four rows of C by eight columns at a time keep eight
 * accumulators, two rows of B and one broadcast element of A in registers.
 */
EXPORT(gemm)
void gemm(const float *a, int ars, int acs, const float *b, float *c, int m, int n, int k) {
  int i = 0;
  for (; i + 4 <= m; i += 4) {
    const float *a0 = a + i * ars, *a1 = a0 + ars, *a2 = a1 + ars, *a3 = a2 + ars;
    float *c0 = c + i * n, *c1 = c0 + n, *c2 = c1 + n, *c3 = c2 + n;
    int j = 0;
    for (; j + 8 <= n; j += 8) {
      v128_t s00 = wasm_f32x4_splat(0.0f), s01 = s00, s10 = s00, s11 = s00;
      v128_t s20 = s00, s21 = s00, s30 = s00, s31 = s00;
      const float *bp = b + j;
      for (int p = 0, q = 0; p < k; p++, q += acs, bp += n) {
        v128_t b0 = wasm_v128_load(bp), b1 = wasm_v128_load(bp + 4);
        v128_t x = wasm_f32x4_splat(a0[q]);
        s00 = wasm_f32x4_add(s00, wasm_f32x4_mul(x, b0));
        s01 = wasm_f32x4_add(s01, wasm_f32x4_mul(x, b1));
        x = wasm_f32x4_splat(a1[q]);
        s10 = wasm_f32x4_add(s10, wasm_f32x4_mul(x, b0));
        s11 = wasm_f32x4_add(s11, wasm_f32x4_mul(x, b1));
        x = wasm_f32x4_splat(a2[q]);
        s20 = wasm_f32x4_add(s20, wasm_f32x4_mul(x, b0));
        s21 = wasm_f32x4_add(s21, wasm_f32x4_mul(x, b1));
        x = wasm_f32x4_splat(a3[q]);
        s30 = wasm_f32x4_add(s30, wasm_f32x4_mul(x, b0));
        s31 = wasm_f32x4_add(s31, wasm_f32x4_mul(x, b1));
      }
      wasm_v128_store(c0 + j, s00);
      wasm_v128_store(c0 + j + 4, s01);
      wasm_v128_store(c1 + j, s10);
      wasm_v128_store(c1 + j + 4, s11);
      wasm_v128_store(c2 + j, s20);
      wasm_v128_store(c2 + j + 4, s21);
      wasm_v128_store(c3 + j, s30);
      wasm_v128_store(c3 + j + 4, s31);
    }
    for (; j < n; j++) {
      float s0 = 0.0f, s1 = 0.0f, s2 = 0.0f, s3 = 0.0f;
      const float *bp = b + j;
      for (int p = 0, q = 0; p < k; p++, q += acs, bp += n) {
        s0 += a0[q] * *bp;
        s1 += a1[q] * *bp;
        s2 += a2[q] * *bp;
        s3 += a3[q] * *bp;
      }
      c0[j] = s0;
      c1[j] = s1;
      c2[j] = s2;
      c3[j] = s3;
    }
  }
  for (; i < m; i++) gemm_row(a + i * ars, acs, b, c + i * n, n, k);
}

/* dst (rows×cols, row-major) = the matrix whose element (r, s) is src[r*rs + s*cs]. */
EXPORT(pack)
void pack(const float *src, int rs, int cs, float *dst, int rows, int cols) {
  for (int r = 0; r < rows; r++)
    for (int s = 0; s < cols; s++) *dst++ = src[r * rs + s * cs];
}

/* out[j] = Σ_r x[r*cols + j]: the sum over leading axes (a bias gradient), rows added in order. */
EXPORT(sum_cols)
void sum_cols(const float *x, float *out, int rows, int cols) {
  int j = 0;
  for (; j + 4 <= cols; j += 4) wasm_v128_store(out + j, wasm_f32x4_splat(0.0f));
  for (; j < cols; j++) out[j] = 0.0f;
  for (int r = 0; r < rows; r++, x += cols) {
    for (j = 0; j + 4 <= cols; j += 4)
      wasm_v128_store(out + j, wasm_f32x4_add(wasm_v128_load(out + j), wasm_v128_load(x + j)));
    for (; j < cols; j++) out[j] += x[j];
  }
}

/* out[r] = Σ_j x[r*cols + j]: the sum over trailing axes, eight lanes at a time, then the rest. */
EXPORT(sum_rows)
void sum_rows(const float *x, float *out, int rows, int cols) {
  for (int r = 0; r < rows; r++, x += cols) {
    v128_t s0 = wasm_f32x4_splat(0.0f), s1 = s0;
    int j = 0;
    for (; j + 8 <= cols; j += 8) {
      s0 = wasm_f32x4_add(s0, wasm_v128_load(x + j));
      s1 = wasm_f32x4_add(s1, wasm_v128_load(x + j + 4));
    }
    v128_t s = wasm_f32x4_add(s0, s1);
    float total = (wasm_f32x4_extract_lane(s, 0) + wasm_f32x4_extract_lane(s, 1)) +
                  (wasm_f32x4_extract_lane(s, 2) + wasm_f32x4_extract_lane(s, 3));
    for (; j < cols; j++) total += x[j];
    out[r] = total;
  }
}
