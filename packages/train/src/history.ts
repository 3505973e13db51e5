/**
 * What `fit` returns (contracts.md): `history` holds one entry per epoch for `loss`, `valLoss`
 * and each metric (camelCase), like Keras' `History.history`.
 */
export class History {
  readonly history: Record<string, number[]> = {};
  readonly epoch: number[] = [];
  /** Seconds spent inside the training loop (data preparation and reporting included). */
  trainSeconds = 0;
  /** Why training ended early ('aborted', a non-finite loss, a callback), if it did. */
  stopReason: string | undefined;

  record(epoch: number, logs: Record<string, number>): void {
    this.epoch.push(epoch);
    for (const [key, value] of Object.entries(logs)) {
      const series = this.history[key] ?? [];
      series.push(value);
      this.history[key] = series;
    }
  }

  /** The last value of a series, e.g. `last('valLoss')`. */
  last(key: string): number | undefined {
    const series = this.history[key];
    return series ? series[series.length - 1] : undefined;
  }

  /** Plain data (for checkpoints and JSON logs). Non-finite values become null in JSON. */
  toJSON(): { epoch: number[]; history: Record<string, number[]>; stopReason?: string } {
    return {
      epoch: [...this.epoch],
      history: Object.fromEntries(Object.entries(this.history).map(([k, v]) => [k, [...v]])),
      ...(this.stopReason ? { stopReason: this.stopReason } : {}),
    };
  }

  /** Restores {@link toJSON}'s output (nulls read back as NaN). */
  static fromJSON(data: { epoch: number[]; history: Record<string, (number | null)[]> }): History {
    const history = new History();
    history.epoch.push(...data.epoch);
    for (const [key, values] of Object.entries(data.history)) {
      history.history[key] = values.map((v) => (v === null ? Number.NaN : v));
    }
    return history;
  }
}
