import { NotFoundError } from '@weft/core';
import { describe, expect, it } from 'vitest';
import * as api from './index.js';
import { metricRegistry } from './registry.js';

const FUNCTIONAL = [
  'accuracy',
  'precision',
  'recall',
  'f1Score',
  'fbetaScore',
  'confusionMatrix',
  'classificationReport',
  'rocAuc',
  'averagePrecision',
  'logLoss',
  'topKAccuracy',
  'meanSquaredError',
  'rootMeanSquaredError',
  'meanAbsoluteError',
  'r2Score',
  'explainedVariance',
  'perplexity',
  'bleu',
  'rougeL',
] as const;

describe('metricRegistry', () => {
  it('lists every functional metric by its name, and builds the stateful twin with that name', () => {
    for (const name of FUNCTIONAL) {
      expect(typeof (api as Record<string, unknown>)[name]).toBe('function');
      const metric = metricRegistry.get(name)(name === 'fbetaScore' ? { beta: 2 } : undefined);
      expect(metric.name).toBe(name);
    }
  });
  it('knows the short names the tutorials print', () => {
    expect(metricRegistry.get('mse')().name).toBe('meanSquaredError');
    expect(metricRegistry.get('f1')({ average: 'macro' }).name).toBe('f1Score');
  });
  it('suggests a close name for a typo', () => {
    expect(() => metricRegistry.get('f1score')).toThrow(NotFoundError);
    expect(() => metricRegistry.get('acuracy')).toThrow(/Did you mean "accuracy"/);
  });
  it('gives a stateful metric that works from the registry alone', async () => {
    const metric = metricRegistry.get('accuracy')();
    await metric.update([0, 1, 1], [0, 1, 0]);
    expect(await metric.compute()).toBe(2 / 3);
  });
});
