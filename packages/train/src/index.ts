// Public API of @weft/train.
export {};
