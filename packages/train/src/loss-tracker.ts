import * as tf from '@tensorflow/tfjs-core';
import { dispose } from '@weft/core';

/**
 * The epoch's training loss, kept on the device: each step's (kept) mean loss is stored with its
 * batch size and folded into a partial sum every 256 steps, so the step loop adds no ops and
 * nothing is read back until someone asks.
 */
export class LossTracker {
  private costs: tf.Scalar[] = [];
  private sizes: number[] = [];
  private partial: tf.Scalar | null = null;
  private rows = 0;

  push(cost: tf.Scalar, size: number): void {
    this.costs.push(cost);
    this.sizes.push(size);
    this.rows += size;
    if (this.costs.length >= 256) this.fold();
  }

  /** Σ loss·size so far as a new scalar the caller owns (null before any step). */
  private total(): tf.Scalar | null {
    if (this.costs.length === 0) return this.partial ? tf.clone(this.partial) : null;
    return tf.tidy(() => {
      const sum = tf.sum(tf.mul(tf.stack(this.costs), tf.tensor1d(this.sizes)));
      return (this.partial ? tf.add(this.partial, sum) : sum) as tf.Scalar;
    });
  }

  private fold(): void {
    const next = this.total();
    dispose([...this.costs, this.partial]);
    this.costs = [];
    this.sizes = [];
    this.partial = next;
  }

  /** The mean loss per row so far (one read-back), or NaN before any step. */
  async mean(): Promise<number> {
    const total = this.total();
    if (!total) return Number.NaN;
    const rows = this.rows;
    try {
      return ((await total.data())[0] as number) / rows;
    } finally {
      total.dispose();
    }
  }

  reset(): void {
    dispose([...this.costs, this.partial]);
    this.costs = [];
    this.sizes = [];
    this.partial = null;
    this.rows = 0;
  }
}
