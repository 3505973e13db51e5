const QUOTE = 34;
const NEWLINE = 10;
const RETURN = 13;

/**
 * One record as positions in the text being scanned, so numeric readers can parse fields
 * without creating a string per field: field k spans `text.slice(starts[k], ends[k])`, unless it
 * was quoted, in which case `quoted[k]` holds its unescaped value. Valid only during the visit.
 */
export interface RawRecord {
  text: string;
  starts: Int32Array;
  ends: Int32Array;
  quoted: (string | undefined)[];
  count: number;
  line: number;
}

/** The field strings of a raw record. */
export function recordFields(r: RawRecord): string[] {
  const fields = new Array<string>(r.count);
  for (let k = 0; k < r.count; k++) fields[k] = r.quoted[k] ?? r.text.slice(r.starts[k], r.ends[k]);
  return fields;
}

/** Whether field k of a raw record starts with `prefix` (for comment lines). */
export function fieldStartsWith(record: RawRecord, k: number, prefix: string): boolean {
  const quoted = record.quoted[k];
  if (quoted !== undefined) return quoted.startsWith(prefix);
  const start = record.starts[k] as number;
  return (record.ends[k] as number) - start >= prefix.length && record.text.startsWith(prefix, start);
}

/**
 * An incremental RFC 4180 record splitter for text that arrives in chunks: `push` reports every
 * record completed so far (with the line it starts on) and keeps the unfinished tail — a quoted
 * field, or a `\r` that may be half of `\r\n`, can span chunks. The same rules as `scanRecords`
 * (used on whole texts): `""` is a quote inside quotes, quoted newlines are kept, `\n`, `\r\n`
 * and `\r` end records.
 */
export class RecordReader {
  private rest = '';
  private line = 1;
  private readonly delim: number;
  private readonly record: RawRecord = {
    text: '',
    starts: new Int32Array(16),
    ends: new Int32Array(16),
    quoted: [],
    count: 0,
    line: 1,
  };

  /** `visit` gets each record's field strings; `visitRaw` (if given instead) its positions. */
  constructor(
    delimiter: string,
    private readonly visit: ((fields: string[], line: number) => void) | null,
    private readonly visitRaw: ((record: RawRecord) => void) | null = null,
  ) {
    this.delim = delimiter.charCodeAt(0);
  }

  push(chunk: string): void {
    const text = this.rest.length > 0 ? this.rest + chunk : chunk;
    this.rest = text.slice(this.scan(text, false));
  }

  /** Flushes the last record; returns the line of a record whose quote never closes, or null. */
  end(): number | null {
    const text = this.rest;
    this.rest = '';
    const stop = this.scan(text, true);
    return stop < text.length ? this.line : null;
  }

  private addField(start: number, end: number, quoted: string | undefined): void {
    const r = this.record;
    if (r.count === r.starts.length) {
      const starts = new Int32Array(r.count * 2);
      const ends = new Int32Array(r.count * 2);
      starts.set(r.starts);
      ends.set(r.ends);
      r.starts = starts;
      r.ends = ends;
    }
    r.starts[r.count] = start;
    r.ends[r.count] = end;
    r.quoted[r.count] = quoted;
    r.count++;
  }

  /** Visits the complete records of `text`; returns where the unfinished tail starts. */
  private scan(text: string, final: boolean): number {
    const n = text.length;
    const delim = this.delim;
    const r = this.record;
    r.text = text;
    let start = 0;
    while (start < n) {
      r.count = 0;
      let i = start;
      let lines = 0;
      for (;;) {
        if (text.charCodeAt(i) === QUOTE) {
          let j = i + 1;
          let parts = '';
          let from = j;
          for (;;) {
            if (j >= n) return start; // The quote may close in a later chunk (or never: see end()).
            const c = text.charCodeAt(j);
            if (c === NEWLINE) lines++;
            if (c === QUOTE) {
              if (j + 1 >= n && !final) return start;
              if (text.charCodeAt(j + 1) !== QUOTE) break;
              parts += text.slice(from, j + 1);
              j += 2;
              from = j;
              continue;
            }
            j++;
          }
          let value = parts + text.slice(from, j);
          i = j + 1;
          // Anything between the closing quote and the next delimiter belongs to the field.
          const end = nextBreak(text, i, delim);
          value += text.slice(i, end);
          this.addField(i, end, value);
          i = end;
        } else {
          const end = nextBreak(text, i, delim);
          this.addField(i, end, undefined);
          i = end;
        }
        if (i >= n) {
          if (!final) return start;
          break;
        }
        const c = text.charCodeAt(i);
        if (c === delim) {
          i++;
          if (i >= n) {
            if (!final) return start;
            this.addField(i, i, undefined);
            break;
          }
          continue;
        }
        if (c === RETURN && i + 1 >= n && !final) return start;
        i += c === RETURN && text.charCodeAt(i + 1) === NEWLINE ? 2 : 1;
        break;
      }
      r.line = this.line;
      if (this.visitRaw) this.visitRaw(r);
      else this.visit?.(recordFields(r), r.line);
      this.line += lines + 1;
      start = i;
    }
    return start;
  }
}

function nextBreak(text: string, from: number, delim: number): number {
  let i = from;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === delim || c === NEWLINE || c === RETURN) return i;
    i++;
  }
  return i;
}
