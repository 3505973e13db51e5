// Public API of @weft/layers.
export {};
