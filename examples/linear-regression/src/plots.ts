import type { TopLevelSpec } from 'vega-lite';
import type { Split } from './linear-regression.js';

/** Points of both splits and one line per fitted model, over x in [0, 1]. */
export function fitChartSpec(split: Split, lines: Record<string, { w: number; b: number }>): TopLevelSpec {
  const points = (['train', 'test'] as const).flatMap((name) => {
    const x = split[name].array('x') as number[];
    const y = split[name].array('y') as number[];
    return x.map((xi, i) => ({ x: xi, y: y[i], split: name }));
  });
  const segments = Object.entries(lines).flatMap(([name, { w, b }]) => [
    { x: 0, y: b, model: name },
    { x: 1, y: w + b, model: name },
  ]);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'y = 3x + 2 + N(0, 1): data and fitted lines',
    width: 480,
    height: 320,
    layer: [
      {
        data: { values: points },
        mark: { type: 'point', filled: true, opacity: 0.7 },
        encoding: {
          x: { field: 'x', type: 'quantitative' },
          y: { field: 'y', type: 'quantitative' },
          shape: { field: 'split', type: 'nominal' },
          color: { value: '#777' },
        },
      },
      {
        data: { values: segments },
        mark: { type: 'line', strokeWidth: 2 },
        encoding: {
          x: { field: 'x', type: 'quantitative' },
          y: { field: 'y', type: 'quantitative' },
          color: { field: 'model', type: 'nominal', title: null },
        },
      },
    ],
  };
}
