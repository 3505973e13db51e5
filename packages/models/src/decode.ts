import * as tf from '@tensorflow/tfjs-core';
import { ValueError } from '@weft/core';
import type { Layer } from '@weft/layers';

export interface DecodeOptions {
  /** The id every target starts with. */
  startId: number;
  /** The id that ends a sequence (kept out of the result). */
  endId: number;
  /** The most tokens to generate per sequence. */
  maxLength: number;
}

export interface BeamSearchOptions extends DecodeOptions {
  /** Hypotheses kept per step. Default 4. */
  beamWidth?: number;
  /**
   * Scores are `log p / length^lengthPenalty` (GNMT's simple form), so longer hypotheses are not
   * punished for every extra factor below 1. Default 0 (plain log-probability).
   */
  lengthPenalty?: number;
}

export interface Hypothesis {
  /** Generated ids, without the start id and without the end id. */
  tokens: number[];
  /** Σ log p of the generated ids (and of the end id when it ended). */
  logProb: number;
  /** The ranking score (logProb with the length penalty). */
  score: number;
  /** True when it produced endId within maxLength. */
  finished: boolean;
}

type Ids = readonly (readonly number[])[];

/**
 * Next-token log-probabilities after each prefix: runs the seq2seq `model` on
 * `[source, prefix]` (the whole decoder each time: O(steps²), simple and exact) and reads the
 * last step. One row per prefix; all prefixes have the same length.
 */
async function nextLogProbs(model: Layer, source: Ids, prefixes: Ids): Promise<Float32Array[]> {
  const probs = tf.tidy(() => {
    const src = tf.tensor2d(
      source.map((r) => [...r]),
      [source.length, source[0]?.length ?? 0],
      'int32',
    );
    const tgt = tf.tensor2d(
      prefixes.map((r) => [...r]),
      [prefixes.length, prefixes[0]?.length ?? 0],
      'int32',
    );
    const y = model.apply([src, tgt]);
    const [rows, steps, vocab] = y.shape as [number, number, number];
    return tf.log(tf.reshape(tf.slice(y, [0, steps - 1, 0], [rows, 1, vocab]), [rows, vocab]));
  });
  const values = (await probs.data()) as Float32Array;
  const vocab = probs.shape[1] as number;
  probs.dispose();
  return Array.from({ length: prefixes.length }, (_, i) => values.subarray(i * vocab, (i + 1) * vocab));
}

function checkOptions(where: string, source: Ids, options: DecodeOptions): void {
  const { startId, endId, maxLength } = options;
  const ok =
    Array.isArray(source) &&
    source.length > 0 &&
    source.every((r) => Array.isArray(r) && r.length === source[0]?.length && r.length > 0) &&
    [startId, endId].every((v) => Number.isInteger(v) && v > 0) &&
    Number.isInteger(maxLength) &&
    maxLength > 0;
  if (!ok) {
    throw new ValueError({
      where,
      problem:
        'source must be a non-empty list of equal-length id rows, startId and endId positive ids (0 is padding), maxLength positive',
      received: { rows: Array.isArray(source) ? source.length : source, startId, endId, maxLength },
    });
  }
}

/**
 * Greedy decoding for a model like `transformerSeq2Seq`'s: for each source row (ids, 0-padded to
 * one length), repeatedly appends the most probable next id until `endId` or `maxLength`.
 * Returns the generated ids per row (without start and end ids).
 */
export async function greedyDecode(model: Layer, source: Ids, options: DecodeOptions): Promise<number[][]> {
  checkOptions('greedyDecode', source, options);
  const { startId, endId, maxLength } = options;
  const prefixes = source.map(() => [startId]);
  const done = source.map(() => false);
  for (let step = 0; step < maxLength && done.includes(false); step++) {
    const rows = await nextLogProbs(model, source, prefixes);
    rows.forEach((logp, i) => {
      // A finished row is padded with 0 (masked), which leaves the other rows unchanged.
      prefixes[i]?.push(done[i] ? 0 : argmax(logp));
      if (prefixes[i]?.at(-1) === endId) done[i] = true;
    });
  }
  return prefixes.map((p) => {
    const tokens = p.slice(1);
    const end = tokens.indexOf(endId);
    return (end >= 0 ? tokens.slice(0, end) : tokens).filter((id) => id !== 0);
  });
}

/**
 * Beam search for one source row: keeps the `beamWidth` best hypotheses by score at each step;
 * a hypothesis that produces `endId` is finished and set aside. Returns up to `beamWidth`
 * hypotheses, best first (finished ones and, if fewer, the best unfinished at `maxLength`).
 */
export async function beamSearch(
  model: Layer,
  source: readonly number[],
  options: BeamSearchOptions,
): Promise<Hypothesis[]> {
  checkOptions('beamSearch', [source], options);
  const { startId, endId, maxLength, beamWidth = 4, lengthPenalty = 0 } = options;
  if (!Number.isInteger(beamWidth) || beamWidth < 1) {
    throw new ValueError({
      where: 'beamSearch',
      problem: 'beamWidth must be a positive integer',
      received: { beamWidth },
    });
  }
  const score = (logProb: number, length: number) => logProb / Math.max(1, length) ** lengthPenalty;
  let alive: { tokens: number[]; logProb: number }[] = [{ tokens: [], logProb: 0 }];
  const finished: Hypothesis[] = [];
  for (let step = 0; step < maxLength && alive.length > 0; step++) {
    const rows = await nextLogProbs(
      model,
      alive.map(() => source),
      alive.map((h) => [startId, ...h.tokens]),
    );
    const candidates: { tokens: number[]; logProb: number; end: boolean }[] = [];
    rows.forEach((logp, i) => {
      const h = alive[i] as { tokens: number[]; logProb: number };
      for (const id of topK(logp, beamWidth + 1)) {
        if (id === 0) continue; // padding is never generated
        candidates.push({
          tokens: [...h.tokens, id],
          logProb: h.logProb + (logp[id] as number),
          end: id === endId,
        });
      }
    });
    candidates.sort((a, b) => score(b.logProb, b.tokens.length) - score(a.logProb, a.tokens.length));
    alive = [];
    for (const c of candidates) {
      if (alive.length >= beamWidth) break;
      if (c.end) {
        const tokens = c.tokens.slice(0, -1);
        finished.push({
          tokens,
          logProb: c.logProb,
          score: score(c.logProb, c.tokens.length),
          finished: true,
        });
      } else alive.push({ tokens: c.tokens, logProb: c.logProb });
    }
    // Stop once no live hypothesis can still beat the beamWidth-th finished one (scores only fall without a penalty).
    const worstKept = finished.map((h) => h.score).sort((a, b) => b - a)[beamWidth - 1];
    if (lengthPenalty === 0 && worstKept !== undefined && alive.every((h) => h.logProb <= worstKept)) break;
  }
  const unfinished = alive.map((h) => ({ ...h, score: score(h.logProb, h.tokens.length), finished: false }));
  const all = [...finished, ...unfinished].sort((a, b) => b.score - a.score);
  return all.slice(0, beamWidth);
}

function argmax(values: Float32Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] as number) > (values[best] as number)) best = i;
  return best;
}

function topK(values: Float32Array, k: number): number[] {
  return Array.from(values.keys())
    .sort((a, b) => (values[b] as number) - (values[a] as number))
    .slice(0, k);
}
