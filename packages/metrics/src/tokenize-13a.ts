/**
 * Python's `str.split()` whitespace (str.isspace), which differs from JS `\s`: it includes
 * U+001C–U+001F and U+0085 and excludes U+FEFF.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: U+001C–U+001F are whitespace to Python, on purpose.
const PY_SPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

/** `line.split()` in Python: whitespace-separated tokens, no empty ones. */
export function pySplit(line: string): string[] {
  return line.split(PY_SPACE).filter((t) => t.length > 0);
}

/** `line.rstrip()` in Python. */
export function pyRstrip(line: string): string {
  return line.replace(new RegExp(`${PY_SPACE.source}$`), '');
}

/**
 * sacreBLEU's default tokenizer '13a' (mteval-v13a.pl), ported from `tokenizer_13a.py` and
 * `tokenizer_re.py`: unescape a few entities, then split off punctuation and symbols, periods
 * and commas unless next to digits, and dashes after digits.
 */
export function tokenize13a(line: string): string {
  let s = line
    .replaceAll('<skipped>', '')
    .replaceAll('-\n', '')
    .replaceAll('\n', ' ')
    .replaceAll('&quot;', '"')
    .replaceAll('&amp;', '&')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>');
  s = ` ${s} `;
  // [{-~] [[-`] [ -&] [(-+] [:-@] and /, as in the Python character class.
  s = s.replace(/([{-~[-` -&(-+:-@/])/g, ' $1 ');
  s = s.replace(/([^0-9])([.,])/g, '$1 $2 ');
  s = s.replace(/([.,])([^0-9])/g, ' $1 $2');
  s = s.replace(/([0-9])(-)/g, '$1 $2 ');
  return pySplit(s).join(' ');
}
