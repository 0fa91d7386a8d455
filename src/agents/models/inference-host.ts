import * as ort from 'onnxruntime-node';
import { inferenceContract } from '../../shared/contracts/inference.contract.ts';
import type { ServiceRegistry } from '../../shared/contracts/rpc-server.ts';

/**
 * The onnxruntime side of Quorum, living in the inference process so that a crashing native
 * model cannot take the engine down. Model sessions arrive with the model registry.
 */
export function registerInferenceServices(registry: ServiceRegistry): void {
  registry.register(inferenceContract, {
    status: () => ({
      runtime: 'onnxruntime-node',
      version: ort.env.versions.node ?? ort.env.versions.common,
      backends: ort.listSupportedBackends().map((b) => (b.bundled ? b.name : `${b.name} (not installed)`)),
      models: [],
    }),
  });
}
