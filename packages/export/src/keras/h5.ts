import type { Dataset, Group, File as H5File } from 'h5wasm';

/**
 * HDF5 through h5wasm (the HDF5 C library compiled to WebAssembly, in-memory file system), so it
 * works in Node and browsers alike. Each call works on its own file name and is synchronous
 * once the module is ready, so calls never interleave.
 */
type H5 = typeof import('h5wasm').default;
let loading: Promise<{
  h5: H5;
  FS: { writeFile(p: string, d: Uint8Array): void; readFile(p: string): Uint8Array; unlink(p: string): void };
}> | null = null;
let counter = 0;

async function module() {
  loading ??= import('h5wasm').then(async (m) => {
    const h5 = m.default;
    const ready = await h5.ready;
    return { h5, FS: ready.FS as never };
  });
  return loading;
}

/** A fresh HDF5 file built by `build`, as bytes. */
export async function writeH5(build: (file: H5File) => void): Promise<Uint8Array> {
  const { h5, FS } = await module();
  const name = `/weft-write-${counter++}.h5`;
  const file = new h5.File(name, 'w');
  try {
    build(file);
  } finally {
    file.close();
  }
  try {
    return FS.readFile(name).slice();
  } finally {
    FS.unlink(name);
  }
}

/**
 * Opens HDF5 bytes read-only and passes the file to `read`. The HDF5 library prints a diagnostic
 * stack to stderr for every error in a damaged file; in Node that print is muted while the file
 * is read (the reader reports one typed error instead), and restored afterwards.
 */
export async function readH5<T>(bytes: Uint8Array, read: (file: H5File) => T): Promise<T> {
  if (!hasSignature(bytes)) throw new Error('no HDF5 signature at the start of the file');
  const { h5, FS } = await module();
  const name = `/weft-read-${counter++}.h5`;
  FS.writeFile(name, bytes);
  const restore = muteStderr();
  let file: H5File | null = null;
  try {
    file = new h5.File(name, 'r');
    return read(file);
  } finally {
    try {
      file?.close();
    } catch {
      // A file that failed to open has nothing to close.
    }
    restore();
    FS.unlink(name);
  }
}

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** HDF5's 8-byte signature, at offset 0 (a user block would move it; Keras and h5wasm write none). */
function hasSignature(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && SIGNATURE.every((b, i) => bytes[i] === b);
}

function muteStderr(): () => void {
  const stderr = (globalThis as { process?: { stderr?: { write: unknown } } }).process?.stderr;
  if (!stderr) return () => {};
  const original = stderr.write;
  stderr.write = () => true;
  return () => {
    stderr.write = original;
  };
}

export type { Dataset, Group, H5File };
