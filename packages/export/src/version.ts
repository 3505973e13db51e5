/** Written into files as the producer's version (`generatedBy`, ONNX `producer_version`). */
export const VERSION = '0.0.0';
