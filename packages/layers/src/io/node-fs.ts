import { FormatError, NotFoundError, ValueError } from '@weft/core';
import type { Layer } from '../layer.js';
import { decodeModel, type EncodeOptions, encodeModel, type WeftManifest } from './model-format.js';

/** The two files every saved model directory holds. */
export const MANIFEST_FILE = 'weft.json';
export const WEIGHTS_FILE = 'weights.safetensors';

export interface SaveOptions extends EncodeOptions {
  /** More files written into the same directory, in the same atomic step (a Pipeline's `preprocess.json`). */
  files?: Record<string, string | Uint8Array>;
}

let tempCounter = 0;

/** Node's fs and path, imported on first use so this module loads in browsers too. */
async function node() {
  const [fs, path] = await Promise.all([import('node:fs/promises'), import('node:path')]);
  return { fs, path };
}

/**
 * Saves a built model as a directory (`weft.json` + `weights.safetensors`, plus `files`). Node
 * only. Writes into a temporary directory beside `dir` and renames it into place, so a crash
 * never leaves a half-written model; an existing `dir` is replaced.
 */
export async function saveModel(model: Layer, dir: string, options: SaveOptions = {}): Promise<void> {
  const { files = {}, ...encodeOptions } = options;
  for (const name of Object.keys(files)) {
    if (!/^[\w][\w.-]*$/.test(name) || name === MANIFEST_FILE || name === WEIGHTS_FILE) {
      throw new ValueError({
        where: 'saveModel',
        problem: `"${name}" cannot be an extra file name`,
        expected: `a plain file name other than ${MANIFEST_FILE} and ${WEIGHTS_FILE}`,
      });
    }
  }
  const { manifest, weights } = await encodeModel(model, encodeOptions);
  const { fs, path } = await node();
  const target = path.resolve(dir);
  const stamp = `${process.pid}-${Date.now()}-${tempCounter++}`;
  const temp = `${target}.tmp-${stamp}`;
  const old = `${target}.old-${stamp}`;
  await fs.mkdir(path.dirname(target), { recursive: true });
  await fs.mkdir(temp);
  try {
    await fs.writeFile(path.join(temp, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    await fs.writeFile(path.join(temp, WEIGHTS_FILE), weights);
    for (const [name, content] of Object.entries(files)) await fs.writeFile(path.join(temp, name), content);
    let replaced = false;
    try {
      await fs.rename(target, old);
      replaced = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    await fs.rename(temp, target);
    if (replaced) await fs.rm(old, { recursive: true, force: true });
  } catch (error) {
    await fs.rm(temp, { recursive: true, force: true });
    throw error;
  }
}

/** Loads a directory written by {@link saveModel}; the caller owns (and disposes) the model. */
export async function loadModel(dir: string): Promise<{ model: Layer; manifest: WeftManifest }> {
  const { fs, path } = await node();
  const read = async (file: string) => {
    try {
      return await fs.readFile(path.join(dir, file));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new NotFoundError(
          {
            where: 'loadModel',
            problem: `${file} was not found`,
            received: { dir },
            fix: 'Pass a directory written by saveModel',
          },
          { cause: error },
        );
      }
      throw error;
    }
  };
  const [text, bytes] = await Promise.all([read(MANIFEST_FILE), read(WEIGHTS_FILE)]);
  let manifest: WeftManifest;
  try {
    manifest = JSON.parse(text.toString('utf8')) as WeftManifest;
  } catch (error) {
    throw new FormatError(
      { where: 'loadModel', problem: `${MANIFEST_FILE} is not valid JSON`, received: { dir } },
      { cause: error },
    );
  }
  const weights = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { model: decodeModel(manifest, weights), manifest };
}
