import { FormatError, ShapeError, ValueError } from '@weft/core';
import { checkProperty, fc } from '@weft/testing';
import { describe, expect, it } from 'vitest';
import { lcsLength, RougeL, rougeL, rougeLPair, rougeTokens } from './rouge-l.js';

/**
 * rouge-score is not packaged here. These are its published test vectors
 * (google-research/google-research, rouge/rouge_scorer_test.py): the first two lines of
 * rouge/testdata/target.txt and prediction.txt, whose scores the authors took from ROUGE-1.5.5,
 * checked there to 5 decimals.
 */
const targets = [
  "ZfbCUIUuePaiLVUlCaUXxkpu XPeWing tUHfPMuZ',-Xd Y BrUgVJing M-HV.-DgdDaY.rFDJCRing Ht-LM EKBDXkME,yz'RBr q'wtion wIojNbN wL,b .a-'XdQggyFl jB-RPP'iyOIcUxer tKM L\n",
  "KsJdPByEtAor fE-Qg Dpdbring cw-WeFyu vC MoBL Xdn g wkvcEiGvKtion BDFhrpMtion psing sbKao Q m qiing LMmer HqqLFXe,XPY,J XsurkMer ,ed nB'wH'bWVHjWFEing tQ.saefZwJtKrTlixYpMMsJing UCAPwNHeYVjDing c T BUySKtion gMPfJpwGw p'NvxAoping eu pBwMBKV'I DNxqelhu,PHPxDEq,mtion SN\n",
];
const predictions = [
  "rFDJCRtion Ht-LM EKtDXkME,yz'RBr q'wer wrojNbN wL,b .a-'XdQggyFl jB-RPP'iyOIcUxi\n",
  "n cw-WeFyu vC MoBL Xdn g wkvcEiGvKtion BDFhrpMer pstion sbKao Q m qier LMmed HqqLFXe,XPY,J XsurkMeo ,ed nB'wH'bWVHjWFEer tQ.saefZwJtKrTlixYpMMNJtion UCAPwNHeYVjD\n",
];

describe('rougeL: rouge-score test vectors', () => {
  it('matches ROUGE-1.5.5 on the testdata lines', () => {
    const expected = [
      { recall: 0.40741, precision: 0.6875, fmeasure: 0.51163 },
      { recall: 0.40476, precision: 0.65385, fmeasure: 0.5 },
    ];
    expected.forEach((e, i) => {
      const s = rougeLPair(targets[i] as string, predictions[i] as string);
      expect(s.recall).toBeCloseTo(e.recall, 5);
      expect(s.precision).toBeCloseTo(e.precision, 5);
      expect(s.fmeasure).toBeCloseTo(e.fmeasure, 5);
    });
  });
  it('consecutive and non-consecutive subsequences, and empty text', () => {
    // "testing one two" vs "testing one" / "testing two": LCS 2, P = 2/2, R = 2/3, F = 4/5.
    for (const prediction of ['testing one', 'testing two']) {
      const s = rougeLPair('testing one two', prediction);
      expect([s.precision, s.recall]).toEqual([1, 2 / 3]);
      expect(s.fmeasure).toBeCloseTo(4 / 5, 15);
    }
    expect(rougeLPair('testing one two', '')).toEqual({ precision: 0, recall: 0, fmeasure: 0 });
    expect(rougeLPair('w1 w2 w3', '/')).toEqual({ precision: 0, recall: 0, fmeasure: 0 });
  });
  it('LCS table example: [1 2 3 4 5] and [2 5 3 4] share 3', () => {
    expect(lcsLength(['1', '2', '3', '4', '5'], ['2', '5', '3', '4'])).toBe(3);
    expect(lcsLength(['1', '2', '3', '4', '5'], ['8', '9'])).toBe(0);
  });
});

describe('rougeL', () => {
  it('tokenizes like rouge-score: lowercase ASCII letters and digits only', () => {
    expect(rougeTokens("It's 2-for-1, Café!")).toEqual(['it', 's', '2', 'for', '1', 'caf']);
  });
  it('averages over texts and keeps the best reference', async () => {
    // text 1: identical, F = 1; text 2: refs "a b c d" (LCS 2 of 4 and 2: P = 1, R = 1/2, F = 2/3) or "a x" (F = 1/2).
    expect(await rougeL([['the cat'], ['a b c d', 'a x']], ['The cat.', 'a c'])).toBeCloseTo(
      (1 + 2 / 3) / 2,
      15,
    );
  });
  it('types its errors', async () => {
    await expect(rougeL([], [])).rejects.toBeInstanceOf(ValueError);
    await expect(rougeL([['a']], ['a', 'b'])).rejects.toBeInstanceOf(ShapeError);
    await expect(rougeL([[]], ['a'])).rejects.toBeInstanceOf(ValueError);
    expect(() => new RougeL().setState({ sum: 'x' })).toThrow(FormatError);
    await expect(new RougeL().compute()).rejects.toBeInstanceOf(ValueError);
  });
  it('property: merged shards equal the whole', async () => {
    const text = fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 6 }).map((w) => w.join(' '));
    await checkProperty(
      fc.asyncProperty(
        fc.array(fc.tuple(text, text), { minLength: 2, maxLength: 10 }),
        fc.nat(),
        async (pairs, cut) => {
          const k = 1 + (cut % (pairs.length - 1));
          const r = pairs.map((p) => p[0]);
          const h = pairs.map((p) => p[1]);
          const [a, b] = [new RougeL(), new RougeL()];
          await a.update(r.slice(0, k), h.slice(0, k));
          await b.update(r.slice(k), h.slice(k));
          a.merge(b);
          const whole = await rougeL(r, h);
          expect(Math.abs((await a.compute()) - whole)).toBeLessThanOrEqual(1e-15);
        },
      ),
    );
  });
});
