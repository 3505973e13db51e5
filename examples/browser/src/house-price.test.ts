import { describeBackends } from '@weft/testing';
import { expect, it } from 'vitest';
import { predictPrices, trainHousePrice } from './house-price.js';

/**
 * The worker's workload, in Node on every backend: the page relies on one `onEpochEnd` call per
 * epoch carrying the history's loss, and on predictions in raw price units. The rule the data
 * is drawn from (3000·area + 20000·bedrooms + 50000·type, noise σ = 30,000) is what a model that
 * learned must approach; one predicting the mean (≈ 560,000) misses both houses by far more than 20 %.
 */
await describeBackends('browser demo workload', ({ backend }) => {
  it(`trains with live epoch losses and predicts raw prices [${backend}]`, async () => {
    const seen: [number, number][] = [];
    const result = await trainHousePrice({
      rows: 500,
      epochs: 5,
      seed: 0,
      onEpochEnd: (epoch, loss) => seen.push([epoch, loss]),
    });
    try {
      expect(seen.map(([epoch]) => epoch)).toEqual([0, 1, 2, 3, 4]);
      expect(seen.map(([, loss]) => loss)).toEqual(result.loss);
      expect(result.loss[4]).toBeLessThan(0.5 * (result.loss[0] as number));
      expect(result.r2).toBeGreaterThan(0.8);
      const houses = [
        { house_area: 230, bedroom_number: 5, house_type: 2 },
        { house_area: 60, bedroom_number: 1, house_type: 0 },
      ];
      const prices = await predictPrices(result.pipeline, houses);
      const rules = houses.map((h) => 3000 * h.house_area + 20000 * h.bedroom_number + 50000 * h.house_type);
      prices.forEach((price, i) => {
        expect(Math.abs(price - (rules[i] as number))).toBeLessThan(0.2 * (rules[i] as number));
      });
    } finally {
      result.pipeline.dispose();
    }
  });
});
