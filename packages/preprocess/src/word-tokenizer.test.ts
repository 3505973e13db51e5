import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, DTypeError, FormatError, NotFittedError, ValueError } from '@weft/core';
import { describeBackends } from '@weft/testing';
import * as aq from 'arquero';
import { describe, expect, it } from 'vitest';
import { tokenizerFromState } from './tokenizer-from-state.js';
import { WordTokenizer } from './word-tokenizer.js';

const corpus = ['The cat sat on the mat.', "The dog didn't sit; the dog ran!", 'A cat, a dog, and THE bird.'];

describe('WordTokenizer rules', () => {
  it('lower-cases and splits punctuation into tokens by default', () => {
    const t = new WordTokenizer();
    expect(t.tokenize("Don't stop—Café 42nd!")).toEqual(['don', "'", 't', 'stop', '—', 'café', '42nd', '!']);
  });

  it("removes punctuation with 'remove' and keeps it attached with 'keep'", () => {
    expect(new WordTokenizer({ punctuation: 'remove' }).tokenize("Don't stop, e-mail!")).toEqual([
      'dont',
      'stop',
      'email',
    ]);
    expect(
      new WordTokenizer({ punctuation: 'keep', lowercase: false }).tokenize(" Don't\tstop,\n now "),
    ).toEqual(["Don't", 'stop,', 'now']);
  });

  it('builds the vocabulary: specials first, then by frequency, ties in code-unit order', async () => {
    const t = await new WordTokenizer().fit(corpus);
    const v = t.vocabulary;
    expect(v.slice(0, 5)).toEqual(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]']);
    // the ×5, dog ×3, then ",", ".", a, cat ×2 each, in code-unit order among equals.
    expect(v.slice(5, 8)).toEqual(['the', 'dog', ',']);
    expect(v.slice(8, 11)).toEqual(['.', 'a', 'cat']);
    expect(t.size).toBe(v.length);
  });

  it('caps the vocabulary size and drops rare words to [UNK]', async () => {
    const capped = await new WordTokenizer({ vocabSize: 7 }).fit(corpus);
    expect(capped.vocabulary).toEqual(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', 'the', 'dog']);
    expect(capped.encode('The dog barked')).toEqual([5, 6, 1]);
    const frequent = await new WordTokenizer({ minFrequency: 3 }).fit(corpus);
    expect(frequent.vocabulary.slice(5)).toEqual(['the', 'dog']);
  });

  it('encodes with [CLS]/[SEP], decodes without specials, and never makes special ids from text', async () => {
    const t = await new WordTokenizer().fit(corpus);
    const ids = t.encode('the cat [MASK]', { addSpecialTokens: true });
    expect(ids[0]).toBe(2);
    expect(ids.at(-1)).toBe(3);
    expect(ids).not.toContain(4);
    expect(t.decode(t.encode('The cat sat on the mat.'))).toBe('the cat sat on the mat .');
    expect(t.decode([2, 5, 1, 3], { skipSpecialTokens: false })).toBe('[CLS] the [UNK] [SEP]');
    expect(t.tokenToId('[MASK]')).toBe(4);
    expect(t.tokenToId('zebra')).toBe(1);
    expect(t.idToToken(5)).toBe('the');
    expect(() => t.decode([0, 999])).toThrow(/id 999 at position 1 is not in the vocabulary/);
  });

  it('fits on a table column', async () => {
    const t = await new WordTokenizer().fit(aq.table({ text: corpus, n: [1, 2, 3] }), 'text');
    expect(t.vocabulary).toEqual((await new WordTokenizer().fit(corpus)).vocabulary);
    await expect(new WordTokenizer().fit(aq.table({ text: corpus }))).rejects.toThrow(/without the name/);
    await expect(new WordTokenizer().fit(aq.table({ text: corpus }), 'txt')).rejects.toThrow(
      /Did you mean "text"/,
    );
  });

  it('refuses bad input and keeps its previous vocabulary after a failed fit', async () => {
    const t = await new WordTokenizer().fit(corpus);
    const before = t.getState();
    await expect(t.fit([])).rejects.toThrow(/no texts to fit/);
    await expect(t.fit(['ok', null as never])).rejects.toThrow(DTypeError);
    await expect(t.fit(aq.table({ text: [] as string[] }), 'text')).rejects.toThrow(/no rows/);
    await expect(new WordTokenizer({ minFrequency: 9 }).fit(corpus)).rejects.toThrow(
      /no word occurs at least 9 times/,
    );
    await expect(t.fit(['...'])).resolves.toBe(t); // punctuation tokens are words too
    t.setState(before);
    await expect(t.fit(['   '])).rejects.toThrow(ValueError);
    expect(t.getState()).toEqual(before);
    expect(() => t.encode(42 as never)).toThrow(DTypeError);
  });

  it('throws NotFittedError before fit and refuses bad options', () => {
    const t = new WordTokenizer();
    expect(() => t.encode('x')).toThrow(NotFittedError);
    expect(() => t.encode('x')).toThrow(/fit\(trainTexts\)/);
    expect(() => t.getState()).toThrow(NotFittedError);
    expect(() => new WordTokenizer({ vocabSize: 5 })).toThrow(ConfigError);
    expect(() => new WordTokenizer({ minFrequency: 0 })).toThrow(ConfigError);
    expect(() => new WordTokenizer({ punctuation: 'strip' as never })).toThrow(/split, remove, keep/);
  });

  it('round-trips its state through JSON', async () => {
    const t = await new WordTokenizer({ punctuation: 'remove', vocabSize: 10 }).fit(corpus);
    const restored = tokenizerFromState(JSON.parse(JSON.stringify(t.getState())));
    expect(restored).toBeInstanceOf(WordTokenizer);
    expect(restored.getState()).toEqual(t.getState());
    expect(restored.encode("the bird didn't")).toEqual(t.encode("the bird didn't"));
    const state = t.getState();
    expect(() => WordTokenizer.fromState({ ...state, vocabulary: ['the', 'dog'] })).toThrow(FormatError);
    expect(() => WordTokenizer.fromState({ ...state, punctuation: 'x' as never })).toThrow(FormatError);
    expect(() => tokenizerFromState({ className: 'Nope' } as never)).toThrow(FormatError);
  });
});

await describeBackends('WordTokenizer.encodeBatch', () => {
  it('pads with [PAD] to the longest or to maxLength, truncating while keeping [SEP]', async () => {
    const t = await new WordTokenizer().fit(corpus);
    const texts = ['the cat', 'the dog sat on the mat', ''];
    const longest = t.encodeBatch(texts);
    expect(longest.dtype).toBe('int32');
    expect(longest.shape).toEqual([3, 6]);
    const rows = (await longest.array()) as number[][];
    expect(rows[0]).toEqual([...t.encode('the cat'), 0, 0, 0, 0]);
    expect(rows[2]).toEqual([0, 0, 0, 0, 0, 0]);
    const cut = t.encodeBatch(texts, { maxLength: 4, addSpecialTokens: true });
    expect(await cut.array()).toEqual([
      [2, ...t.encode('the cat'), 3],
      [2, ...t.encode('the dog'), 3],
      [2, 3, 0, 0],
    ]);
    const fixed = t.encodeBatch(aq.table({ s: ['cat'] }), {
      column: 's',
      maxLength: 3,
      padding: 'maxLength',
    });
    expect(fixed.shape).toEqual([1, 3]);
    expect(() => t.encodeBatch(texts, { maxLength: 3, truncation: false })).toThrow(
      /text 1 encodes to 6 tokens/,
    );
    expect(() => t.encodeBatch(texts, { padding: 'maxLength' })).toThrow(ConfigError);
    expect(() => t.encodeBatch(texts, { maxLength: 1, addSpecialTokens: true })).toThrow(ConfigError);
    tf.dispose([longest, cut, fixed]);
  });
});
