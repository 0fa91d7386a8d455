import { decodeText, ProtoError, readFields, type ProtoField } from './protobuf.ts';

export interface OnnxValueInfo {
  name: string;
  /** ONNX TensorProto.DataType (1 = float32). */
  elemType: number;
  /** Symbolic dimensions are strings; unknown dimensions are null. */
  shape: (number | string | null)[];
}

export interface OnnxModelInfo {
  irVersion: number;
  producer: string;
  opsets: { domain: string; version: number }[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  initializerNames: string[];
  nodeCount: number;
  metadata: Record<string, string>;
}

export class NotOnnxError extends Error {}

const sub = (fields: ProtoField[], n: number) => fields.filter((f) => f.field === n && f.wireType === 2).map((f) => readFields(f.bytes!));
const text = (fields: ProtoField[], n: number) => decodeText(fields.find((f) => f.field === n && f.wireType === 2)?.bytes);
const int = (fields: ProtoField[], n: number) => Number(fields.find((f) => f.field === n && f.wireType === 0)?.int ?? 0n);

function valueInfo(fields: ProtoField[]): OnnxValueInfo {
  const tensor = sub(sub(fields, 2)[0] ?? [], 1)[0] ?? [];
  const dims = sub(sub(tensor, 2)[0] ?? [], 1);
  return {
    name: text(fields, 1),
    elemType: int(tensor, 1),
    shape: dims.map((d) => (d.some((f) => f.field === 1) ? int(d, 1) : d.some((f) => f.field === 2) ? text(d, 2) : null)),
  };
}

/**
 * Reads the parts of an ONNX ModelProto that import checks: versions, graph inputs and outputs,
 * and metadata_props. Throws NotOnnxError with the reason when the bytes are not an ONNX model.
 */
export function readOnnxModel(bytes: Uint8Array): OnnxModelInfo {
  if (bytes.length === 0) throw new NotOnnxError('the file is empty');
  let model: ProtoField[];
  let graph: ProtoField[] | undefined;
  try {
    model = readFields(bytes);
    graph = sub(model, 7)[0];
  } catch (err) {
    if (err instanceof ProtoError) throw new NotOnnxError(`not a valid ONNX (protobuf) file: ${err.message}`);
    throw err;
  }
  const irVersion = int(model, 1);
  if (!graph || irVersion < 3 || irVersion > 20) throw new NotOnnxError('not an ONNX model: no graph or no IR version in the file');
  try {
    const initializerNames = sub(graph, 5).map((t) => text(t, 8));
    const initializers = new Set(initializerNames);
    return {
      irVersion,
      producer: text(model, 2),
      opsets: sub(model, 8).map((o) => ({ domain: text(o, 1), version: int(o, 2) })),
      inputs: sub(graph, 11)
        .map(valueInfo)
        .filter((v) => !initializers.has(v.name)),
      outputs: sub(graph, 12).map(valueInfo),
      initializerNames,
      nodeCount: sub(graph, 1).length,
      metadata: Object.fromEntries(sub(model, 14).map((e) => [text(e, 1), text(e, 2)])),
    };
  } catch (err) {
    if (err instanceof ProtoError) throw new NotOnnxError(`the ONNX graph is damaged: ${err.message}`);
    throw err;
  }
}
