import type { Layer } from '@weft/layers';
import type { Pipeline } from '@weft/models';
import { zipSync } from 'fflate';
import { type SaveOptions, toFiles } from '../save.js';

/** Formats that are a directory of files: a download zips them. */
const DIRECTORY_FORMATS = new Set(['weft', 'tfjs']);

const MIME: Record<string, string> = {
  onnx: 'application/octet-stream',
  keras: 'application/zip',
  safetensors: 'application/octet-stream',
  weft: 'application/zip',
  tfjs: 'application/zip',
};

/**
 * The saved model as one Blob: the file itself for the one-file formats ('onnx', 'keras',
 * 'safetensors'), a zip of the files (fflate, stored flat) for the directory formats ('weft',
 * 'tfjs'; unzip it and pass the entries to `load`).
 */
export async function toBlob(item: Layer | Pipeline, options: SaveOptions = {}): Promise<Blob> {
  const format = options.format ?? 'weft';
  const files = await toFiles(item, options);
  const bytes = DIRECTORY_FORMATS.has(format) ? zipSync(files) : (Object.values(files)[0] as Uint8Array);
  return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: MIME[format] });
}

/**
 * Offers the saved model as a download named `fileName` in a browser (an `<a download>` click on
 * an object URL, revoked afterwards) and returns the Blob ({@link toBlob}). Where there is no
 * `document` (Node, workers) it only returns the Blob.
 */
export async function downloadBlob(
  item: Layer | Pipeline,
  fileName: string,
  options: SaveOptions = {},
): Promise<Blob> {
  const blob = await toBlob(item, options);
  const doc = (globalThis as { document?: Document }).document;
  if (doc && typeof URL.createObjectURL === 'function') {
    const url = URL.createObjectURL(blob);
    try {
      const a = doc.createElement('a');
      a.href = url;
      a.download = fileName;
      a.style.display = 'none';
      doc.body.appendChild(a);
      a.click();
      a.remove();
    } finally {
      // Revoked on the next turn: the click has started the download by then.
      setTimeout(() => URL.revokeObjectURL(url), 0);
    }
  }
  return blob;
}
