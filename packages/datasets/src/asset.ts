import { FormatError, NotFoundError } from '@weft/core';

/**
 * Reads a data file shipped beside this package. Each data set names its file with
 * `new URL('../data/<file>', import.meta.url)` written out literally, the pattern bundlers
 * (Vite, webpack 5, Parcel, esbuild with its file loader) recognise to copy the file and rewrite
 * the URL. In Node the URL is a file: URL, read with `fs` (imported lazily, so browser bundles
 * never need it); anywhere else it is fetched.
 */
export async function readAsset(url: URL, where: string): Promise<Uint8Array> {
  if (url.protocol === 'file:') {
    const { readFile } = await import('node:fs/promises');
    try {
      return new Uint8Array(await readFile(url));
    } catch (error) {
      throw new NotFoundError(
        {
          where,
          problem: `the data file ${url.pathname} could not be read`,
          received: { url: url.href },
          fix: 'Reinstall @weft/datasets: its data/ folder is part of the package',
        },
        { cause: error },
      );
    }
  }
  const response = await fetch(url);
  if (!response.ok) {
    throw new NotFoundError({
      where,
      problem: `the request for ${url.href} failed with status ${response.status}`,
      received: { url: url.href, status: response.status },
      fix: "Serve the package's data/ folder with your app (bundlers do this for `new URL(…, import.meta.url)`)",
    });
  }
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * Inflates gzip bytes with the platform's DecompressionStream (Node ≥ 18 and every current
 * browser), so no zlib library is bundled. Bytes without the gzip magic number pass through:
 * a server that sends `.gz` files with `Content-Encoding: gzip` has the browser inflate them.
 */
export async function gunzip(bytes: Uint8Array, where: string): Promise<Uint8Array> {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
      .stream()
      .pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (error) {
    throw new FormatError(
      { where, problem: 'a shipped data file is not valid gzip', fix: 'Reinstall @weft/datasets' },
      { cause: error },
    );
  }
}

/** {@link readAsset} then {@link gunzip}. */
export async function readGzipAsset(url: URL, where: string): Promise<Uint8Array> {
  return gunzip(await readAsset(url, where), where);
}
