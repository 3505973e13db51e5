import { formatShape, type InputShape, type Layer } from './layer.js';

/**
 * A Keras-like summary of a model with `layers` applied in order: one row per layer with its
 * output shape (once the model is built) and parameter count, then the totals.
 */
export function summarize(model: Layer & { readonly layers: readonly Layer[] }): string {
  const rows: string[][] = [];
  let shape: InputShape | null = model.inputShape;
  for (const layer of model.layers) {
    shape = shape ? layer.computeOutputShape(shape) : null;
    rows.push([
      `${layer.name} (${layer.className})`,
      shape ? formatShape(shape) : '?',
      count(layer.countParams()),
    ]);
  }
  return formatTable(model, ['Layer (type)', 'Output Shape', 'Param #'], rows);
}

/** The summary table of `model`: the header, rows separated by rules, and the parameter totals. */
export function formatTable(model: Layer, header: string[], rows: string[][]): string {
  const widths = header.map((_, c) => Math.max(...[header, ...rows].map((r) => (r[c] ?? '').length)) + 3);
  const line = (r: string[]) => ` ${r.map((cell, c) => cell.padEnd(widths[c] as number)).join('')}`.trimEnd();
  const width = widths.reduce((a, b) => a + b, 1);
  const total = model.countParams();
  const trainable = model.trainableWeights.reduce((sum, v) => sum + v.size, 0);
  return [
    `Model: "${model.name}"`,
    '_'.repeat(width),
    line(header),
    '='.repeat(width),
    rows.map(line).join(`\n${'_'.repeat(width)}\n`),
    '='.repeat(width),
    `Total params: ${count(total)}`,
    `Trainable params: ${count(trainable)}`,
    `Non-trainable params: ${count(total - trainable)}`,
    '_'.repeat(width),
  ].join('\n');
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
