#!/usr/bin/env node
/**
 * Writes the small real files the @weft/data loader tests read (test/fixtures/). The Arrow and
 * Parquet files come from writers independent of the readers under test: apache-arrow (the
 * official Arrow JS library) and parquet-wasm (the Rust arrow-rs Parquet writer in wasm).
 *
 * Usage: node packages/data/scripts/make-fixtures.mjs [deps-dir]
 * deps-dir (default /tmp/weft-data-fixture-deps) gets `npm install apache-arrow@21.2.0
 * parquet-wasm@0.8.0` when they are missing; they are not dependencies of the package.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures');
const deps = process.argv[2] ?? '/tmp/weft-data-fixture-deps';
mkdirSync(deps, { recursive: true });
if (!existsSync(join(deps, 'node_modules', 'parquet-wasm'))) {
  execFileSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefix', deps, 'apache-arrow@21.2.0', 'parquet-wasm@0.8.0'],
    {
      stdio: 'inherit',
    },
  );
}
const require = createRequire(join(deps, 'package.json'));
const arrow = require('apache-arrow');
const parquet = require('parquet-wasm/node');

const write = (name, data) => {
  writeFileSync(join(OUT, name), data);
  console.log(`${name}: ${data.length} bytes`);
};

// Twelve Palmer penguins (palmerpenguins, CC0) with a null measurement, a null sex, and two
// columns the CSV lacks: a date and a boolean.
const rows = [
  ['Adelie', 'Torgersen', 39.1, 18.7, 181, 3750, 'male', '2007-11-11', true],
  ['Adelie', 'Torgersen', 39.5, 17.4, 186, 3800, 'female', '2007-11-11', true],
  ['Adelie', 'Torgersen', 40.3, 18, 195, 3250, 'female', '2007-11-16', true],
  ['Adelie', 'Torgersen', null, null, null, null, null, '2007-11-16', false],
  ['Adelie', 'Torgersen', 36.7, 19.3, 193, 3450, 'female', '2007-11-16', true],
  ['Gentoo', 'Biscoe', 46.1, 13.2, 211, 4500, 'female', '2007-11-27', true],
  ['Gentoo', 'Biscoe', 50, 16.3, 230, 5700, 'male', '2007-11-27', true],
  ['Gentoo', 'Biscoe', 48.7, 14.1, 210, 4450, 'female', '2007-11-27', true],
  ['Chinstrap', 'Dream', 46.5, 17.9, 192, 3500, 'female', '2007-11-19', true],
  ['Chinstrap', 'Dream', 50, 19.5, 196, 3900, 'male', '2007-11-19', true],
  ['Chinstrap', 'Dream', 51.3, 19.2, 193, 3650, 'male', '2007-11-19', true],
  ['Chinstrap', 'Dream', 45.4, 18.7, 188, 3525, 'female', '2007-11-19', false],
];
const names = [
  'species',
  'island',
  'bill_length_mm',
  'bill_depth_mm',
  'flipper_length_mm',
  'body_mass_g',
  'sex',
  'date',
  'adult',
];
const column = (j) => rows.map((r) => r[j]);

const table = new arrow.Table({
  species: arrow.vectorFromArray(column(0), new arrow.Utf8()),
  island: arrow.vectorFromArray(column(1), new arrow.Utf8()),
  bill_length_mm: arrow.vectorFromArray(column(2), new arrow.Float64()),
  bill_depth_mm: arrow.vectorFromArray(column(3), new arrow.Float64()),
  flipper_length_mm: arrow.vectorFromArray(column(4), new arrow.Int32()),
  body_mass_g: arrow.vectorFromArray(
    column(5).map((v) => (v === null ? null : BigInt(v))),
    new arrow.Int64(),
  ),
  sex: arrow.vectorFromArray(column(6), new arrow.Utf8()),
  date: arrow.vectorFromArray(
    column(7).map((d) => new Date(`${d}T00:00:00Z`)),
    new arrow.DateDay(),
  ),
  adult: arrow.vectorFromArray(column(8), new arrow.Bool()),
});
write('penguins.arrow', arrow.tableToIPC(table, 'file'));
write('penguins.arrows', arrow.tableToIPC(table, 'stream'));

// Parquet via parquet-wasm: Snappy pages, row groups of 5 rows (three groups) to test reassembly.
const wasmTable = parquet.Table.fromIPCStream(arrow.tableToIPC(table, 'stream'));
const props = new parquet.WriterPropertiesBuilder()
  .setCompression(parquet.Compression.SNAPPY)
  .setMaxRowGroupSize(5)
  .build();
write('penguins.parquet', parquet.writeParquet(wasmTable, props));

// CSV edge cases, each a small real file.
const csvRows = rows.map((r) =>
  r
    .slice(0, 7)
    .map((v) => (v === null ? '' : String(v)))
    .join(','),
);
write('penguins.csv', `${names.slice(0, 7).join(',')}\n${csvRows.join('\n')}\n`);
write('penguins-bom-crlf.csv', `\uFEFF${names.slice(0, 7).join(',')}\r\n${csvRows.join('\r\n')}\r\n`);
write(
  'penguins.tsv',
  `${names.slice(0, 7).join('\t')}\n${rows
    .map((r) =>
      r
        .slice(0, 7)
        .map((v) => (v === null ? '' : String(v)))
        .join('\t'),
    )
    .join('\n')}\n`,
);
write(
  'penguins-semicolon-noheader.csv',
  `${rows
    .map((r) =>
      r
        .slice(0, 7)
        .map((v) => (v === null ? '' : String(v).replace('.', ',')))
        .join(';'),
    )
    .join('\n')}\n`,
);
write(
  'quoted.csv',
  'id,name,note\n' +
    '1,"Smith, John","said ""hello"""\n' +
    '2,Lee,"first line\nsecond line"\n' +
    '3,"O\'Brien",\n' +
    '4,"tab\there","ends with a quote """\n',
);
write('ragged.csv', 'a,b,c\n1,2,3\n4,5\n6,7,8\n');
write('empty.csv', '');
write('header-only.csv', 'a,b,c\n');

// JSON in its three layouts, from the same rows.
const records = rows.map((r) => Object.fromEntries(names.slice(0, 7).map((n, j) => [n, r[j]])));
write('penguins.records.json', `${JSON.stringify(records, null, 1)}\n`);
write(
  'penguins.columns.json',
  `${JSON.stringify(Object.fromEntries(names.slice(0, 7).map((n, j) => [n, column(j)])))}\n`,
);
write('penguins.ndjson', `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
