import { existsSync, readFileSync } from 'node:fs';
import { modelsContract } from '../../shared/contracts/models.contract.ts';
import type { ModelRecord } from '../../shared/domain/models.ts';
import type { Kernel } from '../engine/kernel.ts';
import { readExecutionProvider } from '../store/projections.ts';
import { checkModelFile } from '../models/model-check.ts';
import { ModelImportError } from '../models/model-registry.ts';

const DEFAULT_MODEL_NAME = 'quorum-default';

/** Loads a model's session in the inference process (the row shape comes from its own file). */
async function loadInInference(kernel: Pick<Kernel, 'inference' | 'options' | 'models'>, model: ModelRecord): Promise<void> {
  const path = kernel.models.pathOf(model);
  const checked = checkModelFile(new Uint8Array(readFileSync(path)));
  if (!checked.ok) throw new Error(`${model.id}: stored file no longer passes the check: ${checked.error}`);
  await kernel.inference.api.load({ modelId: model.id, path, rowShape: checked.value.rowShape });
}

/**
 * The engine side of the models contract, and what keeps the inference process in step: on every
 * (re)attach the shipped default model is registered once (on a new profile), and every active or
 * shadow model is loaded again.
 */
/** What the model services use of the kernel, and nothing more. */
export type ModelServiceDeps = Pick<
  Kernel,
  'services' | 'inference' | 'models' | 'modelAnalyst' | 'news' | 'options' | 'uploads' | 'store' | 'bus' | 'clock'
>;

export function registerModelServices(kernel: ModelServiceDeps): void {
  // The news analyst's scores follow the active headline model too.
  const refreshAnalyst = () => {
    kernel.modelAnalyst.setModels(kernel.models.list());
    kernel.news?.rescore();
  };

  kernel.inference.onAttach(() => {
    void (async () => {
      try {
        const file = kernel.options.defaultModelPath;
        if (file && existsSync(file) && !kernel.models.list().some((m) => m.name === DEFAULT_MODEL_NAME)) {
          const { record } = await kernel.models.importModel(new Uint8Array(readFileSync(file)), {
            name: DEFAULT_MODEL_NAME,
            fileName: file,
            status: 'active',
          });
          kernel.options.log.info({ model: record.id }, 'registered the shipped default model');
        }
        // A new inference process starts on `auto`: the trader's choice first, then the models on it.
        const setting = readExecutionProvider(kernel.store.db);
        if (setting !== 'auto') await kernel.inference.api.setProvider({ setting });
        for (const m of kernel.models.list()) if (m.status !== 'inactive') await loadInInference(kernel, m);
      } catch (err) {
        kernel.options.log.error({ err: (err as Error).message }, 'could not load the models into the inference process');
      }
      refreshAnalyst();
    })();
  });
  refreshAnalyst();

  kernel.services.register(modelsContract, {
    list: async () => {
      const status = kernel.inference.connected ? await kernel.inference.api.status({}).catch(() => null) : null;
      return {
        models: kernel.models.list(),
        stats: kernel.modelAnalyst.stats(),
        loaded: status?.models ?? [],
        providerSetting: status?.providerSetting ?? null,
        inference: status ? ('connected' as const) : ('unavailable' as const),
        deadlineMs: kernel.modelAnalyst.deadlineMs,
      };
    },
    import: async ({ name, uploadId }) => {
      if (!kernel.inference.connected)
        throw new Error('the inference process is not running; try again when the models panel shows it connected');
      const { fileName, bytes } = kernel.uploads.take(uploadId);
      try {
        return await kernel.models.importModel(bytes, { name, fileName });
      } catch (err) {
        if (err instanceof ModelImportError) throw new Error(err.message, { cause: err });
        throw err;
      }
    },
    setStatus: async ({ modelId, status }) => {
      const model = kernel.models.get(modelId);
      if (status !== 'inactive') await loadInInference(kernel, model);
      const updated = kernel.models.setStatus(modelId, status, 'set by the trader');
      if (status === 'inactive' && kernel.inference.connected) await kernel.inference.api.unload({ modelId });
      refreshAnalyst();
      return updated;
    },
    // Kept in the profile (journaled) once the inference process applied it: a restarted one gets it again.
    setProvider: async ({ setting }) => {
      const r = await kernel.inference.api.setProvider({ setting });
      if (readExecutionProvider(kernel.store.db) !== setting) {
        const now = kernel.clock.now();
        kernel.bus.publish('ExecutionProviderChanged', {
          type: 'ExecutionProviderChanged',
          tsEvent: now,
          tsInit: now,
          source: 'trader',
          setting,
        });
      }
      return r;
    },
  });
}
