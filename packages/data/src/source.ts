import { ConfigError, NotFoundError, ValueError } from '@weft/core';

/**
 * Where a loader reads from. A string is a location: a file path (Node) or an http(s)/file: URL.
 * The others are contents: a `Blob` (a browser `File` is one), bytes, a web `ReadableStream`, or
 * any async iterable of chunks (a Node `Readable` such as `fs.createReadStream(path)`).
 */
export type DataSource =
  | string
  | URL
  | Blob
  | Uint8Array
  | ArrayBuffer
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array | string>;

/** A short name of a source for messages: the path or URL, or the kind of object. */
export function describeSource(source: DataSource): string {
  if (typeof source === 'string') return source;
  if (source instanceof URL) return source.href;
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    const name = (source as { name?: unknown }).name;
    return typeof name === 'string' && name ? name : 'the Blob';
  }
  if (source instanceof Uint8Array || source instanceof ArrayBuffer) return 'the bytes';
  return 'the stream';
}

/**
 * The chunks of a source, read lazily: files are streamed (Node `fs`, imported only when a path
 * is given, so browser bundles never need it), URLs fetched, Blobs and web streams read through
 * their readers. A missing file or a failed request is a NotFoundError naming it.
 */
export async function* byteChunks(source: DataSource, where: string): AsyncGenerator<Uint8Array> {
  if (source instanceof Uint8Array) {
    yield source;
    return;
  }
  if (source instanceof ArrayBuffer) {
    yield new Uint8Array(source);
    return;
  }
  if (typeof source === 'string' || source instanceof URL) {
    yield* locationChunks(source, where);
    return;
  }
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    yield* readerChunks(source.stream(), where);
    return;
  }
  if (isReadableStream(source)) {
    yield* readerChunks(source, where);
    return;
  }
  if (source && typeof (source as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    const encoder = new TextEncoder();
    for await (const chunk of source as AsyncIterable<Uint8Array | string>) {
      yield typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
    }
    return;
  }
  throw new ConfigError({
    where,
    problem: 'the source is not something a loader can read',
    expected:
      'a path or URL (string or URL), a Blob or File, a Uint8Array or ArrayBuffer, a ReadableStream, or a Node stream',
    received: { source },
  });
}

/** Every byte of a source, in one array. */
export async function readBytes(source: DataSource, where: string): Promise<Uint8Array> {
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of byteChunks(source, where)) {
    chunks.push(chunk);
    size += chunk.length;
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** A source as UTF-8 text, without a leading byte-order mark. */
export async function readText(source: DataSource, where: string): Promise<string> {
  const text = new TextDecoder('utf-8').decode(await readBytes(source, where));
  return stripBOM(text);
}

/** Removes a leading UTF-8 byte-order mark, which would otherwise stick to the first column name. */
export function stripBOM(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function isReadableStream(value: unknown): value is ReadableStream<Uint8Array> {
  return typeof (value as ReadableStream)?.getReader === 'function';
}

async function* readerChunks(stream: ReadableStream<Uint8Array>, where: string): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      if (!(value instanceof Uint8Array)) {
        throw new ConfigError({
          where,
          problem: 'the stream yields something other than bytes',
          expected: 'a ReadableStream of Uint8Array chunks',
          received: { chunk: value },
        });
      }
      yield value;
    }
  } finally {
    // Stopping early (or an error) cancels the underlying request or file read.
    await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

async function* locationChunks(location: string | URL, where: string): AsyncGenerator<Uint8Array> {
  const text = String(location);
  if (/^(https?|blob|data):/i.test(text)) {
    let response: Response;
    try {
      response = await fetch(text);
    } catch (error) {
      throw new NotFoundError(
        {
          where,
          problem: `the request for ${text} failed`,
          received: { url: text },
          fix: 'Check the URL and the network',
        },
        { cause: error },
      );
    }
    if (!response.ok || !response.body) {
      throw new NotFoundError({
        where,
        problem: `the request for ${text} failed with status ${response.status}`,
        received: { url: text, status: response.status },
        fix: 'Check the URL and that the server allows this request',
      });
    }
    yield* readerChunks(response.body, where);
    return;
  }
  const { open } = await import('node:fs/promises');
  const path = location instanceof URL || text.startsWith('file:') ? new URL(text) : text;
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw fileError(error, text, where);
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) {
      throw new ValueError({
        where,
        problem: `${text} is a directory, not a file`,
        received: { path: text },
      });
    }
    // 1 MiB reads: large enough to be fast, small enough to keep streaming memory bounded.
    const size = 1 << 20;
    for (;;) {
      const buffer = new Uint8Array(size);
      const { bytesRead } = await handle.read(buffer, 0, size, null);
      if (bytesRead === 0) return;
      yield bytesRead === size ? buffer : buffer.subarray(0, bytesRead);
    }
  } catch (error) {
    throw (error as { code?: string }).code ? fileError(error, text, where) : error;
  } finally {
    await handle.close();
  }
}

function fileError(error: unknown, path: string, where: string): Error {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') {
    return new NotFoundError(
      {
        where,
        problem: `no file exists at ${path}`,
        received: { path },
        fix: 'Check the path; relative paths resolve against the current working directory',
      },
      { cause: error },
    );
  }
  if (code === 'EISDIR') {
    return new ValueError(
      { where, problem: `${path} is a directory, not a file`, received: { path } },
      { cause: error },
    );
  }
  return error as Error;
}
