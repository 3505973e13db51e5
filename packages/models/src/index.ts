/**
 * @weft/models: the model zoo (small factories with plain-data configs) and the Pipeline.
 */

export { type MlpOptions, mlp } from './mlp.js';
export { loadPipeline, Pipeline, type PipelineConfig, type TensorTransform } from './pipeline.js';
export { type ModelFactory, modelRegistry } from './registry.js';
export { type ColumnSchema, type ColumnType, checkSchema, inferSchema } from './schema.js';
