import { describe, expect, it } from 'vitest';
import { chartGeometry, niceCeil } from './loss-chart.js';

describe('niceCeil', () => {
  it('rounds up to 1, 2, 2.5 or 5 times a power of ten', () => {
    expect(niceCeil(0.83)).toBe(1);
    expect(niceCeil(1.2)).toBeCloseTo(2);
    expect(niceCeil(2.1)).toBeCloseTo(2.5);
    expect(niceCeil(0.031)).toBeCloseTo(0.05);
    expect(niceCeil(5)).toBe(5);
    expect(niceCeil(0)).toBe(1);
    expect(niceCeil(Number.NaN)).toBe(1);
  });
});

describe('chartGeometry', () => {
  const box = { width: 110, height: 60, left: 10, right: 0, top: 10, bottom: 0 }; // plot area 100 × 50

  it('places the first epoch at the left edge and the last planned epoch at the right edge', () => {
    const g = chartGeometry([1, 0.5, 0], 3, box);
    expect(g.yMax).toBe(1);
    expect(g.path).toBe('M10.0,10.0 L60.0,35.0 L110.0,60.0');
  });

  it('keeps the x scale of the planned run while epochs arrive', () => {
    const early = chartGeometry([1, 0.8], 101, box);
    expect(early.epochs).toBe(101);
    expect(early.path).toBe('M10.0,10.0 L11.0,20.0');
  });

  it('draws nothing without epochs, and clamps a non-finite loss to the top', () => {
    expect(chartGeometry([], 10, box).path).toBe('');
    const g = chartGeometry([0.5, Number.POSITIVE_INFINITY], 2, box);
    expect(g.yMax).toBe(0.5);
    expect(g.path).toBe('M10.0,10.0 L110.0,10.0');
  });
});
