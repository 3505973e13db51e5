import * as vega from 'vega';
import * as vegaLite from 'vega-lite';

/**
 * Renders a Vega-Lite spec to an SVG string, headless (no DOM or canvas needed in Node); the same
 * spec renders in a browser with vega-embed.
 */
export async function renderSvg(spec: vegaLite.TopLevelSpec): Promise<string> {
  const compiled = vegaLite.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** A line chart of one or more series over epochs (e.g. training and validation loss). */
export function lossChartSpec(series: Record<string, number[]>, title: string): vegaLite.TopLevelSpec {
  const values = Object.entries(series).flatMap(([name, ys]) =>
    ys.map((y, i) => ({ epoch: i + 1, value: y, series: name })),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 480,
    height: 280,
    data: { values },
    mark: { type: 'line' },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', title: 'epoch' },
      y: { field: 'value', type: 'quantitative', title: 'loss', scale: { type: 'log' } },
      color: { field: 'series', type: 'nominal', title: null },
    },
  };
}
