import { ConfigError, NotFoundError } from '@weft/core';
import {
  type Layer,
  MANIFEST_FILE,
  readSafetensors,
  type SafetensorsTensor,
  WEIGHTS_FILE,
} from '@weft/layers';
import { Pipeline } from '@weft/models';
import { formatFail, guarded } from './errors.js';
import { type Files, MAX_WEIGHT_BYTES } from './files.js';
import { openPath, writeDirAtomic, writeFileAtomic } from './io/node.js';
import { KERAS_CONFIG_FILE, toKeras } from './keras/export.js';
import { fromKeras, fromKerasFiles } from './keras/import.js';
import { decodeWeft, encodeWeft } from './native.js';
import { toOnnx } from './onnx/export.js';
import { TFJS_MODEL_FILE, toTfjs } from './tfjs/export.js';
import { fromTfjs } from './tfjs/import.js';
import { exportWeights } from './weights.js';

export type ExportFormat = 'weft' | 'tfjs' | 'onnx' | 'keras' | 'safetensors';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['weft', 'tfjs', 'onnx', 'keras', 'safetensors'];

/** Formats written as a directory of files; the others are one file. */
const DIRECTORY_FORMATS: readonly ExportFormat[] = ['weft', 'tfjs'];

/** The single file's name when a one-file format is given as in-memory files. */
export const FILE_NAMES = {
  onnx: 'model.onnx',
  keras: 'model.keras',
  safetensors: 'model.safetensors',
} as const;

export interface SaveOptions {
  /** Default 'weft' (the native format). */
  format?: ExportFormat;
  /** Keras only: the save date written into the archive (default now; fix it for reproducible files). */
  date?: Date;
}

/**
 * What `save` writes, in memory (works in browsers: hand the bytes to IndexedDB, a download or
 * `fetch`). Directory formats give their files by name; one-file formats a single entry named
 * as in {@link FILE_NAMES}. A pipeline saves whole in 'weft' and 'onnx' (preprocessing baked
 * in), as its model's weights in 'safetensors'; 'tfjs' and 'keras' hold bare networks, so pass
 * `pipeline.model` (and write {@link preprocessingJson} beside it).
 */
export async function toFiles(item: Layer | Pipeline, options: SaveOptions = {}): Promise<Files> {
  const format = checkFormat(options.format ?? 'weft');
  const isPipeline = item instanceof Pipeline;
  switch (format) {
    case 'weft':
      return encodeWeft(item);
    case 'onnx':
      return { [FILE_NAMES.onnx]: await toOnnx(item) };
    case 'safetensors':
      return { [FILE_NAMES.safetensors]: await exportWeights(isPipeline ? item.model : item) };
    case 'tfjs':
    case 'keras': {
      if (isPipeline) {
        throw new ConfigError({
          where: 'save',
          problem: `the ${format} format holds a bare network, not a pipeline's preprocessing`,
          fix: `Save pipeline.model with format '${format}' and write preprocessingJson(pipeline) beside it, or use 'weft' or 'onnx' for the whole pipeline`,
        });
      }
      return format === 'tfjs'
        ? toTfjs(item)
        : { [FILE_NAMES.keras]: await toKeras(item, { date: options.date }) };
    }
  }
}

/**
 * Saves a model or pipeline to `target` in Node: a directory for 'weft' and 'tfjs', one file for
 * 'onnx', 'keras' and 'safetensors'. The write is atomic (a temporary sibling, then a rename),
 * so a failure never leaves a half-written model and an existing target is replaced whole.
 */
export async function save(item: Layer | Pipeline, target: string, options: SaveOptions = {}): Promise<void> {
  const format = checkFormat(options.format ?? 'weft');
  const files = await toFiles(item, { ...options, format });
  if (DIRECTORY_FORMATS.includes(format)) await writeDirAtomic(target, files);
  else await writeFileAtomic(target, Object.values(files)[0] as Uint8Array);
}

/** What `load` found. */
export type Loaded =
  | { format: 'weft' | 'tfjs' | 'keras'; kind: 'model'; model: Layer }
  | { format: 'weft'; kind: 'pipeline'; pipeline: Pipeline }
  | {
      format: 'safetensors';
      kind: 'weights';
      tensors: Map<string, SafetensorsTensor>;
      metadata: Record<string, string>;
    };

/**
 * Loads what {@link save} wrote (and tfjs LayersModels and Keras 3 `.keras` files written by
 * others), recognising the format from the content: a path in Node (directory or file), one
 * file's bytes, or in-memory files. Everything is validated before anything is built; a bad file
 * is a FormatError and leaves no tensors behind. ONNX files are export-only.
 */
export function load(source: string | Uint8Array | Files): Promise<Loaded> {
  return guarded('load', 'the model', () => loadAny(source));
}

async function loadAny(source: string | Uint8Array | Files): Promise<Loaded> {
  if (typeof source === 'string') {
    let content: Awaited<ReturnType<typeof openPath>>;
    try {
      content = await openPath(source, MAX_WEIGHT_BYTES);
    } catch (error) {
      return formatFail('load', `cannot read ${source}`, { reason: (error as Error).message }, {}, error);
    }
    if (content.kind === 'missing') {
      throw new NotFoundError({ where: 'load', problem: `${source} does not exist`, received: { source } });
    }
    if (content.kind === 'file') return loadBytes(content.bytes);
    const { read } = content;
    if (await read(MANIFEST_FILE)) {
      const files: Files = {};
      for (const name of [MANIFEST_FILE, WEIGHTS_FILE, 'preprocess.json']) {
        const bytes = await read(name);
        if (bytes) files[name] = bytes;
      }
      return { format: 'weft', ...decodeWeft(files) } as Loaded;
    }
    if (await read(TFJS_MODEL_FILE)) return { format: 'tfjs', kind: 'model', model: await fromTfjs(read) };
    return formatFail(
      'load',
      `${source} holds neither ${MANIFEST_FILE} (Weft) nor ${TFJS_MODEL_FILE} (tfjs)`,
    );
  }
  if (source instanceof Uint8Array) return loadBytes(source);
  if (typeof source !== 'object' || source === null)
    formatFail('load', 'the source is not a path, bytes or files', { source });
  const files = source as Files;
  if (files[MANIFEST_FILE]) return { format: 'weft', ...decodeWeft(files) } as Loaded;
  if (files[TFJS_MODEL_FILE])
    return { format: 'tfjs', kind: 'model', model: await fromTfjs(async (n) => files[n]) };
  if (files[KERAS_CONFIG_FILE]) return { format: 'keras', kind: 'model', model: await fromKerasFiles(files) };
  const single = Object.values(files);
  if (single.length === 1 && single[0] instanceof Uint8Array) return loadBytes(single[0]);
  return formatFail('load', 'the files are not a model this package reads', { names: Object.keys(files) });
}

/** One file's bytes: a `.keras` zip, a safetensors file, or (refused) ONNX. */
async function loadBytes(bytes: Uint8Array): Promise<Loaded> {
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    return { format: 'keras', kind: 'model', model: await fromKeras(bytes) };
  }
  // safetensors: an 8-byte little-endian header length, then a JSON object.
  if (bytes.length >= 10 && bytes[8] === 0x7b && bytes[6] === 0 && bytes[7] === 0) {
    return { format: 'safetensors', kind: 'weights', ...readSafetensors(bytes) };
  }
  // An ONNX ModelProto starts with ir_version (field 1, varint): tag 0x08.
  if (bytes[0] === 0x08) {
    formatFail('load', 'ONNX files are written by this package but not read back', undefined, {
      fix: 'Run them with onnxruntime; keep the Weft or Keras file to load the model here',
    });
  }
  return formatFail('load', 'the bytes are not a format this package reads', {
    bytes: bytes.length,
    start: Array.from(bytes.subarray(0, 8)),
  });
}

function checkFormat(format: unknown): ExportFormat {
  if (!EXPORT_FORMATS.includes(format as ExportFormat)) {
    throw new ConfigError({
      where: 'save',
      problem: 'unknown format',
      expected: EXPORT_FORMATS.map((f) => `'${f}'`).join(', '),
      received: { format },
    });
  }
  return format as ExportFormat;
}
