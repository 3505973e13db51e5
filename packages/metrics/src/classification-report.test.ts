import { ValueError } from '@weft/core';
import { expectClose } from '@weft/testing';
import { describe, expect, it } from 'vitest';
import { loadFixture } from '../test/fixtures.js';
import {
  type ClassificationReport,
  ClassificationReportMetric,
  classificationReport,
} from './classification-report.js';
import { fixed, formatClassificationReport } from './format-report.js';

interface SkRow {
  precision: number;
  recall: number;
  'f1-score': number;
  support: number;
}
interface ReportCase {
  name: string;
  yTrue: number[];
  yPred: number[];
  sampleWeight?: number[];
  options: { labels?: number[]; targetNames?: string[]; zeroDivision?: 0 | 1 };
  report: Record<string, SkRow | number>;
  text: Record<'2' | '4', string>;
}

const cases = loadFixture<ReportCase[]>('report.json');
const TIGHT = { atol: 1e-12, rtol: 1e-10 };

/** scikit-learn's dict, keyed by display name, from ours. */
function asSklearn(r: ClassificationReport): Record<string, SkRow | number> {
  const row = (x: { precision: number; recall: number; f1Score: number; support: number }): SkRow => ({
    precision: x.precision,
    recall: x.recall,
    'f1-score': x.f1Score,
    support: x.support,
  });
  const out: Record<string, SkRow | number> = {};
  for (const c of r.classes) out[c.name] = row(c);
  if (r.accuracy !== undefined) out.accuracy = r.accuracy;
  if (r.microAvg) out['micro avg'] = row(r.microAvg);
  out['macro avg'] = row(r.macroAvg);
  out['weighted avg'] = row(r.weightedAvg);
  return out;
}

describe('classificationReport: parity with scikit-learn 1.2', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const report = await classificationReport(c.yTrue, c.yPred, {
        ...c.options,
        sampleWeight: c.sampleWeight,
      });
      const ours = asSklearn(report);
      expect(Object.keys(ours)).toEqual(Object.keys(c.report));
      for (const [key, value] of Object.entries(c.report)) {
        await expectClose(Object.values(ours[key] as object), Object.values(value as object), TIGHT);
      }
      if (!c.sampleWeight) {
        expect(formatClassificationReport(report)).toBe(c.text['2']);
        expect(formatClassificationReport(report, 4)).toBe(c.text['4']);
      }
      const metric = new ClassificationReportMetric(c.options);
      const half = Math.floor(c.yTrue.length / 2);
      await metric.update(c.yTrue.slice(0, half), c.yPred.slice(0, half), c.sampleWeight?.slice(0, half));
      await metric.update(c.yTrue.slice(half), c.yPred.slice(half), c.sampleWeight?.slice(half));
      expect(await metric.compute()).toEqual(report);
    });
  }
});

describe('classificationReport', () => {
  it('needs one target name per label', async () => {
    await expect(classificationReport([0, 1], [0, 1], { targetNames: ['a'] })).rejects.toBeInstanceOf(
      ValueError,
    );
  });
  it('rounds exact ties to even, as Python formats them', () => {
    expect([fixed(0.125, 2), fixed(0.375, 2), fixed(0.5, 0), fixed(1.5, 0), fixed(0.126, 2)]).toEqual([
      '0.12',
      '0.38',
      '0',
      '2',
      '0.13',
    ]);
  });
});
