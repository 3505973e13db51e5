import { ConfigError, NotFoundError, ValueError } from '@weft/core';
import type { ColumnTable } from 'arquero';
import type { DescribesOps, TensorOp } from './ops.js';
import { transformFromState } from './registry.js';
import { requireFitted, StateReader } from './state.js';
import type { Transform } from './transform.js';

export interface ComposeState {
  className: 'Compose';
  steps: { className: string }[];
}

/**
 * A chain of transforms applied in order, itself a transform (`compose([...])`; the word
 * "pipeline" is kept for @weft/models' model + transforms). `fit` fits each step on the output of
 * the previous one; `inverseTransform` undoes the steps in reverse order. If a step fails during
 * `fit`, every step that was fitted before gets its previous state back.
 */
export class Compose implements Transform<ComposeState> {
  readonly className = 'Compose';
  private isFitted = false;

  constructor(readonly steps: readonly Transform<unknown>[]) {
    if (!Array.isArray(steps) || steps.length === 0 || !steps.every(isTransform)) {
      throw new ConfigError({
        where: 'compose',
        problem: 'the steps are not a non-empty list of transforms',
        expected: 'e.g. compose([new SimpleImputer(), new StandardScaler()])',
        received: { steps },
      });
    }
  }

  get fitted(): boolean {
    return this.isFitted;
  }

  /** The columns the steps name, in first-seen order (a step's `columns`, where it has them). */
  get columns(): string[] {
    const all = this.steps.flatMap((step) => (step as Partial<DescribesOps>).columns ?? []);
    return [...new Set(all)];
  }

  /**
   * The chain as tensor ops (see {@link TensorOp}): every step's ops in order. Each step must
   * describe itself (`toOps`) and work on the same columns in the same order (e.g. an imputer
   * then a scaler on the numeric columns); otherwise a NotFoundError or ValueError says which
   * step does not fit.
   */
  toOps(): TensorOp[] {
    const where = 'Compose.toOps';
    requireFitted(this.isFitted, where, this.className);
    const columns = this.columns;
    const described = this.steps.map((step, i) => {
      if (typeof (step as Partial<DescribesOps>).toOps === 'function') return step as unknown as DescribesOps;
      throw new NotFoundError({
        where,
        problem: `step ${i} (${step.className}) cannot describe itself as tensor ops`,
        expected: 'numeric steps only (scalers, a numeric imputer)',
        fix: 'Keep categorical encoders out of the composition you export, and export them separately',
      });
    });
    described.forEach((step, i) => {
      if (step.columns.join('\u0000') === columns.join('\u0000')) return;
      throw new ValueError({
        where,
        problem: `step ${i} (${this.steps[i]?.className}) works on other columns than the chain`,
        expected: `every step on columns ${columns.join(', ')}`,
        received: { step: i, columns: step.columns },
        fix: 'Give every step the same columns, or describe the steps separately',
      });
    });
    return described.flatMap((step) => step.toOps());
  }

  async fit(table: ColumnTable, columns?: string[]): Promise<this> {
    await this.fitTransform(table, columns);
    return this;
  }

  async fitTransform(table: ColumnTable, columns?: string[]): Promise<ColumnTable> {
    if (columns !== undefined) {
      throw new ConfigError({
        where: 'Compose.fit',
        problem: 'columns cannot be given to a composition',
        received: { columns },
        fix: 'Give each step its columns: new StandardScaler({ columns: [...] })',
      });
    }
    const saved = this.steps.map((step) => (step.fitted ? step.getState() : null));
    try {
      let current = table;
      for (const step of this.steps) current = await step.fitTransform(current);
      this.isFitted = true;
      return current;
    } catch (error) {
      this.steps.forEach((step, i) => {
        const state = saved[i];
        if (state !== null && state !== undefined) step.setState(state);
      });
      throw error;
    }
  }

  async transform(table: ColumnTable): Promise<ColumnTable> {
    requireFitted(this.isFitted, 'Compose.transform', this.className);
    let current = table;
    for (const step of this.steps) current = await step.transform(current);
    return current;
  }

  async inverseTransform(table: ColumnTable): Promise<ColumnTable> {
    requireFitted(this.isFitted, 'Compose.inverseTransform', this.className);
    const missing = this.steps.find((step) => typeof step.inverseTransform !== 'function');
    if (missing) {
      throw new NotFoundError({
        where: 'Compose.inverseTransform',
        problem: `step ${missing.className} has no inverse`,
        fix: 'Invert only compositions whose steps all have inverseTransform',
      });
    }
    let current = table;
    for (const step of [...this.steps].reverse())
      current = await (step.inverseTransform as (t: ColumnTable) => Promise<ColumnTable>).call(step, current);
    return current;
  }

  getState(): ComposeState {
    requireFitted(this.isFitted, 'Compose.getState', this.className);
    return {
      className: 'Compose',
      steps: this.steps.map((step) => step.getState() as { className: string }),
    };
  }

  /** Restores every step; the steps must be the same kinds, in the same order. */
  setState(state: ComposeState): this {
    const read: StateReader = new StateReader(state, 'Compose.setState', 'Compose');
    const steps = read.raw('steps');
    if (!Array.isArray(steps) || steps.length !== this.steps.length) {
      read.fail(`state.steps is not a list of ${this.steps.length} step states`, { steps });
    }
    steps.forEach((s, i) => {
      const className = (s as { className?: unknown } | null)?.className;
      if (className !== this.steps[i]?.className) {
        read.fail(
          `step ${i} is a ${this.steps[i]?.className}, but its state belongs to ${String(className)}`,
          { className },
        );
      }
    });
    // Every state is checked by restoring it on a fresh copy before any step changes.
    const restored = steps.map((s) => transformFromState(s as { className: string }));
    this.steps.forEach((step, i) => {
      step.setState((restored[i] as Transform<unknown>).getState());
    });
    this.isFitted = true;
    return this;
  }

  static fromState(state: ComposeState): Compose {
    const read: StateReader = new StateReader(state, 'Compose.fromState', 'Compose');
    const steps = read.raw('steps');
    if (!Array.isArray(steps) || steps.length === 0)
      read.fail('state.steps is not a non-empty list', { steps });
    const composed = new Compose(steps.map((s) => transformFromState(s as { className: string })));
    composed.isFitted = true;
    return composed;
  }
}

/** Chains transforms into one (see {@link Compose}). */
export function compose(steps: readonly Transform<unknown>[]): Compose {
  return new Compose(steps);
}

function isTransform(value: unknown): value is Transform<unknown> {
  const t = value as Transform<unknown> | null;
  return (
    typeof t?.fit === 'function' && typeof t.transform === 'function' && typeof t.getState === 'function'
  );
}
