/**
 * Cumulative (weighted) true and false positives at each distinct threshold, highest score
 * first: scikit-learn's `_binary_clf_curve`, zero-weight rows dropped as there. `positive[i]`
 * says whether row i is positive; `score(i)` reads its score; `rows` lists the rows to use.
 */
export function binaryCurve(
  rows: ArrayLike<number>,
  positive: (i: number) => boolean,
  score: (i: number) => number,
  weights: Float64Array,
): { tps: number[]; fps: number[] } {
  const order = Array.from(rows).filter((i) => (weights[i] as number) !== 0);
  order.sort((a, b) => score(b) - score(a));
  const tps: number[] = [];
  const fps: number[] = [];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k] as number;
    const w = weights[i] as number;
    if (positive(i)) tp += w;
    else fp += w;
    const next = order[k + 1];
    if (next === undefined || score(next) !== score(i)) {
      tps.push(tp);
      fps.push(fp);
    }
  }
  return { tps, fps };
}

/** Area under the ROC curve by the trapezoid rule (NaN without positives or negatives, as scikit-learn's). */
export function rocAreaOf({ tps, fps }: { tps: number[]; fps: number[] }): number {
  const p = tps[tps.length - 1] ?? 0;
  const n = fps[fps.length - 1] ?? 0;
  let area = 0;
  let [tp0, fp0] = [0, 0];
  for (let k = 0; k < tps.length; k++) {
    const [tp, fp] = [tps[k] as number, fps[k] as number];
    area += ((fp - fp0) * (tp + tp0)) / 2;
    [tp0, fp0] = [tp, fp];
  }
  return area / (p * n);
}

/** Σ (Rₖ − Rₖ₋₁)·Pₖ: scikit-learn's step-wise average precision (recall is 1 when there are no positives). */
export function averagePrecisionOf({ tps, fps }: { tps: number[]; fps: number[] }): number {
  const p = tps[tps.length - 1] ?? 0;
  let ap = 0;
  let r0 = 0;
  for (let k = 0; k < tps.length; k++) {
    const tp = tps[k] as number;
    const predicted = tp + (fps[k] as number);
    const precision = predicted === 0 ? 0 : tp / predicted;
    const recall = p === 0 ? 1 : tp / p;
    ap += (recall - r0) * precision;
    r0 = recall;
  }
  return ap;
}
