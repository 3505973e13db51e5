import type { Rng } from '@weft/core';

/**
 * Splits strata into parts proportionally: returns counts[stratum][part] whose rows sum to the
 * stratum sizes, whose columns sum to the part sizes, and where every count is the floor or the
 * ceiling of its exact share `stratumSize · partSize / total` (so each stratum keeps its
 * proportion in every part within one row).
 *
 * Such a rounding always exists (the fractional shares are a feasible flow, and flows with
 * integer capacities have integer solutions); it is found by handing out the floors, then the
 * remaining units greedily by largest remainder, then repairing any shortfall with augmenting
 * paths. `rng` breaks ties so no stratum is favoured systematically; without it ties go to the
 * earlier stratum and part.
 */
export function apportion(strata: readonly number[], parts: readonly number[], rng?: Rng): number[][] {
  const total = strata.reduce((a, b) => a + b, 0);
  if (parts.reduce((a, b) => a + b, 0) !== total)
    throw new Error('apportion: strata and parts have different totals');
  const counts = strata.map(() => parts.map(() => 0));
  // candidate[c][p]: the share has a fractional part, so this cell may take one extra unit.
  const remainder = strata.map(() => parts.map(() => 0));
  const rowNeed = strata.map(() => 0);
  const colNeed = [...parts];
  strata.forEach((size, c) => {
    let assigned = 0;
    parts.forEach((partSize, p) => {
      // Exact integer arithmetic: the product stays far below 2^53 for any table that fits in memory.
      const product = size * partSize;
      const rest = product % total;
      const floor = (product - rest) / total;
      (counts[c] as number[])[p] = floor;
      (remainder[c] as number[])[p] = rest;
      colNeed[p] = (colNeed[p] as number) - floor;
      assigned += floor;
    });
    rowNeed[c] = size - assigned;
  });
  const extra = strata.map(() => parts.map(() => false));
  const strataOrder = order(strata.length, rng);
  // Greedy: each stratum gives its extra units to the parts with the largest remainders first.
  for (const c of strataOrder) {
    const rem = remainder[c] as number[];
    const tieBreak = order(parts.length, rng);
    const ranked = tieBreak
      .filter((p) => (rem[p] as number) > 0)
      .sort((a, b) => (rem[b] as number) - (rem[a] as number));
    for (const p of ranked) {
      if ((rowNeed[c] as number) === 0) break;
      if ((colNeed[p] as number) === 0) continue;
      (extra[c] as boolean[])[p] = true;
      rowNeed[c] = (rowNeed[c] as number) - 1;
      colNeed[p] = (colNeed[p] as number) - 1;
    }
  }
  for (const c of strataOrder) {
    while ((rowNeed[c] as number) > 0) {
      if (!augment(c, remainder, extra, colNeed))
        throw new Error('apportion: no rounding found (this is a bug)');
      rowNeed[c] = (rowNeed[c] as number) - 1;
    }
  }
  return counts.map((row, c) => row.map((v, p) => v + ((extra[c] as boolean[])[p] ? 1 : 0)));
}

/**
 * One augmenting path from stratum `start` to a part with spare capacity, alternating unused
 * candidate cells (forward) and used ones (backward); flips the cells along it.
 */
function augment(start: number, remainder: number[][], extra: boolean[][], colNeed: number[]): boolean {
  const parts = colNeed.length;
  const partFrom = new Array<number>(parts).fill(-1);
  const strataFrom = new Map<number, number>([[start, -1]]);
  const queue = [start];
  while (queue.length > 0) {
    const c = queue.shift() as number;
    for (let p = 0; p < parts; p++) {
      if (partFrom[p] !== -1 || !((remainder[c] as number[])[p] as number) || (extra[c] as boolean[])[p])
        continue;
      partFrom[p] = c;
      if ((colNeed[p] as number) > 0) {
        colNeed[p] = (colNeed[p] as number) - 1;
        flip(p, partFrom, strataFrom, extra);
        return true;
      }
      extra.forEach((row, next) => {
        if (row[p] && !strataFrom.has(next)) {
          strataFrom.set(next, p);
          queue.push(next);
        }
      });
    }
  }
  return false;
}

function flip(
  endPart: number,
  partFrom: number[],
  strataFrom: Map<number, number>,
  extra: boolean[][],
): void {
  let p = endPart;
  for (;;) {
    const c = partFrom[p] as number;
    (extra[c] as boolean[])[p] = true;
    const previousPart = strataFrom.get(c) as number;
    if (previousPart === -1) return;
    (extra[c] as boolean[])[previousPart] = false;
    p = previousPart;
  }
}

function order(n: number, rng?: Rng): number[] {
  return rng ? Array.from(rng.permutation(n)) : Array.from({ length: n }, (_, i) => i);
}
