import { FormatError, type MessageParts, NotFoundError } from '@weft/core';

/** Throws a {@link FormatError} built from the message parts: what every reader here reports. */
export function formatFail(
  where: string,
  problem: string,
  received?: Record<string, unknown>,
  extra: Omit<MessageParts, 'where' | 'problem' | 'received'> = {},
  cause?: unknown,
): never {
  throw new FormatError({ where, problem, received, ...extra }, cause === undefined ? undefined : { cause });
}

/** Anything a third-party decoder throws (protobuf, zip, HDF5, JSON) becomes a FormatError. */
export function asFormatError(where: string, what: string, error: unknown): FormatError {
  if (error instanceof FormatError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new FormatError(
    { where, problem: `${what} cannot be read (${reason.slice(0, 200)})`, fix: 'Export the file again' },
    { cause: error },
  );
}

/**
 * Runs a reader so that whatever a damaged file makes it throw reaches the caller as a
 * FormatError (with the original as `cause`); a NotFoundError for a missing path passes through.
 */
export async function guarded<T>(where: string, what: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof NotFoundError) throw error;
    throw asFormatError(where, what, error);
  }
}
