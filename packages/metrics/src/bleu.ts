import { ConfigError, FormatError, ValueError } from '@weft/core';
import type { JsonValue, Metric } from './metric.js';
import { checkTextPairs, type References } from './text-pairs.js';
import { pyRstrip, pySplit, tokenize13a } from './tokenize-13a.js';

export type BleuSmoothMethod = 'exp' | 'floor' | 'add-k' | 'none';

export interface BleuOptions {
  /** '13a' (sacreBLEU's default) or 'none' (split on whitespace only: pre-tokenized text, NLTK parity). */
  tokenize?: '13a' | 'none';
  /** sacreBLEU's `smooth_method`; default 'exp' (NIST geometric smoothing). */
  smoothMethod?: BleuSmoothMethod;
  /** For 'floor' (default 0.1) and 'add-k' (default 1). */
  smoothValue?: number;
  lowercase?: boolean;
  /** Drop n-gram orders with no hypothesis n-grams (sacreBLEU's `effective_order`, for single sentences). */
  effectiveOrder?: boolean;
  /** Highest n-gram order; default 4. */
  maxNgramOrder?: number;
}

export type { References };

const SMOOTH_DEFAULTS: Record<BleuSmoothMethod, number | undefined> = {
  none: undefined,
  floor: 0.1,
  'add-k': 1,
  exp: undefined,
};

interface Resolved {
  tokenize: '13a' | 'none';
  smoothMethod: BleuSmoothMethod;
  smoothValue: number | undefined;
  lowercase: boolean;
  effectiveOrder: boolean;
  order: number;
}

function resolve(o: BleuOptions, where: string): Resolved {
  const bad = (option: string, value: unknown, expected: string): never => {
    throw new ConfigError({
      where,
      problem: `${option} is not valid`,
      expected,
      received: { [option]: value },
    });
  };
  const tokenize = o.tokenize ?? '13a';
  if (tokenize !== '13a' && tokenize !== 'none') bad('tokenize', tokenize, "'13a' or 'none'");
  const smoothMethod = o.smoothMethod ?? 'exp';
  if (!(smoothMethod in SMOOTH_DEFAULTS))
    bad('smoothMethod', smoothMethod, "'exp', 'floor', 'add-k' or 'none'");
  const order = o.maxNgramOrder ?? 4;
  if (!Number.isInteger(order) || order < 1) bad('maxNgramOrder', order, 'a positive integer');
  if (o.smoothValue !== undefined && !(o.smoothValue >= 0)) bad('smoothValue', o.smoothValue, 'a number ≥ 0');
  return {
    tokenize,
    smoothMethod,
    smoothValue: o.smoothValue ?? SMOOTH_DEFAULTS[smoothMethod],
    lowercase: o.lowercase ?? false,
    effectiveOrder: o.effectiveOrder ?? false,
    order,
  };
}

/** BLEU's sufficient statistics: integers, so corpora split across batches or workers add up exactly. */
export interface BleuStats {
  sentences: number;
  sysLen: number;
  refLen: number;
  correct: number[];
  total: number[];
}

function tokens(text: string, o: Resolved): string[] {
  const line = pyRstrip(o.lowercase ? text.toLowerCase() : text);
  return pySplit(o.tokenize === '13a' ? tokenize13a(line) : line);
}

function ngramCounts(toks: string[], order: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let n = 1; n <= order; n++) {
    for (let i = 0; i + n <= toks.length; i++) {
      const key = toks.slice(i, i + n).join(' ');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

/** Checks the corpus and adds its statistics (sacreBLEU's `_compute_segment_statistics`, summed). */
function addCorpus(
  stats: BleuStats,
  references: References,
  hypotheses: readonly string[],
  o: Resolved,
  where: string,
): void {
  const refLists = checkTextPairs(references, hypotheses, where, 'sentence');
  const next: BleuStats = { ...stats, correct: [...stats.correct], total: [...stats.total] };
  hypotheses.forEach((hyp, i) => {
    const hypTokens = tokens(hyp, o);
    const refMax = new Map<string, number>();
    let closest = -1;
    let closestDiff = -1;
    for (const ref of refLists[i] as string[]) {
      const refTokens = tokens(ref, o);
      const diff = Math.abs(hypTokens.length - refTokens.length);
      // Closest reference length; ties go to the shorter reference.
      if (closestDiff === -1 || diff < closestDiff || (diff === closestDiff && refTokens.length < closest)) {
        closestDiff = diff;
        closest = refTokens.length;
      }
      for (const [gram, count] of ngramCounts(refTokens, o.order))
        refMax.set(gram, Math.max(refMax.get(gram) ?? 0, count));
    }
    next.sentences += 1;
    next.sysLen += hypTokens.length;
    next.refLen += closest;
    for (const [gram, count] of ngramCounts(hypTokens, o.order)) {
      const n = gram.split(' ').length - 1;
      next.total[n] = (next.total[n] as number) + count;
      next.correct[n] = (next.correct[n] as number) + Math.min(count, refMax.get(gram) ?? 0);
    }
  });
  Object.assign(stats, next);
}

/** BLEU (0–100) from statistics, e.g. those `Bleu.getState()` returns (sacreBLEU's `compute_bleu`). */
export function bleuFromStats(stats: BleuStats, options: BleuOptions = {}): number {
  return score(stats, resolve(options, 'bleuFromStats'));
}

function score(stats: BleuStats, o: Resolved): number {
  const { sysLen, refLen } = stats;
  const correct = [...stats.correct];
  const total = [...stats.total];
  const bp = sysLen < refLen ? (sysLen > 0 ? Math.exp(1 - refLen / sysLen) : 0) : 1;
  if (!correct.some((c) => c > 0)) return 0;
  const precisions = new Array<number>(o.order).fill(0);
  let smoothMteval = 1;
  let effOrder = o.order;
  for (let n = 1; n <= o.order; n++) {
    if (o.smoothMethod === 'add-k' && n > 1) {
      correct[n - 1] = (correct[n - 1] as number) + (o.smoothValue as number);
      total[n - 1] = (total[n - 1] as number) + (o.smoothValue as number);
    }
    if (total[n - 1] === 0) break;
    if (o.effectiveOrder) effOrder = n;
    if (correct[n - 1] === 0) {
      if (o.smoothMethod === 'exp') {
        smoothMteval *= 2;
        precisions[n - 1] = 100 / (smoothMteval * (total[n - 1] as number));
      } else if (o.smoothMethod === 'floor') {
        precisions[n - 1] = (100 * (o.smoothValue as number)) / (total[n - 1] as number);
      }
    } else {
      precisions[n - 1] = (100 * (correct[n - 1] as number)) / (total[n - 1] as number);
    }
  }
  // sacreBLEU's my_log: log(0) is −9999999999, which drives the score to 0.
  const logSum = precisions.slice(0, effOrder).reduce((s, p) => s + (p === 0 ? -9999999999 : Math.log(p)), 0);
  return bp * Math.exp(logSum / effOrder);
}

const emptyStats = (order: number): BleuStats => ({
  sentences: 0,
  sysLen: 0,
  refLen: 0,
  correct: new Array<number>(order).fill(0),
  total: new Array<number>(order).fill(0),
});

/**
 * Corpus BLEU on sacreBLEU's 0–100 scale, with sacreBLEU's defaults (13a tokenization, exp
 * smoothing, BLEU-4, closest reference length). `references[i]` holds the references of
 * `hypotheses[i]`. With `tokenize: 'none'` and the same smoothing it equals NLTK's
 * `corpus_bleu` × 100 on whitespace-split tokens, for hypotheses of at least `maxNgramOrder`
 * tokens (NLTK counts a shorter hypothesis as having one n-gram of each missing order).
 */
export async function bleu(
  references: References,
  hypotheses: readonly string[],
  options: BleuOptions = {},
): Promise<number> {
  const where = 'bleu';
  const o = resolve(options, where);
  const stats = emptyStats(o.order);
  addCorpus(stats, references, hypotheses, o, where);
  return score(stats, o);
}

/** Stateful twin of {@link bleu}: integer n-gram statistics per batch of sentences, merged by adding. */
export class Bleu implements Metric<number, References, readonly string[]> {
  readonly name = 'bleu';
  private readonly options: Resolved;
  private stats: BleuStats;

  constructor(options: BleuOptions = {}) {
    this.options = resolve(options, 'Bleu.constructor');
    this.stats = emptyStats(this.options.order);
  }

  async update(references: References, hypotheses: readonly string[]): Promise<void> {
    addCorpus(this.stats, references, hypotheses, this.options, 'Bleu.update');
  }

  async compute(): Promise<number> {
    if (this.stats.sentences === 0) {
      throw new ValueError({
        where: 'Bleu.compute',
        problem: 'no sentences have been added',
        expected: 'at least one update() before compute()',
      });
    }
    return score(this.stats, this.options);
  }

  reset(): void {
    this.stats = emptyStats(this.options.order);
  }

  merge(other: this): void {
    const s = other.stats;
    this.stats = {
      sentences: this.stats.sentences + s.sentences,
      sysLen: this.stats.sysLen + s.sysLen,
      refLen: this.stats.refLen + s.refLen,
      correct: this.stats.correct.map((c, i) => c + (s.correct[i] ?? 0)),
      total: this.stats.total.map((t, i) => t + (s.total[i] ?? 0)),
    };
  }

  getState(): JsonValue {
    return { ...this.stats };
  }

  setState(state: JsonValue): void {
    const s = state as unknown as BleuStats;
    const order = this.options.order;
    const ok =
      typeof s?.sentences === 'number' &&
      typeof s.sysLen === 'number' &&
      typeof s.refLen === 'number' &&
      Array.isArray(s.correct) &&
      Array.isArray(s.total) &&
      s.correct.length === order &&
      s.total.length === order;
    if (!ok)
      throw new FormatError({
        where: 'Bleu.setState',
        problem: 'the state is not BLEU statistics',
        expected: `{ sentences, sysLen, refLen, correct[${order}], total[${order}] }`,
        received: { state },
      });
    this.stats = {
      sentences: s.sentences,
      sysLen: s.sysLen,
      refLen: s.refLen,
      correct: [...s.correct],
      total: [...s.total],
    };
  }
}
