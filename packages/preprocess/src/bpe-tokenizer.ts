import type * as tf from '@tensorflow/tfjs-core';
import { ConfigError, ValueError } from '@weft/core';
import { requireFitted, StateReader } from './state.js';
import {
  checkIds,
  type EncodeBatchOptions,
  type EncodeOptions,
  padBatch,
  readTexts,
  requireTexts,
  SPECIAL_TOKENS,
  type TextInput,
  withSpecials,
} from './text.js';

export interface BpeTokenizerOptions {
  /** Ids in all: 5 special tokens + 256 bytes + learned merges (default 1000; at least 261). */
  vocabSize?: number;
  /** A pair of tokens must occur at least this often in fit to be merged (default 2). */
  minFrequency?: number;
}

export interface BpeTokenizerState {
  className: 'BpeTokenizer';
  vocabSize: number;
  minFrequency: number;
  /** Learned merges in order: merge `i` joins tokens `[a, b]` into token 261 + i. */
  merges: [number, number][];
}

const BYTES = SPECIAL_TOKENS.length; // the id of byte 0
const FIRST_MERGE = BYTES + 256;
const MAX_VOCAB = 2 ** 20;
// Pre-tokenization in the style of GPT-2 (without its English contractions): a word with its
// leading space, a number, a run of other symbols, or whitespace. Every character falls in one
// of these, so the chunks concatenate back to the text exactly.
const CHUNK = / ?[\p{L}\p{M}]+| ?\p{N}+| ?[^\s\p{L}\p{M}\p{N}]+|\s+(?!\S)|\s+/gu;
const utf8 = new TextEncoder();
// ignoreBOM keeps a leading U+FEFF, which a default decoder would strip.
const utf8Decoder = new TextDecoder('utf-8', { ignoreBOM: true });
const pairKey = (a: number, b: number) => a * MAX_VOCAB + b;

/**
 * A trainable byte-level byte-pair-encoding (BPE) subword tokenizer, like GPT-2's. Text is split
 * into chunks (words with their leading space, numbers, symbol runs, whitespace), each chunk's
 * UTF-8 bytes become byte tokens, and learned merges join frequent neighbouring tokens. Any
 * string of well-formed Unicode encodes without [UNK], and `decode(encode(s)) === s` exactly
 * (nothing is normalized or lower-cased). A lone UTF-16 surrogate has no UTF-8 form: it is a
 * ValueError. Ids: [PAD]=0, [UNK]=1 (never produced), [CLS]=2, [SEP]=3, [MASK]=4, bytes 5–260,
 * merges from 261 in the order learned.
 *
 * Training counts chunk frequencies, then repeatedly merges the most frequent neighbouring pair
 * (ties: the smallest ids first, so training is deterministic) until `vocabSize` ids exist or no
 * pair occurs `minFrequency` times.
 */
export class BpeTokenizer {
  readonly className = 'BpeTokenizer';
  private options: { vocabSize: number; minFrequency: number };
  private state: { merges: [number, number][]; ranks: Map<number, number>; bytes: Uint8Array[] } | null =
    null;
  private cache = new Map<string, number[]>();

  constructor(options: BpeTokenizerOptions = {}) {
    const where = 'BpeTokenizer.constructor';
    const vocabSize = options.vocabSize ?? 1000;
    const minFrequency = options.minFrequency ?? 2;
    if (!(Number.isInteger(vocabSize) && vocabSize >= FIRST_MERGE && vocabSize <= MAX_VOCAB)) {
      throw new ConfigError({
        where,
        problem: 'vocabSize is out of range',
        expected: `an integer from ${FIRST_MERGE} (5 special tokens + 256 bytes) to ${MAX_VOCAB}`,
        received: { vocabSize },
      });
    }
    if (!(Number.isInteger(minFrequency) && minFrequency >= 1)) {
      throw new ConfigError({
        where,
        problem: 'minFrequency is not a positive integer',
        received: { minFrequency },
      });
    }
    this.options = { vocabSize, minFrequency };
  }

  get fitted(): boolean {
    return this.state !== null;
  }

  /** The number of ids in use: special tokens, bytes and learned merges. */
  get size(): number {
    return this.state ? FIRST_MERGE + this.state.merges.length : 0;
  }

  /** The learned merges, in order (copies). */
  get merges(): [number, number][] {
    return (this.state?.merges ?? []).map(([a, b]) => [a, b]);
  }

  /** Learns merges from `texts` (strings, or a table and its text `column`). */
  async fit(texts: TextInput, column?: string): Promise<this> {
    const where = 'BpeTokenizer.fit';
    const strings = readTexts(texts, column, where);
    requireTexts(strings, where);
    const counts = new Map<string, number>();
    strings.forEach((text, i) => {
      checkWellFormed(text, where, i);
      for (const chunk of text.match(CHUNK) ?? []) counts.set(chunk, (counts.get(chunk) ?? 0) + 1);
    });
    this.setMerges(learnMerges(counts, this.options.vocabSize - FIRST_MERGE, this.options.minFrequency));
    return this;
  }

  /** The ids of `text`; never [UNK]. */
  encode(text: string, options: EncodeOptions = {}): number[] {
    const where = 'BpeTokenizer.encode';
    this.requireState(where);
    const [checked] = readTexts([text], undefined, where) as [string];
    checkWellFormed(checked, where, 0);
    const ids: number[] = [];
    for (const chunk of checked.match(CHUNK) ?? []) for (const id of this.encodeChunk(chunk)) ids.push(id);
    return withSpecials(ids, options);
  }

  /**
   * The text of `ids`: their bytes decoded as UTF-8 (a byte sequence cut mid-character becomes
   * U+FFFD). Special tokens are left out unless `skipSpecialTokens` is false, then written as
   * their names.
   */
  decode(ids: readonly number[], options: { skipSpecialTokens?: boolean } = {}): string {
    const where = 'BpeTokenizer.decode';
    const state = this.requireState(where);
    checkIds(ids, this.size, where);
    const skip = options.skipSpecialTokens ?? true;
    const parts = ids.filter((id) => !(skip && id < BYTES)).map((id) => state.bytes[id] as Uint8Array);
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const p of parts) {
      out.set(p, offset);
      offset += p.length;
    }
    return utf8Decoder.decode(out);
  }

  /** The bytes a token stands for (a special token: its name in UTF-8). */
  tokenBytes(id: number): Uint8Array {
    const state = this.requireState('BpeTokenizer.tokenBytes');
    checkIds([id], this.size, 'BpeTokenizer.tokenBytes');
    return Uint8Array.from(state.bytes[id] as Uint8Array);
  }

  /** A readable form of a token: its bytes as UTF-8 (U+FFFD where a character is cut). */
  idToToken(id: number): string {
    return utf8Decoder.decode(this.tokenBytes(id));
  }

  /** Encodes every text into an int32 `[n, length]` tensor, padded with [PAD] = 0; sync. The caller owns it. */
  encodeBatch(texts: TextInput, options: EncodeBatchOptions = {}): tf.Tensor2D {
    const where = 'BpeTokenizer.encodeBatch';
    this.requireState(where);
    const strings = readTexts(texts, options.column, where);
    return padBatch(
      strings.map((t) => this.encode(t, options)),
      options,
      where,
    );
  }

  getState(): BpeTokenizerState {
    const state = this.requireState('BpeTokenizer.getState');
    return { className: 'BpeTokenizer', ...this.options, merges: state.merges.map(([a, b]) => [a, b]) };
  }

  setState(state: BpeTokenizerState): this {
    const read: StateReader = new StateReader(state, 'BpeTokenizer.setState', 'BpeTokenizer');
    const merges = read.raw('merges');
    const seen = new Set<number>();
    const ok =
      Array.isArray(merges) &&
      merges.every((m, i) => {
        if (!Array.isArray(m) || m.length !== 2) return false;
        const [a, b] = m as number[];
        const valid = (t: unknown) =>
          Number.isInteger(t) && (t as number) >= BYTES && (t as number) < FIRST_MERGE + i;
        const key = pairKey(a as number, b as number);
        if (!valid(a) || !valid(b) || seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    if (!ok)
      read.fail('state.merges is not a list of distinct [a, b] pairs of earlier token ids', { merges });
    const { vocabSize, minFrequency } = state;
    let checked: BpeTokenizer;
    try {
      checked = new BpeTokenizer({ vocabSize, minFrequency });
    } catch (error) {
      read.fail(`the state's options are invalid: ${(error as Error).message}`, { vocabSize, minFrequency });
    }
    const list = merges as [number, number][];
    if (FIRST_MERGE + list.length > vocabSize)
      read.fail('state.merges has more merges than vocabSize allows', { vocabSize });
    this.options = checked.options;
    this.setMerges(list.map(([a, b]) => [a, b]));
    return this;
  }

  static fromState(state: BpeTokenizerState): BpeTokenizer {
    return new BpeTokenizer().setState(state);
  }

  private setMerges(merges: [number, number][]): void {
    const bytes: Uint8Array[] = SPECIAL_TOKENS.map((t) => utf8.encode(t));
    for (let b = 0; b < 256; b++) bytes.push(Uint8Array.of(b));
    const ranks = new Map<number, number>();
    merges.forEach(([a, b], i) => {
      const left = bytes[a] as Uint8Array;
      const right = bytes[b] as Uint8Array;
      const joined = new Uint8Array(left.length + right.length);
      joined.set(left);
      joined.set(right, left.length);
      bytes.push(joined);
      ranks.set(pairKey(a, b), i);
    });
    this.state = { merges, ranks, bytes };
    this.cache = new Map();
  }

  /** Applies the merges to one chunk, lowest rank first (the order they were learned). */
  private encodeChunk(chunk: string): number[] {
    const cached = this.cache.get(chunk);
    if (cached) return cached;
    const { ranks, merges } = this.state as NonNullable<BpeTokenizer['state']>;
    let ids = Array.from(utf8.encode(chunk), (b) => b + BYTES);
    while (ids.length > 1) {
      let best = Number.POSITIVE_INFINITY;
      for (let j = 0; j + 1 < ids.length; j++) {
        const rank = ranks.get(pairKey(ids[j] as number, ids[j + 1] as number));
        if (rank !== undefined && rank < best) best = rank;
      }
      if (best === Number.POSITIVE_INFINITY) break;
      const [a, b] = merges[best] as [number, number];
      ids = mergePair(ids, a, b, FIRST_MERGE + best);
    }
    // Bounded, so encoding a long stream of distinct words cannot grow memory without limit.
    if (this.cache.size >= 50_000) this.cache.clear();
    this.cache.set(chunk, ids);
    return ids;
  }

  private requireState(where: string): NonNullable<BpeTokenizer['state']> {
    requireFitted(this.state !== null, where, this.className, 'texts');
    return this.state as NonNullable<BpeTokenizer['state']>;
  }
}

/** `ids` with every non-overlapping `a, b` (left to right) replaced by `id`. */
function mergePair(ids: readonly number[], a: number, b: number, id: number): number[] {
  const out: number[] = [];
  for (let j = 0; j < ids.length; j++) {
    if (ids[j] === a && ids[j + 1] === b) {
      out.push(id);
      j++;
    } else out.push(ids[j] as number);
  }
  return out;
}

/**
 * BPE training on chunk counts: up to `room` merges of the most frequent pair (ties: smallest
 * ids), stopping when the best pair occurs fewer than `minFrequency` times. Pair counts are
 * updated only for the chunks that contain the merged pair.
 */
function learnMerges(counts: Map<string, number>, room: number, minFrequency: number): [number, number][] {
  const words = [...counts].map(([chunk, n]) => ({
    ids: Array.from(utf8.encode(chunk), (b) => b + BYTES),
    n,
  }));
  const pairs = new Map<number, number>();
  const holders = new Map<number, Set<number>>();
  const count = (ids: number[], n: number, w: number) => {
    for (let j = 0; j + 1 < ids.length; j++) {
      const key = pairKey(ids[j] as number, ids[j + 1] as number);
      const c = (pairs.get(key) ?? 0) + n;
      if (c === 0) pairs.delete(key);
      else pairs.set(key, c);
      if (n > 0) {
        const set = holders.get(key);
        if (set) set.add(w);
        else holders.set(key, new Set([w]));
      }
    }
  };
  words.forEach((word, w) => {
    count(word.ids, word.n, w);
  });
  const merges: [number, number][] = [];
  while (merges.length < room) {
    let best = -1;
    let bestCount = 0;
    for (const [key, c] of pairs) {
      if (c > bestCount || (c === bestCount && key < best)) {
        best = key;
        bestCount = c;
      }
    }
    if (best === -1 || bestCount < minFrequency) break;
    const a = Math.floor(best / MAX_VOCAB);
    const b = best % MAX_VOCAB;
    const id = FIRST_MERGE + merges.length;
    merges.push([a, b]);
    for (const w of [...(holders.get(best) ?? [])]) {
      const word = words[w] as { ids: number[]; n: number };
      const merged = mergePair(word.ids, a, b, id);
      if (merged.length === word.ids.length) continue; // a stale holder: the pair is gone
      count(word.ids, -word.n, w);
      count(merged, word.n, w);
      word.ids = merged;
    }
    pairs.delete(best);
    holders.delete(best);
  }
  return merges;
}

/** Lone UTF-16 surrogates have no UTF-8 form, so they could not come back from `decode`. */
function checkWellFormed(text: string, where: string, row: number): void {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
    } else if (c < 0xdc00 || c > 0xdfff) continue;
    throw new ValueError({
      where,
      problem: `text ${row} has a lone UTF-16 surrogate at index ${i}`,
      expected: 'well-formed Unicode text',
      received: { row, index: i, codeUnit: `0x${c.toString(16)}` },
      fix: "Repair the text first, e.g. text.toWellFormed() (Node 20+) or text.replace(/\\p{Cs}/gu, '\\uFFFD')",
    });
  }
}
