/** Ordinary least squares for one feature, in float64: the exact optimum gradient descent approaches. */
export function ordinaryLeastSquares(x: ArrayLike<number>, y: ArrayLike<number>): { w: number; b: number } {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += (x[i] as number) / n;
    my += (y[i] as number) / n;
  }
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += ((x[i] as number) - mx) * ((y[i] as number) - my);
    sxx += ((x[i] as number) - mx) ** 2;
  }
  const w = sxy / sxx;
  return { w, b: my - w * mx };
}
