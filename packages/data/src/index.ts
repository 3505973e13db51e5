// Public API of @weft/data.
export {};
