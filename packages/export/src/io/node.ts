import type { Files } from '../files.js';

/**
 * Node file access, imported on first use so the rest of the package loads in browsers. Writes
 * are atomic: everything goes to a temporary sibling first and is renamed into place, so a
 * failure (or a crash) never leaves a half-written model where the target was.
 */
async function node() {
  const [fs, path] = await Promise.all([import('node:fs/promises'), import('node:path')]);
  return { fs, path };
}

let counter = 0;
const stamp = () => `${process.pid}-${Date.now()}-${counter++}`;

/** Writes `files` as the directory `dir`, replacing an existing one in one rename. */
export async function writeDirAtomic(dir: string, files: Files): Promise<void> {
  const { fs, path } = await node();
  const target = path.resolve(dir);
  const id = stamp();
  const temp = `${target}.tmp-${id}`;
  const old = `${target}.old-${id}`;
  await fs.mkdir(path.dirname(target), { recursive: true });
  await fs.mkdir(temp);
  try {
    for (const [name, bytes] of Object.entries(files)) {
      await fs.mkdir(path.dirname(path.join(temp, name)), { recursive: true });
      await fs.writeFile(path.join(temp, name), bytes);
    }
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

/** Writes one file through a temporary sibling and a rename. */
export async function writeFileAtomic(file: string, bytes: Uint8Array): Promise<void> {
  const { fs, path } = await node();
  const target = path.resolve(file);
  const temp = `${target}.tmp-${stamp()}`;
  await fs.mkdir(path.dirname(target), { recursive: true });
  try {
    await fs.writeFile(temp, bytes);
    await fs.rename(temp, target);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}

/** What a path holds: a directory (read file by file, on demand) or one file's bytes. */
export type PathContent =
  | { kind: 'dir'; read(name: string): Promise<Uint8Array | undefined> }
  | { kind: 'file'; bytes: Uint8Array }
  | { kind: 'missing' };

/** Opens `target`; files larger than `maxBytes` are refused before they are read. */
export async function openPath(target: string, maxBytes: number): Promise<PathContent> {
  const { fs, path } = await node();
  const readLimited = async (file: string): Promise<Uint8Array | undefined> => {
    let stat: Awaited<ReturnType<typeof fs.stat>>;
    try {
      stat = await fs.stat(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    if (!stat.isFile()) return undefined;
    if (stat.size > maxBytes)
      throw new RangeError(`${file} has ${stat.size} bytes, over the ${maxBytes} limit`);
    const buffer = await fs.readFile(file);
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  };
  let stat: Awaited<ReturnType<typeof fs.stat>>;
  try {
    stat = await fs.stat(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw error;
  }
  if (stat.isDirectory()) {
    return {
      kind: 'dir',
      // Only plain relative names inside the directory: a manifest cannot point outside it.
      read: (name) => (isSafeName(name) ? readLimited(path.join(target, name)) : Promise.resolve(undefined)),
    };
  }
  const bytes = await readLimited(target);
  return bytes ? { kind: 'file', bytes } : { kind: 'missing' };
}

/** A relative path without `..`, absolute parts, backslashes or empty segments. */
export function isSafeName(name: string): boolean {
  return (
    typeof name === 'string' &&
    name.length > 0 &&
    name.length < 256 &&
    !name.startsWith('/') &&
    !name.includes('\\') &&
    !name.includes('\0') &&
    name.split('/').every((part) => part !== '' && part !== '.' && part !== '..')
  );
}
