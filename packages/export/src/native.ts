import {
  decodeModel,
  encodeModel,
  type Layer,
  MANIFEST_FILE,
  WEIGHTS_FILE,
  type WeftManifest,
} from '@weft/layers';
import { Pipeline } from '@weft/models';
import { formatFail } from './errors.js';
import { type Files, isObject, parseJsonFile, utf8 } from './files.js';

/** The Weft native format (docs/contracts.md §5) as in-memory files: delegates to layers and models. */
export async function encodeWeft(item: Layer | Pipeline): Promise<Files> {
  if (item instanceof Pipeline) {
    const files = await item.toFiles();
    return Object.fromEntries(
      Object.entries(files).map(([name, v]) => [name, typeof v === 'string' ? utf8(v) : v]),
    );
  }
  const { manifest, weights } = await encodeModel(item);
  return { [MANIFEST_FILE]: utf8(`${JSON.stringify(manifest, null, 2)}\n`), [WEIGHTS_FILE]: weights };
}

export type DecodedWeft = { kind: 'model'; model: Layer } | { kind: 'pipeline'; pipeline: Pipeline };

/** Reads native files: a pipeline when `weft.json` says so, else a bare model. Validates before building. */
export function decodeWeft(files: Files): DecodedWeft {
  const manifest = parseJsonFile('load', MANIFEST_FILE, files[MANIFEST_FILE]);
  if (!isObject(manifest)) formatFail('load', `${MANIFEST_FILE} is not a JSON object`);
  if (manifest.kind === 'pipeline') return { kind: 'pipeline', pipeline: Pipeline.fromFiles(files) };
  const weights = files[WEIGHTS_FILE];
  if (!weights) formatFail('load', `${WEIGHTS_FILE} is missing`, undefined, { fix: 'Save the model again' });
  return { kind: 'model', model: decodeModel(manifest as WeftManifest, weights) };
}
