// Public API of @weft/models.
export {};
