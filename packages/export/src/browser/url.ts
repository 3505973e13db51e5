import { NotFoundError } from '@weft/core';
import { MANIFEST_FILE, WEIGHTS_FILE } from '@weft/layers';
import { formatFail, guarded } from '../errors.js';
import { type Files, MAX_WEIGHT_BYTES } from '../files.js';
import { type Loaded, load } from '../save.js';
import { TFJS_MODEL_FILE } from '../tfjs/export.js';
import { fromTfjs } from '../tfjs/import.js';

export interface LoadFromUrlOptions {
  /** Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Passed to every request (credentials, headers, an AbortSignal). */
  init?: RequestInit;
}

/**
 * Loads a model over HTTP(S). A URL whose last segment has an extension (`…/model.keras`,
 * `…/model.safetensors`) is one file; any other (`…/model/`) is a directory: Weft's native files
 * (`weft.json`, `weights.safetensors`, `preprocess.json` if there) or a tfjs LayersModel
 * (`model.json` and the shards it names, which must lie inside the directory). Everything goes
 * through {@link load}'s validation; a missing file is a NotFoundError, a bad one a FormatError.
 */
export function loadFromUrl(baseUrl: string, options: LoadFromUrlOptions = {}): Promise<Loaded> {
  const where = 'loadFromUrl';
  const get = options.fetch ?? globalThis.fetch;
  const read = async (url: string, required: boolean): Promise<Uint8Array | undefined> => {
    const response = await get(url, options.init);
    if (!response.ok) {
      if (!required && (response.status === 404 || response.status === 410)) return undefined;
      throw new NotFoundError({
        where,
        problem: `${url} could not be fetched (HTTP ${response.status})`,
        received: { url, status: response.status },
        fix: 'Check the URL and that the server serves every file of the model',
      });
    }
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > MAX_WEIGHT_BYTES) formatFail(where, `${url} is too large`, { bytes: declared });
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.length > MAX_WEIGHT_BYTES) formatFail(where, `${url} is too large`, { bytes: bytes.length });
    return bytes;
  };
  return guarded(where, 'the model', async () => {
    const path = baseUrl.split(/[?#]/)[0] ?? '';
    const last = path.slice(path.lastIndexOf('/') + 1);
    if (last.includes('.')) return load((await read(baseUrl, true)) as Uint8Array);
    const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
    const manifest = await read(`${base}${MANIFEST_FILE}`, false);
    if (manifest) {
      const files: Files = { [MANIFEST_FILE]: manifest };
      files[WEIGHTS_FILE] = (await read(`${base}${WEIGHTS_FILE}`, true)) as Uint8Array;
      const preprocess = await read(`${base}preprocess.json`, false);
      if (preprocess) files['preprocess.json'] = preprocess;
      return load(files);
    }
    if (await read(`${base}${TFJS_MODEL_FILE}`, false)) {
      const model = await fromTfjs((name) => read(`${base}${name}`, true));
      return { format: 'tfjs', kind: 'model', model } as Loaded;
    }
    throw new NotFoundError({
      where,
      problem: `${base} serves neither ${MANIFEST_FILE} (Weft) nor ${TFJS_MODEL_FILE} (tfjs)`,
      received: { baseUrl },
      fix: 'Point at the directory that holds the saved files, or at a single .keras/.safetensors file',
    });
  });
}
