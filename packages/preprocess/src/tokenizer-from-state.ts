import { FormatError } from '@weft/core';
import { BpeTokenizer, type BpeTokenizerState } from './bpe-tokenizer.js';
import { WordTokenizer, type WordTokenizerState } from './word-tokenizer.js';

export type Tokenizer = WordTokenizer | BpeTokenizer;
export type TokenizerState = WordTokenizerState | BpeTokenizerState;

/** Rebuilds a fitted tokenizer from its `getState()` JSON, dispatching on `className`. */
export function tokenizerFromState(state: TokenizerState): Tokenizer {
  const className = (state as { className?: unknown } | null)?.className;
  if (className === 'WordTokenizer') return WordTokenizer.fromState(state as WordTokenizerState);
  if (className === 'BpeTokenizer') return BpeTokenizer.fromState(state as BpeTokenizerState);
  throw new FormatError({
    where: 'tokenizerFromState',
    problem: 'the state is not a tokenizer state',
    expected: "className 'WordTokenizer' or 'BpeTokenizer'",
    received: { className },
    fix: 'Pass the JSON a tokenizer’s getState() returned',
  });
}
