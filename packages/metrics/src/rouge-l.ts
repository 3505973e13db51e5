import { FormatError, ValueError } from '@weft/core';
import type { JsonValue, Metric } from './metric.js';
import { checkTextPairs, type References } from './text-pairs.js';

/**
 * rouge-score's default tokenizer (`tokenize.py`, no stemming): lowercase, every run of
 * characters outside [a-z0-9] becomes a space, split.
 */
export function rougeTokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .split(/\s+/)
    .filter((t) => /^[a-z0-9]+$/.test(t));
}

/** Length of the longest common subsequence, with one rolling row. */
export function lcsLength(a: readonly string[], b: readonly string[]): number {
  const row = new Int32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = 0;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j] as number;
      row[j] = a[i - 1] === b[j - 1] ? diagonal + 1 : Math.max(up, row[j - 1] as number);
      diagonal = up;
    }
  }
  return row[b.length] as number;
}

/** rouge-score's `_score_lcs`: precision = LCS / |prediction|, recall = LCS / |target|, their F1. */
export function rougeLPair(
  target: string,
  prediction: string,
): { precision: number; recall: number; fmeasure: number } {
  const t = rougeTokens(target);
  const p = rougeTokens(prediction);
  if (t.length === 0 || p.length === 0) return { precision: 0, recall: 0, fmeasure: 0 };
  const lcs = lcsLength(t, p);
  const precision = lcs / p.length;
  const recall = lcs / t.length;
  const fmeasure = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, fmeasure };
}

interface RougeState {
  sum: number;
  count: number;
}

/** Checks the corpus, then adds each hypothesis' best F-measure over its references. */
function addCorpus(
  state: RougeState,
  references: References,
  hypotheses: readonly string[],
  where: string,
): void {
  const refLists = checkTextPairs(references, hypotheses, where, 'text');
  let sum = 0;
  hypotheses.forEach((hyp, i) => {
    // rouge-score's score_multi: the best F-measure over the references.
    sum += Math.max(...(refLists[i] as string[]).map((ref) => rougeLPair(ref, hyp).fmeasure));
  });
  state.sum += sum;
  state.count += hypotheses.length;
}

/**
 * ROUGE-L F-measure (0–1) of rouge-score's `RougeScorer(['rougeL'])` without stemming, averaged
 * over hypotheses; with several references a hypothesis keeps its best score (`score_multi`).
 */
export async function rougeL(references: References, hypotheses: readonly string[]): Promise<number> {
  const state = { sum: 0, count: 0 };
  addCorpus(state, references, hypotheses, 'rougeL');
  return state.sum / state.count;
}

/** Stateful twin of {@link rougeL}: a float64 sum of per-text F-measures and a count. */
export class RougeL implements Metric<number, References, readonly string[]> {
  readonly name = 'rougeL';
  private state: RougeState = { sum: 0, count: 0 };

  async update(references: References, hypotheses: readonly string[]): Promise<void> {
    addCorpus(this.state, references, hypotheses, 'RougeL.update');
  }

  async compute(): Promise<number> {
    if (this.state.count === 0) {
      throw new ValueError({
        where: 'RougeL.compute',
        problem: 'no texts have been added',
        expected: 'at least one update() before compute()',
      });
    }
    return this.state.sum / this.state.count;
  }

  reset(): void {
    this.state = { sum: 0, count: 0 };
  }

  merge(other: this): void {
    this.state = { sum: this.state.sum + other.state.sum, count: this.state.count + other.state.count };
  }

  getState(): JsonValue {
    return { ...this.state };
  }

  setState(state: JsonValue): void {
    const s = state as { sum?: unknown; count?: unknown };
    if (typeof s?.sum !== 'number' || typeof s.count !== 'number') {
      throw new FormatError({
        where: 'RougeL.setState',
        problem: 'the state is not a ROUGE-L state',
        expected: '{ sum, count }',
        received: { state },
      });
    }
    this.state = { sum: s.sum, count: s.count };
  }
}
