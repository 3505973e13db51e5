/**
 * Ordinary least squares with an intercept, through the normal equations in float64 and
 * Gauss–Jordan elimination with partial pivoting: small and exact enough to check generators.
 * Returns [intercept, ...coefficients] and the residual standard deviation.
 */
export function ols(
  columns: ArrayLike<number>[],
  y: ArrayLike<number>,
): { beta: number[]; residualStd: number } {
  const n = y.length;
  const k = columns.length + 1;
  const row = (i: number) => [1, ...columns.map((c) => c[i] as number)];
  const a = Array.from({ length: k }, () => new Array<number>(k + 1).fill(0));
  for (let i = 0; i < n; i++) {
    const r = row(i);
    for (let p = 0; p < k; p++) {
      for (let q = 0; q < k; q++)
        (a[p] as number[])[q] = ((a[p] as number[])[q] as number) + (r[p] as number) * (r[q] as number);
      (a[p] as number[])[k] = ((a[p] as number[])[k] as number) + (r[p] as number) * (y[i] as number);
    }
  }
  for (let col = 0; col < k; col++) {
    let pivot = col;
    for (let r = col + 1; r < k; r++)
      if (Math.abs(a[r]?.[col] as number) > Math.abs(a[pivot]?.[col] as number)) pivot = r;
    [a[col], a[pivot]] = [a[pivot] as number[], a[col] as number[]];
    const p = a[col] as number[];
    for (let r = 0; r < k; r++) {
      if (r === col) continue;
      const target = a[r] as number[];
      const factor = (target[col] as number) / (p[col] as number);
      for (let c = col; c <= k; c++) target[c] = (target[c] as number) - factor * (p[c] as number);
    }
  }
  const beta = a.map((r, i) => (r[k] as number) / (r[i] as number));
  let sse = 0;
  for (let i = 0; i < n; i++) {
    const fit = row(i).reduce((s, v, j) => s + v * (beta[j] as number), 0);
    sse += ((y[i] as number) - fit) ** 2;
  }
  return { beta, residualStd: Math.sqrt(sse / (n - k)) };
}
