import { ATTR, ONNX_FLOAT, ONNX_INT32, ONNX_INT64, onnxType } from './proto.js';

/** An attribute of a node, typed as ONNX wants it (a number alone cannot say int or float). */
export type Attribute =
  | { name: string; type: typeof ATTR.FLOAT; f: number }
  | { name: string; type: typeof ATTR.INT; i: number }
  | { name: string; type: typeof ATTR.INTS; ints: number[] }
  | { name: string; type: typeof ATTR.FLOATS; floats: number[] }
  | { name: string; type: typeof ATTR.STRING; s: Uint8Array };

export const attr = {
  int: (name: string, i: number): Attribute => ({ name, type: ATTR.INT, i }),
  float: (name: string, f: number): Attribute => ({ name, type: ATTR.FLOAT, f }),
  ints: (name: string, ints: number[]): Attribute => ({ name, type: ATTR.INTS, ints }),
  string: (name: string, text: string): Attribute => ({
    name,
    type: ATTR.STRING,
    s: new TextEncoder().encode(text),
  }),
};

type ElemType = typeof ONNX_FLOAT | typeof ONNX_INT32 | typeof ONNX_INT64;
/** A dimension: a size, or null for one known only at run time (named by `dimParam`). */
export type Dim = number | null;

interface ValueInfo {
  name: string;
  type: { tensorType: { elemType: number; shape: { dim: ({ dimValue: number } | { dimParam: string })[] } } };
}

/**
 * Builds one ONNX graph: initializers, nodes in topological order (the order they are added),
 * one input and one output. Tensor names are made unique here.
 */
export class GraphBuilder {
  private readonly nodes: unknown[] = [];
  private readonly initializers: unknown[] = [];
  private readonly inputs: ValueInfo[] = [];
  private readonly outputs: ValueInfo[] = [];
  private readonly used = new Set<string>();

  /** A fresh tensor name starting with `base`. */
  name(base: string): string {
    let name = base;
    for (let i = 1; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }

  input(base: string, elemType: ElemType, shape: readonly Dim[]): string {
    const name = this.name(base);
    this.inputs.push(valueInfo(name, elemType, shape));
    return name;
  }

  /** Renames the final tensor to `base` with an Identity node, and declares it the output. */
  output(tensor: string, base: string, shape: readonly Dim[]): string {
    const name = this.name(base);
    this.node('Identity', [tensor], { outputs: [name] });
    this.outputs.push(valueInfo(name, ONNX_FLOAT, shape));
    return name;
  }

  /** A float32 (or int64) constant with raw little-endian data. */
  constant(base: string, data: Float32Array | BigInt64Array | Int32Array, dims: readonly number[]): string {
    const name = this.name(base);
    const dataType =
      data instanceof Float32Array ? ONNX_FLOAT : data instanceof BigInt64Array ? ONNX_INT64 : ONNX_INT32;
    const raw = new Uint8Array(data.byteLength);
    raw.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    if (!littleEndian()) throw new Error('GraphBuilder: big-endian hosts are not supported');
    this.initializers.push({ name, dims: [...dims], dataType, rawData: raw });
    return name;
  }

  scalar(base: string, value: number): string {
    return this.constant(base, Float32Array.of(value), []);
  }

  /** Adds a node; returns its first output's name (made from `opType` unless given). */
  node(
    opType: string,
    inputs: readonly string[],
    options: { attributes?: Attribute[]; outputs?: string[]; name?: string } = {},
  ): string {
    const outputs = options.outputs ?? [this.name(`${(options.name ?? opType).toLowerCase()}_out`)];
    this.nodes.push({
      opType,
      input: [...inputs],
      output: outputs,
      name: this.name(`node_${options.name ?? opType}`),
      attribute: options.attributes ?? [],
    });
    return outputs[0] as string;
  }

  /** The serialized ModelProto. */
  encode(meta: {
    graphName: string;
    producerVersion: string;
    opset: number;
    doc: string;
    props: Record<string, string>;
  }): Uint8Array {
    const Model = onnxType('ModelProto');
    const message = Model.fromObject({
      // IR version 8 goes with opset 17 (onnx 1.12).
      irVersion: 8,
      opsetImport: [{ domain: '', version: meta.opset }],
      producerName: 'weft',
      producerVersion: meta.producerVersion,
      docString: meta.doc,
      metadataProps: Object.entries(meta.props).map(([key, value]) => ({ key, value })),
      graph: {
        name: meta.graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    });
    return Model.encode(message).finish();
  }
}

function valueInfo(name: string, elemType: number, shape: readonly Dim[]): ValueInfo {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: {
          dim: shape.map((d, i) =>
            d === null ? { dimParam: i === 0 ? 'batch' : `d${i}` } : { dimValue: d },
          ),
        },
      },
    },
  };
}

function littleEndian(): boolean {
  return new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
}
