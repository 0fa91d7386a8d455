import { ProtoWriter } from './protobuf.ts';

/** Field numbers from onnx.proto (ModelProto, GraphProto, NodeProto, TensorProto, ValueInfoProto). */
const FLOAT = 1;
const ATTR_FLOAT = 1;
const ATTR_INT = 2;

export interface OnnxTensor {
  name: string;
  dims: number[];
  values: ArrayLike<number>;
}

export interface OnnxNode {
  op: string;
  inputs: string[];
  outputs: string[];
  attributes?: Record<string, { int: number } | { float: number }>;
}

export interface OnnxValue {
  name: string;
  /** A string is a symbolic dimension ("batch"). */
  shape: (number | string)[];
}

export interface OnnxModelSpec {
  producer: string;
  graphName: string;
  opset: number;
  inputs: OnnxValue[];
  outputs: OnnxValue[];
  initializers: OnnxTensor[];
  nodes: OnnxNode[];
  metadata: Record<string, string>;
  docString?: string;
}

function valueInfo(w: ProtoWriter, v: OnnxValue): void {
  w.string(1, v.name).message(2, (type) =>
    type.message(1, (tensor) =>
      tensor.int(1, FLOAT).message(2, (shape) => {
        for (const d of v.shape) shape.message(1, (dim) => (typeof d === 'number' ? dim.int(1, d) : dim.string(2, d)));
      }),
    ),
  );
}

/** Serialises a float32 graph as an ONNX ModelProto (IR version 8). */
export function writeOnnxModel(spec: OnnxModelSpec): Uint8Array {
  const w = new ProtoWriter();
  w.int(1, 8).string(2, spec.producer).string(3, '1');
  if (spec.docString) w.string(6, spec.docString);
  w.message(7, (g) => {
    spec.nodes.forEach((n, i) =>
      g.message(1, (node) => {
        for (const x of n.inputs) node.string(1, x);
        for (const y of n.outputs) node.string(2, y);
        node.string(3, `${n.op.toLowerCase()}_${i}`).string(4, n.op);
        for (const [name, a] of Object.entries(n.attributes ?? {})) {
          node.message(5, (attr) => {
            attr.string(1, name);
            if ('int' in a) attr.int(3, a.int).int(20, ATTR_INT);
            else attr.float(2, a.float).int(20, ATTR_FLOAT);
          });
        }
      }),
    );
    g.string(2, spec.graphName);
    for (const t of spec.initializers) {
      g.message(5, (tensor) => {
        for (const d of t.dims) tensor.int(1, d);
        const raw = new Uint8Array(new Float32Array(Array.from(t.values)).buffer);
        tensor.int(2, FLOAT).string(8, t.name).bytes(9, raw);
      });
    }
    for (const v of spec.inputs) g.message(11, (vi) => valueInfo(vi, v));
    for (const v of spec.outputs) g.message(12, (vi) => valueInfo(vi, v));
  });
  w.message(8, (op) => op.string(1, '').int(2, spec.opset));
  for (const [key, value] of Object.entries(spec.metadata)) w.message(14, (e) => e.string(1, key).string(2, value));
  return w.finish();
}
