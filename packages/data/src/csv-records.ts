const QUOTE = 34;
const NEWLINE = 10;
const RETURN = 13;

/**
 * A quote-aware pass over delimited text that reports each record's fields and the line it
 * starts on, following RFC 4180 as arquero's parser does: a field that starts with `"` runs to
 * the closing quote (`""` inside is a quote, newlines are kept), and `\n`, `\r\n` or `\r` end a
 * record. Used to check the shape of a file before arquero parses it.
 */
export function scanRecords(
  text: string,
  delimiter: string,
  visit: (fields: string[], line: number) => void,
): { unterminatedQuoteLine: number | null } {
  const delim = delimiter.charCodeAt(0);
  const n = text.length;
  let fields: string[] = [];
  let line = 1;
  let recordLine = 1;
  let i = 0;
  while (i < n) {
    // At the start of a field.
    let value: string;
    if (text.charCodeAt(i) === QUOTE) {
      const openLine = line;
      let j = i + 1;
      let parts = '';
      let from = j;
      for (;;) {
        if (j >= n) return { unterminatedQuoteLine: openLine };
        const c = text.charCodeAt(j);
        if (c === NEWLINE) line++;
        if (c === QUOTE) {
          if (text.charCodeAt(j + 1) !== QUOTE) break;
          parts += text.slice(from, j + 1);
          j += 2;
          from = j;
          continue;
        }
        j++;
      }
      value = parts + text.slice(from, j);
      i = j + 1;
      // Anything between the closing quote and the next delimiter belongs to the field.
      const end = nextBreak(text, i, delim);
      value += text.slice(i, end);
      i = end;
    } else {
      const end = nextBreak(text, i, delim);
      value = text.slice(i, end);
      i = end;
    }
    fields.push(value);
    if (i >= n) break;
    const c = text.charCodeAt(i);
    if (c === delim) {
      i++;
      // A delimiter at the very end leaves one more, empty field.
      if (i >= n) fields.push('');
      continue;
    }
    // A record ends here.
    visit(fields, recordLine);
    fields = [];
    i += c === RETURN && text.charCodeAt(i + 1) === NEWLINE ? 2 : 1;
    line++;
    recordLine = line;
  }
  if (fields.length > 0) visit(fields, recordLine);
  return { unterminatedQuoteLine: null };
}

function nextBreak(text: string, from: number, delim: number): number {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === delim || c === NEWLINE || c === RETURN) return i;
    i++;
  }
  return i;
}
