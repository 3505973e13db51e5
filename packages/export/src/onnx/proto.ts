import protobuf from 'protobufjs/light.js';
import { ONNX_DESCRIPTOR } from './descriptor.js';

/**
 * The ONNX protobuf schema, built once from the descriptor generated from the official
 * `onnx.proto` (scripts/gen-onnx-descriptor.mjs): `protobufjs/light` needs no parser and no
 * file access, so this works in browsers too.
 */
let root: protobuf.Root | null = null;

export function onnxType(name: 'ModelProto' | 'TensorProto' | 'GraphProto'): protobuf.Type {
  root ??= protobuf.Root.fromJSON(ONNX_DESCRIPTOR as protobuf.INamespace);
  return root.lookupType(`onnx.${name}`);
}

/** TensorProto.DataType codes used here. */
export const ONNX_FLOAT = 1;
export const ONNX_INT32 = 6;
export const ONNX_INT64 = 7;

/** AttributeProto.AttributeType codes. */
export const ATTR = { FLOAT: 1, INT: 2, STRING: 3, FLOATS: 6, INTS: 7 } as const;
