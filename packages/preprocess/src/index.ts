// Public API of @weft/preprocess.
export {};
