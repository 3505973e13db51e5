/** Where the loss curve goes inside the SVG: a plot area with room for the axis labels. */
export interface ChartBox {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export const DEFAULT_BOX: ChartBox = { width: 480, height: 220, left: 48, right: 12, top: 12, bottom: 28 };

export interface ChartGeometry {
  /** SVG path `d` of the curve, one vertex per epoch; empty with no epochs. */
  path: string;
  /** The y axis runs from 0 (bottom) to `yMax` (top); the x axis from epoch 1 to `epochs`. */
  yMax: number;
  epochs: number;
}

/**
 * Scales the per-epoch losses into the plot area. The x axis spans the planned number of epochs,
 * so the curve grows to the right while training runs instead of being rescaled every epoch.
 */
export function chartGeometry(
  losses: readonly number[],
  plannedEpochs: number,
  box = DEFAULT_BOX,
): ChartGeometry {
  const epochs = Math.max(plannedEpochs, losses.length, 2);
  const finite = losses.filter(Number.isFinite);
  const yMax = niceCeil(finite.length > 0 ? Math.max(...finite) : 1);
  const plotW = box.width - box.left - box.right;
  const plotH = box.height - box.top - box.bottom;
  const x = (i: number) => box.left + (i / (epochs - 1)) * plotW;
  const y = (v: number) => box.top + plotH * (1 - Math.min(Math.max(v, 0), yMax) / yMax);
  const path = losses
    .map((v, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(Number.isFinite(v) ? v : yMax).toFixed(1)}`)
    .join(' ');
  return { path, yMax, epochs };
}

/** The smallest of 1, 2, 2.5, 5 × 10^k that is ≥ value (a readable top for the y axis). */
export function niceCeil(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value * (1 - 1e-12)) return step * power;
  return 10 * power;
}
