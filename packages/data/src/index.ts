/**
 * @weft/data: arquero tables in, tensors out. Loaders for CSV/TSV, JSON/NDJSON, Arrow and
 * Parquet from paths, URLs, Files, bytes and streams; declared or inferred schemas; seeded splits
 * (train/test, three-way, k-fold, stratified); conversion to tensors and mini-batches, also from
 * CSV files streamed with bounded memory; all with typed errors that name the column, row or line.
 */
export { type ArrowOptions, fromArrow, loadArrow, toArrowIPC } from './arrow.js';
export { type Batch, type BatchesOptions, batches, type TensorSource } from './batches.js';
export { assertColumns, assertNotEmpty } from './columns.js';
export { type CSVOptions, fromCSV, loadCSV } from './csv.js';
export { CSVStream, type StreamCSVOptions, streamCSV } from './csv-stream.js';
export { fromJSON, type JSONFormat, type JSONOptions, loadJSON } from './json.js';
export { type KFoldOptions, kFold } from './k-fold.js';
export { fromParquet, loadParquet, type ParquetOptions } from './parquet.js';
export {
  type ApplySchemaOptions,
  applySchema,
  type ColumnSpec,
  type ColumnType,
  inferSchema,
  type MissingPolicy,
  type Schema,
} from './schema.js';
export type { DataSource } from './source.js';
export { type SplitOptions, split } from './split.js';
export { type ToTensorsOptions, toTensors } from './to-tensors.js';
export { type TrainTestSplitOptions, trainTestSplit } from './train-test-split.js';
