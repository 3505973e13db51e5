import { ConfigError } from '@weft/core';
import type { Metric } from '@weft/metrics';
import { accuracyMetric, maeMetric, mseMetric, rmseMetric } from './device-metrics.js';
import type { EpochMetric } from './types.js';
import { WeftMetricAdapter } from './weft-metric.js';

/** Metrics computed on the device during training, by name. */
const NAMED: Record<string, () => EpochMetric> = {
  accuracy: accuracyMetric,
  mae: maeMetric,
  mse: mseMetric,
  rmse: rmseMetric,
};

export type MetricName = 'accuracy' | 'mae' | 'mse' | 'rmse';

/** What `metrics: [...]` accepts: a name, or a stateful @weft/metrics object (`new F1Score()`). */
// biome-ignore lint/suspicious/noExplicitAny: any Metric<R, TTrue, TPred> goes; results are checked at run time.
export type MetricSpec = MetricName | Metric<any, any, any>;

/** Fresh loop metrics for `specs`; duplicate history keys are a typed error. */
export function resolveMetrics(specs: readonly MetricSpec[] | undefined, where: string): EpochMetric[] {
  const out: EpochMetric[] = [];
  for (const spec of specs ?? []) {
    let metric: EpochMetric;
    if (typeof spec === 'string') {
      const make = NAMED[spec];
      if (!make) {
        throw new ConfigError({
          where,
          problem: `unknown metric "${spec}"`,
          expected: `one of ${Object.keys(NAMED).join(', ')}, or a @weft/metrics object such as new F1Score()`,
          received: { metric: spec },
        });
      }
      metric = make();
    } else if (typeof spec === 'object' && spec !== null && typeof spec.update === 'function') {
      metric = new WeftMetricAdapter(spec);
    } else {
      throw new ConfigError({
        where,
        problem: 'a metric is neither a name nor a @weft/metrics object',
        received: { metric: spec },
      });
    }
    if (metric.key === 'loss' || out.some((m) => m.key === metric.key)) {
      throw new ConfigError({
        where,
        problem: `two metrics would both be logged as "${metric.key}"`,
        fix: 'Pass each metric once',
      });
    }
    out.push(metric);
  }
  return out;
}

/** `accuracy` → `valAccuracy`: the validation key of a metric (contracts.md, training history). */
export function validationKey(key: string): string {
  return `val${key.charAt(0).toUpperCase()}${key.slice(1)}`;
}
