/**
 * The `q`-th percentile (0–100) of `sorted` (ascending, non-empty, no NaN) with numpy's default
 * 'linear' method, written the way numpy 1.24 computes it (virtual index `n·q − q`, then its
 * two-sided lerp) so results agree with `np.percentile` to the last bits.
 */
export function percentile(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  const p = q / 100;
  const virtual = n * p + (1 + p * -1) - 1;
  const below = Math.min(Math.max(Math.floor(virtual), 0), n - 1);
  const above = Math.min(below + 1, n - 1);
  const t = Math.min(Math.max(virtual - below, 0), 1);
  const a = sorted[below] as number;
  const b = sorted[above] as number;
  const diff = b - a;
  // numpy's _lerp: from the nearer end, so t = 1 returns b exactly.
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/** The median of `sorted` (ascending, non-empty): the mean of the middle pair for even lengths. */
export function median(sorted: Float64Array): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
