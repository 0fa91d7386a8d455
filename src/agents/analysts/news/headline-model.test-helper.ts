import { HEADLINE_FEATURE_NAMES } from '../../../shared/features/headline-features.ts';
import { writeOnnxModel } from '../../models/onnx/onnx-writer.ts';

/**
 * A real ONNX headline model for tests: tanh(w · features + b) over the lexicon's feature vector, in
 * HEADLINE_FEATURE_NAMES order. The default is a contrarian: tanh(−3 × the lexicon's score), so a
 * vote it scored points the other way from the lexicon's.
 */
export function headlineModelBytes(options: { name?: string; weights?: number[]; bias?: number; schema?: object } = {}): Uint8Array {
  const width = HEADLINE_FEATURE_NAMES.length;
  const weights = options.weights ?? [-3, ...Array.from({ length: width - 1 }, () => 0)];
  return writeOnnxModel({
    producer: 'quorum-tests',
    graphName: 'headline',
    opset: 17,
    inputs: [{ name: 'features', shape: ['batch', width] }],
    outputs: [{ name: 'direction', shape: ['batch', 1] }],
    initializers: [
      { name: 'W', dims: [width, 1], values: weights },
      { name: 'B', dims: [1], values: [options.bias ?? 0] },
    ],
    nodes: [
      { op: 'MatMul', inputs: ['features', 'W'], outputs: ['z'] },
      { op: 'Add', inputs: ['z', 'B'], outputs: ['y'] },
      { op: 'Tanh', inputs: ['y'], outputs: ['direction'] },
    ],
    metadata: {
      'quorum.name': options.name ?? 'contrarian',
      'quorum.features': JSON.stringify({
        features: HEADLINE_FEATURE_NAMES,
        window: 1,
        horizon: 1,
        output: 'direction',
        input: 'headline',
        description: "scores a headline against the lexicon's own reading",
        ...options.schema,
      }),
    },
  });
}
