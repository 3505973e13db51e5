// Public API of @weft/metrics.
export {};
