import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, DTypeError, FormatError, NotFittedError, ValueError } from '@weft/core';
import { checkProperty, describeBackends, fc } from '@weft/testing';
import * as aq from 'arquero';
import { describe, expect, it } from 'vitest';
import { BpeTokenizer } from './bpe-tokenizer.js';
import { tokenizerFromState } from './tokenizer-from-state.js';

const corpus = [
  'The quick brown fox jumps over the lazy dog.',
  'Les élèves étudient à l’école; ils étudient beaucoup.',
  '東京は日本の首都です。東京タワー！',
  'Numbers 12345 and 12,345.67 — and emoji 🙂🙂 👩‍👩‍👧',
  '    indented\tcode(x) => x * 2;\r\n',
];

describe('BpeTokenizer', () => {
  it('learns the most frequent pairs first, with the documented ids', async () => {
    // Chunks "hug", " hug" ×2, " pug": u+g occurs 4 times, then h+ug 3, then " "+hug 2.
    const t = await new BpeTokenizer().fit(['hug hug hug pug']);
    const [h, u, g, space] = ['h', 'u', 'g', ' '].map((c) => (c.codePointAt(0) as number) + 5);
    expect(t.merges).toEqual([
      [u, g],
      [h, 261],
      [space, 262],
    ]);
    expect(t.size).toBe(264);
    expect(t.encode(' hug')).toEqual([263]);
    expect(t.encode('hugs')).toEqual([262, ('s'.codePointAt(0) as number) + 5]);
    expect(t.idToToken(263)).toBe(' hug');
    expect(Array.from(t.tokenBytes(261))).toEqual([117, 103]);
  });

  it('stops at vocabSize and at minFrequency', async () => {
    const small = await new BpeTokenizer({ vocabSize: 262 }).fit(['hug hug hug pug']);
    expect(small.merges).toHaveLength(1);
    // With minFrequency 1 merging goes on until each chunk is one token (merges never cross chunks).
    const all = await new BpeTokenizer({ minFrequency: 1 }).fit(['hug hug hug pug']);
    expect(all.merges).toHaveLength(5); // ug, hug, " hug", then " p" (tie broken by smaller ids), " pug"
    expect(all.encode('hug hug hug pug').map((id) => all.idToToken(id))).toEqual([
      'hug',
      ' hug',
      ' hug',
      ' pug',
    ]);
  });

  it('decode(encode(s)) === s for the training texts, BOMs and random Unicode', async () => {
    const t = await new BpeTokenizer({ vocabSize: 400 }).fit(corpus);
    for (const s of [...corpus, '\uFEFFbom', '', ' ', 'a\u0301', 'x\u0000y', '\u{10FFFF}']) {
      expect(t.decode(t.encode(s))).toBe(s);
    }
    const words = fc.constantFrom(...corpus.flatMap((s) => s.split(/(\s+)/)));
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc
        .array(fc.oneof(words, fc.string({ unit: 'binary', maxLength: 3 })), { maxLength: 12 })
        .map((p) => p.join('')),
    );
    await checkProperty(
      fc.property(text, (s) => {
        const ids = t.encode(s);
        return t.decode(ids) === s && ids.every((id) => id >= 5 && id < t.size);
      }),
      { numRuns: 300 },
    );
  });

  it('encodes seen words as whole tokens once merges run out of pairs', async () => {
    const t = await new BpeTokenizer({ minFrequency: 1 }).fit(corpus);
    const tokens = t.encode(corpus[0] as string).map((id) => t.idToToken(id));
    expect(tokens).toEqual([
      'The',
      ' quick',
      ' brown',
      ' fox',
      ' jumps',
      ' over',
      ' the',
      ' lazy',
      ' dog',
      '.',
    ]);
  });

  it('adds and decodes special tokens on request', async () => {
    const t = await new BpeTokenizer().fit(corpus);
    const ids = t.encode('[CLS] fox', { addSpecialTokens: true });
    expect(ids[0]).toBe(2);
    expect(ids.at(-1)).toBe(3);
    expect(ids.slice(1, -1)).not.toContain(2); // "[CLS]" in the text is just bytes
    expect(t.decode(ids)).toBe('[CLS] fox');
    expect(t.decode([2, ...t.encode('fox'), 3], { skipSpecialTokens: false })).toBe('[CLS]fox[SEP]');
    // A cut multi-byte character decodes to U+FFFD instead of failing.
    expect(t.decode([0xe6 + 5])).toBe('\uFFFD');
  });

  it('refuses lone surrogates, non-strings and empty input; a failed fit keeps the merges', async () => {
    const t = await new BpeTokenizer().fit(corpus);
    const before = t.getState();
    await expect(t.fit(['fine', 'bad \uD800 text'])).rejects.toThrow(
      /text 1 has a lone UTF-16 surrogate at index 4/,
    );
    await expect(t.fit([])).rejects.toThrow(ValueError);
    await expect(t.fit([1 as never])).rejects.toThrow(DTypeError);
    await expect(t.fit(aq.table({ s: ['a', null] }), 's')).rejects.toThrow(/text 1 is not a string/);
    expect(t.getState()).toEqual(before);
    expect(() => t.encode('\uDC00')).toThrow(ValueError);
    expect(() => t.decode([t.size])).toThrow(/not in the vocabulary/);
    expect(() => new BpeTokenizer().encode('x')).toThrow(NotFittedError);
    expect(() => new BpeTokenizer({ vocabSize: 260 })).toThrow(ConfigError);
    expect(() => new BpeTokenizer({ minFrequency: 1.5 })).toThrow(ConfigError);
  });

  it('round-trips its state through JSON and refuses malformed merges', async () => {
    const t = await new BpeTokenizer({ vocabSize: 300 }).fit(aq.table({ text: corpus }), 'text');
    const state = JSON.parse(JSON.stringify(t.getState()));
    const restored = tokenizerFromState(state);
    expect(restored).toBeInstanceOf(BpeTokenizer);
    for (const s of corpus) expect(restored.encode(s)).toEqual(t.encode(s));
    expect(() => BpeTokenizer.fromState({ ...state, merges: [[300, 5]] })).toThrow(FormatError);
    expect(() => BpeTokenizer.fromState({ ...state, merges: [[0, 5]] })).toThrow(/earlier token ids/);
    expect(() =>
      BpeTokenizer.fromState({
        ...state,
        merges: [
          [5, 5],
          [5, 5],
        ],
      }),
    ).toThrow(FormatError);
    expect(() => BpeTokenizer.fromState({ ...state, vocabSize: 262 })).toThrow(/more merges than vocabSize/);
  });
});

await describeBackends('BpeTokenizer.encodeBatch', () => {
  it('returns padded int32 ids that decode back to the texts', async () => {
    const t = await new BpeTokenizer({ vocabSize: 400 }).fit(corpus);
    const batch = t.encodeBatch(corpus);
    expect(batch.dtype).toBe('int32');
    const rows = (await batch.array()) as number[][];
    expect(rows.map((r) => t.decode(r))).toEqual(corpus); // [PAD] is skipped
    const cut = t.encodeBatch(corpus, { maxLength: 8, padding: 'maxLength', addSpecialTokens: true });
    expect(cut.shape).toEqual([corpus.length, 8]);
    expect(((await cut.array()) as number[][]).map((r) => r[7])).toEqual(corpus.map(() => 3));
    tf.dispose([batch, cut]);
  });
});
