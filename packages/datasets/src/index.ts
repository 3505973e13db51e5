// Public API of @weft/datasets.
export {};
