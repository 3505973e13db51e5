import { FormatError } from '@weft/core';
import { describe, expect, it } from 'vitest';
import { ConfusionState } from './confusion-state.js';

describe('ConfusionState', () => {
  it('grows as labels appear, small integers and others alike', () => {
    const s = new ConfusionState();
    const labels = [0, 1, 4095, 4096, -1, 2.5, 1e9, 3, 7, 8];
    s.add(labels, [...labels].reverse());
    expect(s.size).toBe(10);
    expect(s.sortedLabels()).toEqual([...labels].sort((a, b) => a - b));
    expect(s.get(0, 8)).toBe(1);
    expect(s.get(4096, 1e9)).toBe(1);
    expect(s.get(2.5, -1)).toBe(1);
    expect(s.get(0, 0)).toBe(0);
    expect(s.get(99, 0)).toBe(0);
    expect(s.total()).toBe(10);
    expect(s.sums(1)).toEqual({ trueSum: 1, predSum: 1 });
  });
  it('merges by adding counts, and keeps labels that only the other state saw', () => {
    const a = new ConfusionState();
    const b = new ConfusionState();
    a.add([0, 1], [0, 0]);
    b.add([1, 9], [0, 9], [2, 0]);
    a.merge(b);
    expect(a.toJSON()).toEqual({
      labels: [0, 1, 9],
      counts: [
        [1, 0, 0],
        [3, 0, 0],
        [0, 0, 0],
      ],
    });
  });
  it('round-trips through JSON and rejects malformed states', () => {
    const a = new ConfusionState();
    a.add([3, 3, 5], [5, 3, 5]);
    expect(ConfusionState.fromJSON(JSON.parse(JSON.stringify(a.toJSON())), 'test').toJSON()).toEqual(
      a.toJSON(),
    );
    expect(() => ConfusionState.fromJSON({ labels: [1, 2], counts: [[1]] }, 'test')).toThrow(FormatError);
    expect(() => ConfusionState.fromJSON(null, 'test')).toThrow(FormatError);
  });
});
