import { ConfigError, FormatError, ShapeError, ValueError } from '@weft/core';
import { checkProperty, expectClose, fc } from '@weft/testing';
import { describe, expect, it } from 'vitest';
import { loadFixture } from '../test/fixtures.js';
import { Bleu, bleu, bleuFromStats } from './bleu.js';
import { tokenize13a } from './tokenize-13a.js';

/**
 * sacreBLEU is not packaged here: these are the published vectors of its own test suite
 * (mjpost/sacrebleu, test/test_bleu.py at 785d26b), which checks them to 1e-8. Its `_refs` are reference
 * streams (one list per reference set); ours are per hypothesis, so they are transposed.
 */
const streams = [
  ['The dog bit the man.', 'It was not unexpected.', 'The man bit him first.'],
  ['The dog had bit the man.', 'No one was surprised.', 'The man had bitten the dog.'],
];
const refs = [0, 1, 2].map((i) => streams.map((s) => s[i] as string));
const hyps = ['The dog bit the man.', "It wasn't surprising.", 'The man had just bitten him.'];
/** sacreBLEU's `raw_corpus_bleu`: floor smoothing 0.01, no tokenization, effective order. */
const RAW = { smoothMethod: 'floor', smoothValue: 0.01, tokenize: 'none', effectiveOrder: true } as const;

describe('bleu: sacreBLEU test vectors', () => {
  it('corpus BLEU with the default settings (13a, exp smoothing)', async () => {
    await expectClose(await bleu(refs, hyps), 48.530827, { atol: 1e-6, rtol: 0 });
    await expectClose(await bleu(refs, hyps, { tokenize: '13a', smoothMethod: 'none' }), 48.530827, {
      atol: 1e-6,
      rtol: 0,
    });
  });
  it("tokenize 'none'", async () => {
    await expectClose(await bleu(refs, hyps, { tokenize: 'none' }), 49.1919566, { atol: 1e-6, rtol: 0 });
  });
  it('empty hypotheses score 0 and are kept', async () => {
    expect(await bleu(refs, ['', '', ''])).toBe(0);
  });
  it('raw corpus BLEU cases', async () => {
    const cases: [string[], string[], number][] = [
      // No matching word at all: 0 since sacreBLEU 2 (its issue #141; earlier versions gave 0.0038).
      [['this is a test', 'another test'], ['ref1', 'ref2'], 0],
      [['this is a test'], ['this is a test'], 1.0],
      [['this is a fest'], ['this is a test'], 0.223606797749979],
      [['test'], ['a test'], 0.3678794411714425],
      [['a test'], ['a test'], 1.0],
      [['a little test'], ['a test'], 0.03218297948685433],
    ];
    for (const [h, r, expected] of cases) {
      await expectClose((await bleu(r, h, RAW)) / 100, expected, { atol: 1e-8, rtol: 0 });
    }
  });
  it('floor smoothing with the default offset 0.1', async () => {
    // Counts [4, 2, 1, 0] of totals [6, 5, 4, 3]; BP = e^(1 − 8/6); the 4-gram precision is 0.1/3.
    const h = ['am I am a character sequence'];
    const r = ['I am a symbol string sequence a a'];
    const score = await bleu(r, h, { ...RAW, smoothValue: undefined });
    await expectClose(score / 100, 0.1555722182, { atol: 1e-8, rtol: 0 });
    const byHand =
      Math.exp(1 - 8 / 6) *
      Math.exp((Math.log(4 / 6) + Math.log(2 / 5) + Math.log(1 / 4) + Math.log(0.1 / 3)) / 4);
    await expectClose(score / 100, byHand, { atol: 1e-15, rtol: 0 });
    expect(await bleu(r, h, { ...RAW, smoothValue: 0 })).toBe(0);
    const metric = new Bleu(RAW);
    await metric.update(r, h);
    expect(metric.getState()).toMatchObject({
      correct: [4, 2, 1, 0],
      total: [6, 5, 4, 3],
      sysLen: 6,
      refLen: 8,
    });
  });
  it('scores statistics', async () => {
    const stats = (correct: number[], total: number[], sysLen: number, refLen: number) => ({
      sentences: 1,
      correct,
      total,
      sysLen,
      refLen,
    });
    await expectClose(
      bleuFromStats(stats([9, 7, 5, 3], [10, 8, 6, 4], 11, 11), { smoothMethod: 'none' }) / 100,
      0.8375922397,
      { atol: 1e-8, rtol: 0 },
    );
    const degenerate: [number[], number[], number, number, number][] = [
      [[0, 0, 0, 0], [4, 4, 2, 1], 0, 1, 0],
      [[0, 0, 0, 0], [10, 11, 12, 0], 14, 10, 0],
      [[0, 0, 0, 0], [0, 0, 0, 0], 0, 0, 0],
      [[6, 5, 4, 0], [6, 5, 4, 3], 6, 6, 0],
      [[0, 0, 0, 0], [0, 0, 0, 0], 0, 0, 0.1],
      [[0, 0, 0, 0], [0, 0, 0, 0], 1, 5, 0.01],
    ];
    for (const [c, t, s, r, offset] of degenerate) {
      expect(bleuFromStats(stats(c, t, s, r), { smoothMethod: 'floor', smoothValue: offset })).toBe(0);
    }
  });
  it('maxNgramOrder 1 … 6', async () => {
    const expected = ['77.65', '60.50', '53.93', '48.53', '46.14', '43.28'];
    for (let order = 1; order <= 6; order++) {
      expect((await bleu(refs, hyps, { maxNgramOrder: order })).toFixed(2)).toBe(expected[order - 1]);
    }
  });
});

describe('bleu: NLTK corpus_bleu on the same tokens', () => {
  const cases =
    loadFixture<
      { name: string; references: string[][]; hypotheses: string[]; expected: Record<string, number> }[]
    >('bleu-nltk.json');
  for (const c of cases) {
    for (const [method, expected] of Object.entries(c.expected)) {
      it(`${c.name}, smoothing ${method}`, async () => {
        const score = await bleu(c.references, c.hypotheses, {
          tokenize: 'none',
          smoothMethod: method as 'none',
        });
        // NLTK's unsmoothed zero precisions give ~1e-76 rather than 0.
        await expectClose(score, expected, { atol: 1e-10, rtol: 1e-12 });
      });
    }
  }
});

describe('bleu', () => {
  it('tokenizes like mteval-v13a', () => {
    expect(tokenize13a('Hello, world! It costs $3.50 (approx.) in 2019-2020 &amp; more.')).toBe(
      'Hello , world ! It costs $ 3.50 ( approx . ) in 2019 - 2020 & more .',
    );
  });
  it('is 100 for identical text and 0 without any matching word', async () => {
    // exp(4·ln 100 / 4) is 100.00000000000004 in float64, in Python as here.
    expect(await bleu([['the cat sat on the mat']], ['the cat sat on the mat'])).toBeCloseTo(100, 12);
    expect(await bleu([['a b c d']], ['e f g h'])).toBe(0);
  });
  it('types its errors', async () => {
    await expect(bleu([], [])).rejects.toBeInstanceOf(ValueError);
    await expect(bleu([['a']], ['a', 'b'])).rejects.toBeInstanceOf(ShapeError);
    await expect(bleu([[]], ['a'])).rejects.toBeInstanceOf(ValueError);
    await expect(bleu([['a']], ['a'], { tokenize: 'intl' as 'none' })).rejects.toBeInstanceOf(ConfigError);
    expect(() => new Bleu().setState({ sysLen: 1 })).toThrow(FormatError);
    await expect(new Bleu().compute()).rejects.toBeInstanceOf(ValueError);
  });
  it('property: sentences split over merged shards give the corpus score exactly', async () => {
    const word = fc.constantFrom('the', 'cat', 'sat', 'on', 'mat', 'a', 'dog');
    const sentence = fc.array(word, { minLength: 1, maxLength: 8 }).map((w) => w.join(' '));
    await checkProperty(
      fc.asyncProperty(
        fc.array(fc.tuple(sentence, sentence), { minLength: 2, maxLength: 12 }),
        fc.nat(),
        async (pairs, cut) => {
          const k = 1 + (cut % (pairs.length - 1));
          const r = pairs.map((p) => [p[0]]);
          const h = pairs.map((p) => p[1]);
          const [a, b] = [new Bleu(), new Bleu()];
          await a.update(r.slice(0, k), h.slice(0, k));
          await b.update(r.slice(k), h.slice(k));
          a.merge(b);
          expect(await a.compute()).toBe(await bleu(r, h));
          const copy = new Bleu();
          copy.setState(JSON.parse(JSON.stringify(a.getState())));
          expect(await copy.compute()).toBe(await a.compute());
        },
      ),
    );
  });
});
