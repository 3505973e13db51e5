/**
 * Writes the exporter's side of the cross-checks under test/fixtures/ (run from packages/export):
 *   node --conditions=source --import tsx scripts/make-fixtures.ts
 *   /usr/bin/python3 scripts/check-fixtures.py
 * The first writes one ONNX file per zoo model, one for a house-price pipeline, and a `.keras` CNN; the second reads them with
 * Debian's python3-onnx (onnx.checker, full check) and python3-h5py, and writes what they saw as
 * JSON plus a `.keras` file written by h5py the way Keras' saving library writes one. The tests
 * then check that today's exporter still writes the very bytes (ONNX) or layout (HDF5) that
 * Python accepted, and that the package's reader reads the h5py-written file.
 */
import { writeFileSync } from 'node:fs';
import { toKeras } from '../src/keras/export.js';
import { toOnnx } from '../src/onnx/export.js';
import { fixtureName, housePipeline, ZOO } from '../test/zoo.js';

const out = new URL('../test/fixtures/', import.meta.url);
for (const entry of ZOO.filter((e) => e.formats.includes('onnx'))) {
  const model = entry.make();
  writeFileSync(new URL(`${fixtureName(entry)}.onnx`, out), await toOnnx(model));
  model.dispose();
}
const { pipeline } = await housePipeline(3);
writeFileSync(new URL('house-pipeline.onnx', out), await toOnnx(pipeline));
pipeline.dispose();
const cnn = ZOO.find((e) => e.name.startsWith('cnn'));
if (!cnn) throw new Error('no cnn in the zoo');
const model = cnn.make();
writeFileSync(new URL('weft-cnn.keras', out), await toKeras(model, { date: new Date(2025, 0, 1) }));
model.dispose();
console.log('wrote test/fixtures/*.onnx and weft-cnn.keras');
