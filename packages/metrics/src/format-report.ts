import type { ClassificationReport, ReportRow } from './classification-report.js';

/**
 * `x` with `digits` decimals, rounding exact ties to even as Python's format does (`toFixed`
 * rounds them up: 0.125 → "0.13" where Python prints "0.12").
 */
export function fixed(x: number, digits: number): string {
  const plain = x.toFixed(digits);
  // toFixed(digits + 30) is exact for a tie: its digits end in 5 followed only by zeros.
  const long = x.toFixed(Math.min(digits + 30, 100));
  const tail = long.slice(long.length - 30);
  if (!/^50*$/.test(tail)) return plain;
  const down = long.slice(0, long.length - 30).replace(/\.$/, '');
  const last = Number(down[down.length - 1]);
  return last % 2 === 0 ? down : plain;
}

const pad = (text: string, width: number) => text.padStart(width);

/**
 * The support column. scikit-learn prints integer counts as integers and weighted supports as
 * NumPy floats ("12.0"); a weighted support that happens to be whole prints here as "12".
 */
const supportText = (v: number): string => String(v);

/** The report as scikit-learn's `classification_report` prints it (same widths and rounding). */
export function formatClassificationReport(report: ClassificationReport, digits = 2): string {
  const headers = ['precision', 'recall', 'f1-score', 'support'];
  const width = Math.max(...report.classes.map((c) => c.name.length), 'weighted avg'.length, digits);
  const row = (name: string, r: ReportRow) =>
    `${pad(name, width)} ${[r.precision, r.recall, r.f1Score].map((v) => ` ${pad(fixed(v, digits), 9)}`).join('')} ${pad(supportText(r.support), 9)}\n`;
  let text = `${pad('', width)} ${headers.map((h) => ` ${pad(h, 9)}`).join('')}\n\n`;
  for (const c of report.classes) text += row(c.name, c);
  text += '\n';
  const support = report.macroAvg.support;
  if (report.accuracy !== undefined) {
    text += `${pad('accuracy', width)} ${' '.repeat(10)}${' '.repeat(10)} ${pad(fixed(report.accuracy, digits), 9)} ${pad(supportText(support), 9)}\n`;
  } else if (report.microAvg) {
    text += row('micro avg', report.microAvg);
  }
  text += row('macro avg', report.macroAvg);
  text += row('weighted avg', report.weightedAvg);
  return text;
}
