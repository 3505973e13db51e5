import { checkProperty, fc } from '@weft/testing';
import { describe, expect, it } from 'vitest';
import { scanRecords } from './csv-records.js';
import { RecordReader } from './record-reader.js';

function readInChunks(
  text: string,
  cuts: number[],
  delimiter = ',',
): { records: [string[], number][]; open: number | null } {
  const records: [string[], number][] = [];
  const reader = new RecordReader(delimiter, (fields, line) => records.push([fields, line]));
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    reader.push(text.slice(from, Math.max(from, cut)));
    from = Math.max(from, cut);
  }
  reader.push(text.slice(from));
  return { records, open: reader.end() };
}

describe('RecordReader', () => {
  it('splits records like scanRecords, with the same line numbers', () => {
    const text = 'a,"b,c"\r\n"x""y",\n\n"p\nq"\rz';
    const whole: [string[], number][] = [];
    scanRecords(text, ',', (fields, line) => whole.push([fields, line]));
    expect(readInChunks(text, []).records).toEqual(whole);
  });

  it('gives the same records however the text is cut into chunks (property)', async () => {
    const field = fc.oneof(
      fc.stringMatching(/^[a-z0-9 ]{0,4}$/),
      fc.stringMatching(/^[a-z,"\r\n]{0,5}$/).map((s) => `"${s.replace(/"/g, '""')}"`),
    );
    const record = fc.array(field, { minLength: 1, maxLength: 4 }).map((fs) => fs.join(','));
    const text = fc
      .tuple(fc.array(record, { minLength: 1, maxLength: 6 }), fc.constantFrom('\n', '\r\n', '\r'))
      .map(([records, eol]) => records.join(eol));
    await checkProperty(
      fc.property(text, fc.array(fc.nat(60), { maxLength: 8 }), (t, cuts) => {
        const whole: [string[], number][] = [];
        scanRecords(t, ',', (fields, line) => whole.push([fields, line]));
        const chunked = readInChunks(t, cuts);
        expect(chunked.records).toEqual(whole);
        expect(chunked.open).toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it('reports the line of a record whose quote never closes', () => {
    expect(readInChunks('a,b\n1,2\n3,"open\nmore', [9]).open).toBe(3);
  });
});
