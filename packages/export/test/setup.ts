// The HDF5 library prints a diagnostic stack (one console.error per line) for each error in the
// damaged files the tests feed it. In plain Node the reader mutes it; under vitest the console is
// captured before that, so those lines are dropped here. This runs before h5wasm is loaded, which
// binds console.error once.
const original = console.error.bind(console);
console.error = (...args: unknown[]) => {
  const first = String(args[0] ?? '');
  if (/^(HDF5-DIAG|\s+(#\d{3}:|major:|minor:))/.test(first)) return;
  original(...args);
};
