import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, FormatError } from '@weft/core';
import { toTensors } from '@weft/data';
import { decodeModel, encodeModel, type Layer, loadModel, saveModel, type WeftManifest } from '@weft/layers';
import { transformFromState } from '@weft/preprocess';
import type { ColumnTable } from 'arquero';
import * as aq from 'arquero';
import { type ColumnSchema, checkSchema } from './schema.js';

/**
 * The part of a fitted transform a Pipeline needs: its tensor form (synchronous, so the whole
 * prediction runs in one `tf.tidy`) and its JSON state. `StandardScaler` has both.
 */
export interface TensorTransform {
  readonly className: string;
  transformTensor(x: tf.Tensor2D): tf.Tensor2D;
  inverseTransformTensor?(y: tf.Tensor2D): tf.Tensor2D;
  getState(): unknown;
}

/**
 * A fitted table-to-table transform (e.g. a `columnTransformer` that one-hot encodes categories),
 * applied to raw rows before they become tensors; `outputColumns` are the columns the model reads.
 */
export interface TableTransform {
  readonly className: string;
  readonly outputColumns: string[];
  transform(table: ColumnTable): Promise<ColumnTable>;
  getState(): unknown;
}

export interface PipelineConfig {
  model: Layer;
  /** Raw input columns. Without a `tableTransform`, also the model's inputs, in this order. */
  features: string[];
  /** Applied to the raw rows first (categorical encodings); its output columns feed the model. */
  tableTransform?: TableTransform;
  /** Output column names (the target columns for regression). */
  outputs: string[];
  /** Applied to the features before the model. */
  featureTransform?: TensorTransform;
  /** Fitted on the targets; its inverse maps model outputs back to raw units. */
  targetTransform?: TensorTransform;
  /** Raw input columns and types; checked on every `predict`. Defaults to every feature as 'number'. */
  schema?: ColumnSchema[];
  /** Class names for classifiers; null for regression. */
  labels?: string[] | null;
  metadata?: Record<string, unknown>;
}

/** `preprocess.json` of a pipeline directory. */
interface PreprocessFile {
  formatVersion: 1;
  /** Table-level step before the tensor transforms (absent in files without one). */
  table?: { transform: unknown };
  features: { columns: string[]; transform: unknown | null };
  target: { columns: string[]; transform: unknown | null };
}

const FILES = { manifest: 'weft.json', weights: 'weights.safetensors', preprocess: 'preprocess.json' };

/**
 * Fitted transforms + model + input schema: takes raw rows, returns predictions in raw units.
 * It owns its model (dispose it with `pipeline.dispose()`).
 */
export class Pipeline {
  readonly model: Layer;
  readonly features: string[];
  readonly outputs: string[];
  readonly tableTransform: TableTransform | undefined;
  readonly featureTransform: TensorTransform | undefined;
  readonly targetTransform: TensorTransform | undefined;
  readonly schema: ColumnSchema[];
  readonly labels: string[] | null;
  readonly metadata: Record<string, unknown>;

  constructor(config: PipelineConfig) {
    if (config.features.length === 0 || config.outputs.length === 0) {
      throw new ConfigError({
        where: 'Pipeline.constructor',
        problem: 'a pipeline needs at least one feature and one output column',
        received: { features: config.features, outputs: config.outputs },
      });
    }
    if (config.targetTransform && !config.targetTransform.inverseTransformTensor) {
      throw new ConfigError({
        where: 'Pipeline.constructor',
        problem: `the target transform ${config.targetTransform.className} cannot be inverted`,
        fix: 'Use an invertible transform such as StandardScaler for targets',
      });
    }
    this.model = config.model;
    this.features = [...config.features];
    this.outputs = [...config.outputs];
    this.tableTransform = config.tableTransform;
    this.featureTransform = config.featureTransform;
    this.targetTransform = config.targetTransform;
    this.schema = config.schema ?? this.features.map((name) => ({ name, type: 'number' as const }));
    this.labels = config.labels ?? null;
    this.metadata = config.metadata ?? {};
  }

  /** The columns the model reads: the table transform's outputs, or the raw features. */
  get modelInputs(): string[] {
    return this.tableTransform ? [...this.tableTransform.outputColumns] : this.features;
  }

  /**
   * Feature matrix (columns as {@link Pipeline.modelInputs}) → raw-unit predictions, synchronously (usable inside `tf.tidy`).
   * The caller owns the result and keeps owning `x`.
   */
  apply(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const scaled = this.featureTransform ? this.featureTransform.transformTensor(x) : x;
      const out = this.model.apply(scaled, { training: false }) as tf.Tensor2D;
      return this.targetTransform?.inverseTransformTensor
        ? this.targetTransform.inverseTransformTensor(out)
        : out;
    });
  }

  /** Predictions for raw rows, one array per row, in raw units. */
  async predictRows(table: ColumnTable): Promise<number[][]> {
    checkSchema(table, this.schema, 'Pipeline.predict');
    const encoded = this.tableTransform ? await this.tableTransform.transform(table) : table;
    const { x } = toTensors(encoded, { features: this.modelInputs });
    const out = this.apply(x);
    x.dispose();
    const values = await out.data();
    const width = out.shape[1] as number;
    out.dispose();
    const rows: number[][] = [];
    for (let r = 0; r < values.length / width; r++)
      rows.push(Array.from(values.subarray(r * width, (r + 1) * width)));
    return rows;
  }

  /** Predictions for raw rows as a table with one column per output. */
  async predict(table: ColumnTable): Promise<ColumnTable> {
    const rows = await this.predictRows(table);
    return aq.table(
      Object.fromEntries(this.outputs.map((name, j) => [name, rows.map((row) => row[j] as number)])),
    );
  }

  /** The pipeline as in-memory files: `weft.json`, `weights.safetensors`, `preprocess.json`. */
  async toFiles(): Promise<Record<string, string | Uint8Array>> {
    const { manifest, weights } = await encodeModel(this.model, this.encodeOptions());
    return {
      [FILES.manifest]: `${JSON.stringify(manifest, null, 2)}\n`,
      [FILES.weights]: weights,
      [FILES.preprocess]: this.preprocessJson(),
    };
  }

  /** Saves to a directory (Node), atomically: a failed save leaves no half-written pipeline. */
  async save(dir: string): Promise<void> {
    await saveModel(this.model, dir, {
      ...this.encodeOptions(),
      files: { [FILES.preprocess]: this.preprocessJson() },
    });
  }

  private encodeOptions() {
    return {
      kind: 'pipeline' as const,
      metadata: this.metadata,
      extra: { labels: this.labels, schema: this.schema, features: this.features, outputs: this.outputs },
    };
  }

  private preprocessJson(): string {
    const preprocess: PreprocessFile = {
      formatVersion: 1,
      ...(this.tableTransform ? { table: { transform: this.tableTransform.getState() } } : {}),
      features: { columns: this.features, transform: this.featureTransform?.getState() ?? null },
      target: { columns: this.outputs, transform: this.targetTransform?.getState() ?? null },
    };
    return `${JSON.stringify(preprocess, null, 2)}\n`;
  }

  /** Rebuilds a pipeline from its files; validates everything before building. */
  static fromFiles(files: Record<string, Uint8Array>): Pipeline {
    const manifest = checkManifest(parseJson(files[FILES.manifest], FILES.manifest) as WeftManifest);
    const transforms = parsePreprocess(files[FILES.preprocess]);
    const weights = files[FILES.weights];
    if (!weights) throw missing(FILES.weights);
    return assemble(decodeModel(manifest, weights), manifest, transforms);
  }

  /** Loads a pipeline directory (Node); everything is validated before the model is built. */
  static async load(dir: string): Promise<Pipeline> {
    const { readFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    let preprocessBytes: Uint8Array;
    try {
      preprocessBytes = new Uint8Array(await readFile(join(dir, FILES.preprocess)));
    } catch (error) {
      throw new FormatError(
        {
          where: 'Pipeline.load',
          problem: `cannot read ${FILES.preprocess} in ${dir}`,
          expected: `a pipeline directory with ${Object.values(FILES).join(', ')}`,
          received: { reason: error instanceof Error ? error.message : String(error) },
          fix: 'Save it with pipeline.save(dir); bare models load with loadModel from @weft/layers',
        },
        { cause: error },
      );
    }
    const transforms = parsePreprocess(preprocessBytes);
    const { model, manifest } = await loadModel(dir);
    try {
      return assemble(model, checkManifest(manifest), transforms);
    } catch (error) {
      model.dispose();
      throw error;
    }
  }

  dispose(): void {
    this.model.dispose();
  }
}

function missing(name: string): FormatError {
  return new FormatError({ where: 'Pipeline.load', problem: `the pipeline has no ${name}` });
}

function parseJson(bytes: Uint8Array | undefined, name: string): Record<string, unknown> {
  if (!bytes) throw missing(name);
  try {
    const value = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
    if (typeof value !== 'object' || value === null) throw new Error('not an object');
    return value as Record<string, unknown>;
  } catch (error) {
    throw new FormatError(
      { where: 'Pipeline.load', problem: `${name} is not valid JSON`, fix: 'Save the pipeline again' },
      { cause: error },
    );
  }
}

function checkManifest(manifest: WeftManifest): WeftManifest {
  if (manifest.kind !== 'pipeline') {
    throw new FormatError({
      where: 'Pipeline.load',
      problem: `${FILES.manifest} describes a ${String(manifest.kind)}, not a pipeline`,
      fix: 'Load bare models with loadModel from @weft/layers',
    });
  }
  return manifest;
}

interface ParsedPreprocess {
  features: string[];
  tableTransform: TableTransform | undefined;
  outputs: string[];
  featureTransform: TensorTransform | undefined;
  targetTransform: TensorTransform | undefined;
}

function parsePreprocess(bytes: Uint8Array | undefined): ParsedPreprocess {
  const file = parseJson(bytes, FILES.preprocess) as unknown as PreprocessFile;
  const columnsOk = (c: unknown) => Array.isArray(c) && c.length > 0 && c.every((s) => typeof s === 'string');
  if (file.formatVersion !== 1 || !columnsOk(file.features?.columns) || !columnsOk(file.target?.columns)) {
    throw new FormatError({
      where: 'Pipeline.load',
      problem: `${FILES.preprocess} is not a version-1 preprocessing file with feature and target columns`,
      received: { formatVersion: file.formatVersion },
    });
  }
  return {
    features: file.features.columns,
    tableTransform: file.table ? toTableTransform(file.table.transform) : undefined,
    outputs: file.target.columns,
    featureTransform: toTensorTransform(file.features.transform),
    targetTransform: toTensorTransform(file.target.transform),
  };
}

function assemble(model: Layer, manifest: WeftManifest, parsed: ParsedPreprocess): Pipeline {
  return new Pipeline({
    model,
    ...parsed,
    schema: manifest.schema as ColumnSchema[] | undefined,
    labels: (manifest.labels as string[] | null | undefined) ?? null,
    metadata: manifest.metadata,
  });
}

function toTableTransform(state: unknown): TableTransform {
  const transform = transformFromState(state as { className: string }) as unknown as Partial<TableTransform>;
  if (typeof transform.transform !== 'function' || !Array.isArray(transform.outputColumns)) {
    throw new FormatError({
      where: 'Pipeline.load',
      problem: `the table transform ${String(transform.className)} has no output columns`,
    });
  }
  return transform as TableTransform;
}

function toTensorTransform(state: unknown): TensorTransform | undefined {
  if (state === null || state === undefined) return undefined;
  const transform = transformFromState(state as { className: string }) as unknown as Partial<TensorTransform>;
  if (typeof transform.transformTensor !== 'function') {
    throw new FormatError({
      where: 'Pipeline.load',
      problem: `the transform ${String(transform.className)} has no tensor form`,
    });
  }
  return transform as TensorTransform;
}

/** Loads a pipeline directory saved by {@link Pipeline.save}. */
export function loadPipeline(dir: string): Promise<Pipeline> {
  return Pipeline.load(dir);
}
