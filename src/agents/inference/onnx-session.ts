import * as ort from 'onnxruntime-node';

export const EXECUTION_PROVIDER_SETTINGS = ['auto', 'cpu', 'cuda', 'dml', 'coreml', 'webgpu'] as const;
export type ExecutionProviderSetting = (typeof EXECUTION_PROVIDER_SETTINGS)[number];

/** The providers to try, best first; CPU always closes the list. */
export function providerCandidates(setting: ExecutionProviderSetting, platform: NodeJS.Platform = process.platform): string[] {
  if (setting === 'cpu') return ['cpu'];
  if (setting !== 'auto') return [setting, 'cpu'];
  if (platform === 'win32') return ['dml', 'cuda', 'cpu'];
  if (platform === 'darwin') return ['coreml', 'cpu'];
  return ['cuda', 'cpu'];
}

export interface OpenedSession {
  session: ort.InferenceSession;
  provider: string;
  /** Why better providers were passed over (absent when the first choice worked). */
  fallbacks: string[];
}

/** Opens a session on the first provider that works, and says which one that was and why others failed. */
export async function openSession(model: Uint8Array, setting: ExecutionProviderSetting): Promise<OpenedSession> {
  const fallbacks: string[] = [];
  let lastError: Error | null = null;
  for (const provider of providerCandidates(setting)) {
    try {
      const session = await ort.InferenceSession.create(model, {
        executionProviders: [provider],
        graphOptimizationLevel: 'all',
        intraOpNumThreads: 1,
        logSeverityLevel: 3,
      });
      return { session, provider, fallbacks };
    } catch (err) {
      lastError = err as Error;
      if (provider !== 'cpu') fallbacks.push(`${provider}: ${firstLine(lastError.message)}`);
    }
  }
  throw new Error(`onnxruntime cannot load the model: ${firstLine(lastError?.message ?? 'unknown error')}`);
}

const firstLine = (s: string) => s.split('\n')[0]!.slice(0, 300);

/** Runs a [rows × width] float32 batch through the model's first input and returns its first output. */
export async function runRows(session: ort.InferenceSession, data: Float32Array, rows: number, shape: number[]): Promise<Float32Array> {
  const input = new ort.Tensor('float32', data, [rows, ...shape]);
  const result = await session.run({ [session.inputNames[0]!]: input });
  const out = result[session.outputNames[0]!];
  if (!out || out.type !== 'float32') throw new Error(`the model's output ${session.outputNames[0]} is not float32`);
  return out.data as Float32Array;
}
