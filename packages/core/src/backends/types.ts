/** Every backend Weft knows how to select. */
export type BackendName = 'webgpu' | 'webgl' | 'tensorflow' | 'wasm' | 'cpu';

/** One row of {@link listBackends}: whether a backend can run here, and on what. */
export interface BackendInfo {
  name: BackendName;
  available: boolean;
  /** Why it is unavailable, with the fix; or what it runs on when available. */
  reason: string;
  /** The device it runs on (adapter description, "CPU", "CUDA GPU"), when known. */
  device: string | null;
  /** True when the "GPU" is emulated in software (llvmpipe, SwiftShader): correct but slow. */
  software: boolean;
}

/** Loads an optional module by name; injectable so tests can provide fakes. */
export type ImportModule = (specifier: string) => Promise<unknown>;

export interface BackendOptions {
  /** Replaces dynamic `import()` of optional backend packages (for tests and custom bundles). */
  importModule?: ImportModule;
  /**
   * wasm only: where the `.wasm` files are served from in a browser — a URL prefix, or a map from
   * file name (`tfjs-backend-wasm-simd.wasm`, …) to URL for bundlers that hash file names
   * (tfjs' `setWasmPaths`). Must be given on the first activation of wasm in a page.
   */
  wasmPaths?: string | Record<string, string>;
  /**
   * wasm in Node only: XNNPACK threads (worker_threads), from 1 to 8. Default 1 (tfjs'
   * single-threaded build). More threads pay off when single ops are large (convolutions,
   * matmuls of a few hundred rows and up); for small MLPs waking the pool costs more than it
   * saves. Fixed once the backend has initialized in a process. (In browsers tfjs uses threads
   * by itself when the page is cross-origin isolated.)
   */
  threads?: number;
}

/** A backend Weft can probe and activate. */
export interface BackendCandidate {
  name: BackendName;
  /** Finds out whether the backend can run, without making it the active one. */
  probe(options: BackendOptions): Promise<BackendInfo>;
  /** Registers (if needed) and activates the backend; throws BackendUnavailableError. */
  activate(options: BackendOptions): Promise<BackendInfo>;
}
