import { ConfigError } from '@weft/core';
import type { Pipeline } from '@weft/models';
import { jsonBytes } from './files.js';
import { writeDirAtomic, writeFileAtomic } from './io/node.js';
import { toKeras } from './keras/export.js';
import { toOnnx } from './onnx/export.js';
import { type TensorOp, transformOps } from './onnx/ops.js';
import { toTfjs } from './tfjs/export.js';

export const PREPROCESSING_FILE = 'preprocessing.json';

/**
 * `preprocessing.json`: what to do around a bare network (tfjs, Keras) to reproduce the
 * pipeline. `input.ops` turn raw features (in `features` order) into the network's input;
 * `output.ops` turn its outputs into raw units. Ops are elementwise over columns:
 * `add | sub | mul | div` by a per-column `value`, `clip` to `[min, max]`, `fillNaN`.
 */
export function preprocessingJson(pipeline: Pipeline): {
  formatVersion: 1;
  features: string[];
  outputs: string[];
  labels: string[] | null;
  input: { ops: TensorOp[]; transform: unknown };
  output: { ops: TensorOp[]; transform: unknown };
} {
  const where = 'preprocessingJson';
  if (pipeline.tableTransform) {
    throw new ConfigError({
      where,
      problem: `the pipeline's table transform ${pipeline.tableTransform.className} has no op description`,
      fix: 'Save the pipeline in the native format (pipeline.save), which keeps every step',
    });
  }
  return {
    formatVersion: 1,
    features: [...pipeline.features],
    outputs: [...pipeline.outputs],
    labels: pipeline.labels,
    input: {
      ops: pipeline.featureTransform ? transformOps(pipeline.featureTransform, false, where) : [],
      transform: pipeline.featureTransform?.getState() ?? null,
    },
    output: {
      ops: pipeline.targetTransform ? transformOps(pipeline.targetTransform, true, where) : [],
      transform: pipeline.targetTransform?.getState() ?? null,
    },
  };
}

export interface TutorialArtifacts {
  /** Paths written, relative to the output directory. */
  written: string[];
  /** Formats that could not express this pipeline, with the reason (listed in the tutorial's README). */
  skipped: { file: string; reason: string }[];
}

/**
 * Writes a tutorial's exchange files into `outDir` (docs/contracts.md §6): `model.onnx` (the
 * whole pipeline, preprocessing and the target's inverse baked in, so it reproduces
 * `sample.json`), `tfjs/model.json` + its weight shard and `model.keras` (the bare network), and
 * `preprocessing.json` beside them. A format that cannot express the model is skipped and
 * reported, not fatal. The native `model/` directory and `sample.json` stay the tutorial's.
 */
export async function exportTutorialArtifacts(
  pipeline: Pipeline,
  outDir: string,
): Promise<TutorialArtifacts> {
  const { join } = await import('node:path');
  const result: TutorialArtifacts = { written: [], skipped: [] };
  const attempt = async (file: string, write: () => Promise<void>) => {
    try {
      await write();
      result.written.push(file);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      result.skipped.push({ file, reason: error.message });
    }
  };
  await attempt('model.onnx', async () =>
    writeFileAtomic(join(outDir, 'model.onnx'), await toOnnx(pipeline)),
  );
  await attempt('tfjs/', async () => writeDirAtomic(join(outDir, 'tfjs'), await toTfjs(pipeline.model)));
  await attempt('model.keras', async () =>
    writeFileAtomic(join(outDir, 'model.keras'), await toKeras(pipeline.model)),
  );
  await attempt(PREPROCESSING_FILE, async () =>
    writeFileAtomic(join(outDir, PREPROCESSING_FILE), jsonBytes(preprocessingJson(pipeline))),
  );
  return result;
}
