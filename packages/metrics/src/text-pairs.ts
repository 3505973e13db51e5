import { ShapeError, ValueError } from '@weft/core';

/** One array of reference strings per hypothesis (or one string when there is a single reference). */
export type References = readonly (readonly string[] | string)[];

/**
 * Checks a corpus of hypotheses and their references (arrays of equal, non-zero length; strings;
 * at least one reference each) and returns the references as one list per hypothesis. `unit`
 * names an item in the messages ('sentence', 'text').
 */
export function checkTextPairs(
  references: References,
  hypotheses: readonly string[],
  where: string,
  unit: string,
): string[][] {
  if (!Array.isArray(hypotheses) || !Array.isArray(references)) {
    throw new ValueError({
      where,
      problem: 'references and hypotheses must be arrays',
      received: { hypotheses, references },
    });
  }
  if (hypotheses.length === 0)
    throw new ValueError({ where, problem: 'there are no hypotheses', expected: `at least one ${unit}` });
  if (references.length !== hypotheses.length) {
    throw new ShapeError({
      where,
      problem: 'references and hypotheses have different lengths',
      expected: 'one array of references per hypothesis',
      received: { 'references.length': references.length, 'hypotheses.length': hypotheses.length },
    });
  }
  const refLists = references.map((r) => (typeof r === 'string' ? [r] : r)) as string[][];
  refLists.forEach((refs, i) => {
    if (
      typeof hypotheses[i] !== 'string' ||
      !Array.isArray(refs) ||
      refs.length === 0 ||
      refs.some((r) => typeof r !== 'string')
    ) {
      throw new ValueError({
        where,
        problem: `${unit} ${i} is not a string with at least one reference string`,
        received: { hypothesis: hypotheses[i], references: refs },
      });
    }
  });
  return refLists;
}
