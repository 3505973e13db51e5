/**
 * @weft/data: arquero tables in, tensors out. CSV loading with shape checks, seeded splits
 * (train/test, three-way, k-fold, stratified), conversion to tensors and mini-batches, all with
 * typed errors that name the column, row or line at fault.
 */
export { type Batch, type BatchesOptions, batches, type TensorSource } from './batches.js';
export { assertColumns, assertNotEmpty } from './columns.js';
export { type CSVOptions, fromCSV, loadCSV } from './csv.js';
export { type KFoldOptions, kFold } from './k-fold.js';
export { type SplitOptions, split } from './split.js';
export { type ToTensorsOptions, toTensors } from './to-tensors.js';
export { type TrainTestSplitOptions, trainTestSplit } from './train-test-split.js';
