import { ConfigError, NotFoundError } from '@weft/core';
import type { Layer } from '@weft/layers';
import type { Pipeline } from '@weft/models';
import { formatFail } from '../errors.js';
import type { Files } from '../files.js';
import { type Loaded, load, type SaveOptions, toFiles } from '../save.js';

/** The IndexedDB database and object store the helpers use unless told otherwise. */
export const IDB_DATABASE = 'weft-models';
export const IDB_STORE = 'models';

export interface IndexedDBOptions {
  /** Default {@link IDB_DATABASE}. */
  database?: string;
  /** Default `globalThis.indexedDB` (browsers); pass one in elsewhere (e.g. fake-indexeddb). */
  indexedDB?: IDBFactory;
}

/** A stored model: its format and the files `toFiles` wrote, as one record. */
interface StoredModel {
  format: string;
  files: Files;
  savedAt: string;
}

/**
 * Saves a model or pipeline under `key` in IndexedDB, as the files {@link toFiles} writes (any
 * format; default 'weft'). One transaction writes the whole record, so a failure leaves the
 * previous value under `key` intact.
 */
export async function saveToIndexedDB(
  item: Layer | Pipeline,
  key: string,
  options: SaveOptions & IndexedDBOptions = {},
): Promise<void> {
  checkKey('saveToIndexedDB', key);
  const files = await toFiles(item, options);
  const record: StoredModel = { format: options.format ?? 'weft', files, savedAt: new Date().toISOString() };
  const db = await open('saveToIndexedDB', options);
  try {
    await request(db, 'readwrite', (store) => store.put(record, key));
  } finally {
    db.close();
  }
}

/**
 * Loads what {@link saveToIndexedDB} stored under `key` through {@link load} (validated before
 * anything is built). A missing key is a NotFoundError; a record that is not one this package
 * wrote is a FormatError.
 */
export async function loadFromIndexedDB(key: string, options: IndexedDBOptions = {}): Promise<Loaded> {
  const where = 'loadFromIndexedDB';
  checkKey(where, key);
  const db = await open(where, options);
  let record: unknown;
  try {
    record = await request(db, 'readonly', (store) => store.get(key));
  } finally {
    db.close();
  }
  if (record === undefined) {
    throw new NotFoundError({
      where,
      problem: `no model is stored under "${key}"`,
      received: { key, database: options.database ?? IDB_DATABASE },
      fix: 'Save it first with saveToIndexedDB(model, key)',
    });
  }
  const files = (record as Partial<StoredModel> | null)?.files;
  if (
    typeof files !== 'object' ||
    files === null ||
    !Object.values(files).every((bytes) => bytes instanceof Uint8Array)
  ) {
    formatFail(where, `the record under "${key}" is not a model saved by saveToIndexedDB`);
  }
  return load(files);
}

function checkKey(where: string, key: unknown): void {
  if (typeof key !== 'string' || key.length === 0) {
    throw new ConfigError({ where, problem: 'key must be a non-empty string', received: { key } });
  }
}

function open(where: string, options: IndexedDBOptions): Promise<IDBDatabase> {
  const factory = options.indexedDB ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (!factory) {
    throw new ConfigError({
      where,
      problem: 'IndexedDB is not available here',
      fix: 'Run in a browser, or pass options.indexedDB (e.g. from fake-indexeddb)',
    });
  }
  return new Promise((resolve, reject) => {
    const req = factory.open(options.database ?? IDB_DATABASE, 1);
    req.onupgradeneeded = () => {
      if (!req.result.objectStoreNames.contains(IDB_STORE)) req.result.createObjectStore(IDB_STORE);
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Runs one request in its own transaction; resolves with its result once the transaction commits. */
function request<T>(
  db: IDBDatabase,
  mode: IDBTransactionMode,
  make: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(IDB_STORE, mode);
    const req = make(tx.objectStore(IDB_STORE));
    tx.oncomplete = () => resolve(req.result);
    tx.onerror = () => reject(tx.error ?? req.error);
    tx.onabort = () => reject(tx.error ?? new Error('the IndexedDB transaction was aborted'));
  });
}
