/**
 * Typed errors shared by every Weft package. Each class has a stable `code` that callers can
 * switch on; messages follow one template so they read the same everywhere:
 *
 *   `<Owner>.<method>: what is wrong. Expected …. Received: arg=value. How to fix.`
 *
 * Build messages with {@link formatMessage} rather than by hand.
 */

/** Stable codes; never renamed once published (add new ones instead). */
export type WeftErrorCode =
  | 'WEFT_ERROR'
  | 'SHAPE_ERROR'
  | 'DTYPE_ERROR'
  | 'VALUE_ERROR'
  | 'CONFIG_ERROR'
  | 'FORMAT_ERROR'
  | 'BACKEND_UNAVAILABLE'
  | 'NOT_FITTED'
  | 'NOT_FOUND';

export interface MessageParts {
  /** `Owner.method`, e.g. `StandardScaler.transform`. */
  where: string;
  /** What is wrong, one sentence. */
  problem: string;
  /** What was expected. */
  expected?: string;
  /** The offending arguments, rendered as `name=value` pairs. */
  received?: Record<string, unknown>;
  /** How to fix it, one or two sentences. */
  fix?: string;
}

const MAX_VALUE_CHARS = 80;

/** Renders a value for an error message: short, unambiguous, never huge. */
export function describeValue(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (typeof value === 'number' || typeof value === 'boolean' || value == null) text = String(value);
  else if (typeof value === 'bigint') text = `${value}n`;
  else if (typeof value === 'function') text = `[function ${value.name || 'anonymous'}]`;
  else if (ArrayBuffer.isView(value)) text = `${value.constructor.name}(${(value as Uint8Array).length})`;
  else if (isTensorLike(value)) text = `Tensor(shape=[${value.shape.join(',')}], dtype=${value.dtype})`;
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = Object.prototype.toString.call(value);
    }
  }
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

function isTensorLike(value: unknown): value is { shape: number[]; dtype: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as { shape?: unknown }).shape) &&
    typeof (value as { dtype?: unknown }).dtype === 'string'
  );
}

function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** Joins the parts of a message in the project's template. */
export function formatMessage(parts: MessageParts): string {
  const pieces = [`${parts.where}: ${sentence(parts.problem)}`];
  if (parts.expected) pieces.push(`Expected ${sentence(parts.expected)}`);
  if (parts.received && Object.keys(parts.received).length > 0) {
    const rendered = Object.entries(parts.received)
      .map(([name, value]) => `${name}=${describeValue(value)}`)
      .join(', ');
    pieces.push(`Received: ${rendered}.`);
  }
  if (parts.fix) pieces.push(sentence(parts.fix));
  return pieces.join(' ');
}

/** Base class of every error Weft throws on purpose. */
export class WeftError extends Error {
  readonly code: WeftErrorCode = 'WEFT_ERROR';
  /** The structured parts the message was built from, for tools that want them. */
  readonly parts: MessageParts;

  constructor(parts: MessageParts, options?: { cause?: unknown }) {
    super(formatMessage(parts), options);
    this.parts = parts;
    this.name = new.target.name;
  }
}

/** A tensor or array has the wrong shape (rank, length, ragged nesting). */
export class ShapeError extends WeftError {
  override readonly code = 'SHAPE_ERROR';
}
/** A tensor or array has the wrong dtype, or values do not fit the dtype. */
export class DTypeError extends WeftError {
  override readonly code = 'DTYPE_ERROR';
}
/** A value is out of range or otherwise invalid (NaN, negative count, empty input). */
export class ValueError extends WeftError {
  override readonly code = 'VALUE_ERROR';
}
/** A configuration object or option is invalid. */
export class ConfigError extends WeftError {
  override readonly code = 'CONFIG_ERROR';
}
/** A file or serialized state is malformed, truncated or of an unknown version. */
export class FormatError extends WeftError {
  override readonly code = 'FORMAT_ERROR';
}
/** A backend was asked for but cannot run here; the message names what to install. */
export class BackendUnavailableError extends WeftError {
  override readonly code = 'BACKEND_UNAVAILABLE';
}
/** A transform or model was used before `fit`. */
export class NotFittedError extends WeftError {
  override readonly code = 'NOT_FITTED';
}
/** A name was looked up in a registry and not found. */
export class NotFoundError extends WeftError {
  override readonly code = 'NOT_FOUND';
}

/** True for any error Weft threw on purpose, optionally of one code. */
export function isWeftError(error: unknown, code?: WeftErrorCode): error is WeftError {
  return error instanceof WeftError && (code === undefined || error.code === code);
}
