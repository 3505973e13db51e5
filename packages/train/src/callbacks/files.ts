/** Node's fs and path, imported on first use so callbacks load in browsers too. */
async function node() {
  const [fs, path] = await Promise.all([import('node:fs/promises'), import('node:path')]);
  return { fs, path };
}

let counter = 0;

/** Writes `text` to a temporary file beside `file` and renames it into place (atomic on POSIX). */
export async function writeTextAtomic(file: string, text: string): Promise<void> {
  const { fs, path } = await node();
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const temp = `${file}.tmp-${process.pid}-${counter++}`;
  try {
    await fs.writeFile(temp, text);
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}

export async function appendText(file: string, text: string): Promise<void> {
  const { fs, path } = await node();
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await fs.appendFile(file, text);
}

/** The file's text, or null when it does not exist. */
export async function readTextIfExists(file: string): Promise<string | null> {
  const { fs } = await node();
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
