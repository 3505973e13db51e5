// One pthread of tfjs' multi-threaded WebAssembly backend, run in a Node worker thread.
//
// Emscripten starts each pthread as `new Worker(<this file>)`. tfjs ships the pthread script only
// as a string (meant for a browser Blob URL, which Node's worker_threads cannot load), so this
// file evaluates that string with the CommonJS `require` and `__filename` it expects. The string
// holds "\n" escapes inside string literals; tfjs escapes them the same way before making its Blob.
'use strict';
const {
  wasmWorkerContents,
} = require('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js');

new Function('require', '__filename', wasmWorkerContents.replace(/\n/g, '\\n'))(require, __filename);
