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
  UNK_ID,
  withSpecials,
} from './text.js';

/** What happens to punctuation (any character that is not a letter, mark, digit or space). */
export type PunctuationRule = 'split' | 'remove' | 'keep';
const RULES: readonly PunctuationRule[] = ['split', 'remove', 'keep'];

export interface WordTokenizerOptions {
  /** Lower-case the text first with `String.prototype.toLowerCase` (default true). */
  lowercase?: boolean;
  /**
   * 'split' (default): each punctuation character is a token of its own ("don't." → don ' t .);
   * 'remove': punctuation is deleted before splitting ("don't." → dont), as Keras'
   * TextVectorization does; 'keep': split on whitespace only ("don't." stays one token).
   */
  punctuation?: PunctuationRule;
  /** The most tokens in the vocabulary, the 5 special tokens included (default: no limit). */
  vocabSize?: number;
  /** Words seen fewer times than this in fit become [UNK] (default 1). */
  minFrequency?: number;
}

export interface WordTokenizerState {
  className: 'WordTokenizer';
  lowercase: boolean;
  punctuation: PunctuationRule;
  vocabSize: number | null;
  minFrequency: number;
  /** Every token by id: the special tokens at 0–4, then words by falling frequency. */
  vocabulary: string[];
}

const WORD = /[\p{L}\p{M}\p{N}]+|[^\s\p{L}\p{M}\p{N}]/gu;
const PUNCTUATION = /[^\s\p{L}\p{M}\p{N}]/gu;

/**
 * A word-level tokenizer. Text is lower-cased (optional), split into words (runs of letters,
 * marks and digits) with punctuation handled by the stated rule, and each word mapped to its id.
 * The vocabulary holds [PAD]=0, [UNK]=1, [CLS]=2, [SEP]=3, [MASK]=4, then every word seen at least
 * `minFrequency` times in fit, most frequent first (ties in code-unit order), up to `vocabSize`.
 * Other words encode as [UNK]. Text never produces a special id: "[MASK]" in a text is split or
 * looked up as an ordinary word. Encoding is not reversible (`decode` joins words with spaces).
 */
export class WordTokenizer {
  readonly className = 'WordTokenizer';
  private options: Omit<WordTokenizerState, 'className' | 'vocabulary'>;
  private state: { vocabulary: string[]; ids: Map<string, number> } | null = null;

  constructor(options: WordTokenizerOptions = {}) {
    const where = 'WordTokenizer.constructor';
    const lowercase = options.lowercase ?? true;
    const punctuation = options.punctuation ?? 'split';
    const vocabSize = options.vocabSize ?? null;
    const minFrequency = options.minFrequency ?? 1;
    if (typeof lowercase !== 'boolean')
      throw new ConfigError({ where, problem: 'lowercase is not a boolean', received: { lowercase } });
    if (!RULES.includes(punctuation)) {
      throw new ConfigError({
        where,
        problem: 'the punctuation rule is not supported',
        expected: RULES.join(', '),
        received: { punctuation },
      });
    }
    if (vocabSize !== null && !(Number.isInteger(vocabSize) && vocabSize > SPECIAL_TOKENS.length)) {
      throw new ConfigError({
        where,
        problem: 'vocabSize leaves no room for words',
        expected: `an integer above ${SPECIAL_TOKENS.length} (the special tokens count)`,
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
    this.options = { lowercase, punctuation, vocabSize, minFrequency };
  }

  get fitted(): boolean {
    return this.state !== null;
  }

  /** Every token by id (a copy; empty before fitting). */
  get vocabulary(): string[] {
    return [...(this.state?.vocabulary ?? [])];
  }

  /** The number of ids, special tokens included. */
  get size(): number {
    return this.state?.vocabulary.length ?? 0;
  }

  /** The words of `text` after lower-casing and the punctuation rule (no vocabulary needed). */
  tokenize(text: string): string[] {
    const { lowercase, punctuation } = this.options;
    const s = lowercase ? text.toLowerCase() : text;
    if (punctuation === 'keep') return s.split(/\s+/u).filter((w) => w !== '');
    if (punctuation === 'remove')
      return s
        .replace(PUNCTUATION, '')
        .split(/\s+/u)
        .filter((w) => w !== '');
    return s.match(WORD) ?? [];
  }

  /** Learns the vocabulary from `texts` (strings, or a table and its text `column`). */
  async fit(texts: TextInput, column?: string): Promise<this> {
    const where = 'WordTokenizer.fit';
    const strings = readTexts(texts, column, where);
    requireTexts(strings, where);
    const counts = new Map<string, number>();
    for (const text of strings)
      for (const word of this.tokenize(text)) counts.set(word, (counts.get(word) ?? 0) + 1);
    const { minFrequency, vocabSize } = this.options;
    const words = [...counts]
      .filter(([, n]) => n >= minFrequency)
      .sort(([a, m], [b, n]) => n - m || (a < b ? -1 : a > b ? 1 : 0))
      .map(([w]) => w);
    if (words.length === 0) {
      throw new ValueError({
        where,
        problem: `no word occurs at least ${minFrequency} times`,
        expected: 'texts with words',
        received: { texts: strings.length, distinctWords: counts.size, minFrequency },
        fix: 'Lower minFrequency or fit on more text',
      });
    }
    const room = vocabSize === null ? words.length : vocabSize - SPECIAL_TOKENS.length;
    this.setVocabulary([...SPECIAL_TOKENS, ...words.slice(0, room)]);
    return this;
  }

  /** The id of `token` (a word or a special token), or [UNK]'s. */
  tokenToId(token: string): number {
    const state = this.requireState('WordTokenizer.tokenToId');
    const special = (SPECIAL_TOKENS as readonly string[]).indexOf(token);
    return special >= 0 ? special : (state.ids.get(token) ?? UNK_ID);
  }

  idToToken(id: number): string {
    const state = this.requireState('WordTokenizer.idToToken');
    checkIds([id], state.vocabulary.length, 'WordTokenizer.idToToken');
    return state.vocabulary[id] as string;
  }

  /** The ids of `text`'s words ([UNK] for unknown words). */
  encode(text: string, options: EncodeOptions = {}): number[] {
    const where = 'WordTokenizer.encode';
    const state = this.requireState(where);
    const [checked] = readTexts([text], undefined, where);
    const ids = this.tokenize(checked as string).map((w) => state.ids.get(w) ?? UNK_ID);
    return withSpecials(ids, options);
  }

  /** The words of `ids` joined by single spaces; special tokens are left out unless `skipSpecialTokens` is false. */
  decode(ids: readonly number[], options: { skipSpecialTokens?: boolean } = {}): string {
    const where = 'WordTokenizer.decode';
    const state = this.requireState(where);
    checkIds(ids, state.vocabulary.length, where);
    const skip = options.skipSpecialTokens ?? true;
    return ids
      .filter((id) => !(skip && id < SPECIAL_TOKENS.length))
      .map((id) => state.vocabulary[id])
      .join(' ');
  }

  /** Encodes every text into an int32 `[n, length]` tensor, padded with [PAD] = 0; sync. The caller owns it. */
  encodeBatch(texts: TextInput, options: EncodeBatchOptions = {}): tf.Tensor2D {
    const where = 'WordTokenizer.encodeBatch';
    this.requireState(where);
    const strings = readTexts(texts, options.column, where);
    return padBatch(
      strings.map((t) => this.encode(t, options)),
      options,
      where,
    );
  }

  getState(): WordTokenizerState {
    const state = this.requireState('WordTokenizer.getState');
    return { className: 'WordTokenizer', ...this.options, vocabulary: [...state.vocabulary] };
  }

  setState(state: WordTokenizerState): this {
    const read: StateReader = new StateReader(state, 'WordTokenizer.setState', 'WordTokenizer');
    const vocabulary = read.strings('vocabulary');
    if (SPECIAL_TOKENS.some((t, i) => vocabulary[i] !== t) || vocabulary.length <= SPECIAL_TOKENS.length) {
      read.fail('state.vocabulary does not start with the special tokens followed by words', {
        start: vocabulary.slice(0, SPECIAL_TOKENS.length),
      });
    }
    if (new Set(vocabulary.slice(SPECIAL_TOKENS.length)).size !== vocabulary.length - SPECIAL_TOKENS.length) {
      read.fail('state.vocabulary lists a word twice', { size: vocabulary.length });
    }
    // The options go through the constructor's checks.
    const { lowercase, punctuation, vocabSize, minFrequency } = state;
    let checked: WordTokenizer;
    try {
      checked = new WordTokenizer({
        lowercase,
        punctuation,
        minFrequency,
        ...(vocabSize === null ? {} : { vocabSize }),
      });
    } catch (error) {
      read.fail(`the state's options are invalid: ${(error as Error).message}`, {
        lowercase,
        punctuation,
        vocabSize,
        minFrequency,
      });
    }
    this.options = checked.options;
    this.setVocabulary(vocabulary);
    return this;
  }

  static fromState(state: WordTokenizerState): WordTokenizer {
    return new WordTokenizer().setState(state);
  }

  private setVocabulary(vocabulary: string[]): void {
    const ids = new Map<string, number>();
    vocabulary.forEach((w, i) => {
      if (i >= SPECIAL_TOKENS.length) ids.set(w, i);
    });
    this.state = { vocabulary, ids };
  }

  private requireState(where: string): { vocabulary: string[]; ids: Map<string, number> } {
    requireFitted(this.state !== null, where, this.className, 'texts');
    return this.state as { vocabulary: string[]; ids: Map<string, number> };
  }
}
