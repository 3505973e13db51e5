import { fromCSV } from '@weft/data';
import type { ColumnTable } from 'arquero';
import { readGzipAsset } from './asset.js';

/**
 * Loads a shipped gzipped CSV file into a table. `text` names columns kept as strings whatever
 * they look like (free text, names); the others are typed by arquero (numbers; empty → null).
 */
export async function loadCSVAsset(url: URL, where: string, text: string[] = []): Promise<ColumnTable> {
  const bytes = await readGzipAsset(url, where);
  const parse = Object.fromEntries(text.map((name) => [name, String]));
  return fromCSV(new TextDecoder().decode(bytes), { parse });
}
