import { describe, expect, it } from 'vitest';
import type { TrainingControl } from './callbacks.js';
import { epochLines, formatValue } from './progress.js';

describe('epochLines', () => {
  it('writes one line per epoch with Keras-style names', async () => {
    const lines: string[] = [];
    const reporter = epochLines(12, (line) => lines.push(line));
    const control = { stop() {}, stopped: false } as unknown as TrainingControl;
    await reporter.onEpochBegin?.(0, control);
    await reporter.onEpochEnd?.(0, { loss: 0.123456, valLoss: 12345678 }, control);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Epoch {2}1\/12 · loss 0\.1235 · val_loss 1\.235e\+7 · \d+\.\d\ds$/);
  });

  it('formats non-finite values plainly', () => {
    expect(formatValue(Number.NaN)).toBe('NaN');
    expect(formatValue(0)).toBe('0.000');
  });
});
