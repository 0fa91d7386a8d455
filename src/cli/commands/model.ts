import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { sendUpload } from '../../shared/contracts/send-upload.ts';
import type { ModelStatus } from '../../shared/domain/models.ts';
import { LiveClock } from '../../agents/engine/live-clock.ts';
import { InferenceHost } from '../../agents/inference/inference-host.ts';
import { checkModelFile } from '../../agents/models/model-check.ts';
import { ModelImportError, ModelRegistry } from '../../agents/models/model-registry.ts';
import { reportMarkdown, trainDefaultModel } from '../training/default-model.ts';
import { Store } from '../../agents/store/store.ts';
import { CliError } from '../cli-error.ts';
import { DATABASE_FILE, parseOptions, resolveDataDir } from '../cli-options.ts';
import { readRuntime } from '../serve/runtime-file.ts';
import { serverCall } from '../serve/ask-server.ts';
import { createEngineClient } from '../../shared/contracts/engine-client.ts';

const USAGE = `usage: quorum model import FILE.onnx [--name NAME] [--data DIR]
       quorum model list [--json] [--data DIR]
       quorum model activate|promote|shadow|demote|deactivate ID [--data DIR]
       quorum model drift [--json] [--data DIR]
       quorum model train-default [--input FILE.csv] [--out DIR]`;

/** promote is activate, demote is shadow: the words the drift figures call for. */
const STATUS_BY_SUBCOMMAND: Partial<Record<string, ModelStatus>> = {
  activate: 'active',
  promote: 'active',
  shadow: 'shadow',
  demote: 'shadow',
  deactivate: 'inactive',
};

const REPO = new URL('../../../', import.meta.url).pathname;

/** `quorum model …`: the local model registry from a terminal. */
export async function runModel(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseOptions(rest, {
    name: { type: 'string' },
    data: { type: 'string' },
    json: { type: 'boolean' },
    input: { type: 'string' },
    out: { type: 'string' },
  });
  if (sub === 'train-default')
    return trainDefault(values.input ?? join(REPO, 'resources/data/sp500-2000.csv'), values.out ?? join(REPO, 'resources/models'));
  const dataDir = resolveDataDir(values.data);
  if (sub === 'import') {
    const file = positionals[0];
    if (!file) throw new CliError(USAGE);
    if (!existsSync(file)) throw new CliError(`no such file: ${file}`);
    const bytes = new Uint8Array(readFileSync(file));
    // What the file alone can tell is checked before a profile is opened (or made, in a new --data DIR).
    const checked = checkModelFile(bytes);
    if (!checked.ok) throw new CliError(`${file}: ${checked.error}`, 1);
    const runtime = readRuntime(dataDir);
    const result = runtime
      ? await createEngineClient(serverCall(runtime)).models.import({
          ...(values.name ? { name: values.name } : {}),
          uploadId: await sendUpload(serverCall(runtime), basename(file), bytes),
        })
      : await withRegistry(dataDir, (reg) => reg.importModel(bytes, { name: values.name, fileName: file }));
    const m = result.record;
    console.log(
      `registered ${m.id} (sha256 ${m.sha256}), ${m.schema.features.length} features, window ${m.schema.window}, horizon ${m.schema.horizon}; loaded on ${result.provider}; status ${m.status}`,
    );
    return 0;
  }
  if (sub === 'list') {
    const models = await withRegistry(dataDir, async (reg) => reg.list(), true);
    if (values.json) console.log(JSON.stringify(models));
    else if (models.length === 0) console.log(`no models registered in ${dataDir}`);
    else
      for (const m of models)
        console.log(
          `${m.id.padEnd(28)} ${m.status.padEnd(9)} ${m.sha256.slice(0, 16)}  ${m.schema.features.length} features · horizon ${m.schema.horizon} · ${new Date(m.importedAt).toISOString()}`,
        );
    return 0;
  }
  if (sub === 'drift') return drift(dataDir, values.json === true);
  const status = STATUS_BY_SUBCOMMAND[sub ?? ''];
  if (status) {
    const id = positionals[0];
    if (!id) throw new CliError(USAGE);
    const runtime = readRuntime(dataDir);
    const m = runtime
      ? await createEngineClient(serverCall(runtime)).models.setStatus({ modelId: id, status })
      : await withRegistry(dataDir, async (reg) => reg.setStatus(id, status, 'quorum model from the command line'));
    console.log(`${m.id} is now ${m.status}`);
    return 0;
  }
  throw new CliError(USAGE);
}

/** Each active and shadow model's drift, as the running server's engine measures it (from the session's recorded bars). */
async function drift(dataDir: string, json: boolean): Promise<number> {
  const runtime = readRuntime(dataDir);
  if (!runtime)
    throw new CliError(`no quorum serve runs on ${dataDir}: drift is measured by the running engine (start one with quorum serve)`, 1);
  const models = await createEngineClient(serverCall(runtime)).drift.models({});
  if (json) console.log(JSON.stringify(models, null, 2));
  else if (!models.length) console.log('no active or shadow model');
  for (const d of json ? [] : models) {
    const ic = d.informationCoefficient === null ? '–' : d.informationCoefficient.toFixed(3);
    console.log(
      `${d.modelId} (${d.status}): ${d.drifted ? 'DRIFTED' : 'stable'} · ${d.rows} recent rows · IC ${ic} over ${d.scored} scored votes`,
    );
    console.log(`  reference: ${d.reference ? `${d.reference.source} (${d.reference.rows} rows)` : 'none yet (too few bars recorded)'}`);
    for (const f of d.features) console.log(`  ${f.feature.padEnd(14)} PSI ${f.psi.toFixed(3)}${f.psi > 0.25 ? '  shifted' : ''}`);
  }
  return 0;
}

async function withRegistry<T>(dataDir: string, use: (reg: ModelRegistry) => Promise<T>, readOnly = false): Promise<T> {
  const file = join(dataDir, DATABASE_FILE);
  if (readOnly && !existsSync(file)) throw new CliError(`no Quorum data in ${dataDir}`, 1);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const store = Store.open(file);
  const host = new InferenceHost((process.env['QUORUM_EP'] as never) ?? 'auto');
  try {
    return await use(new ModelRegistry(store, join(dataDir, 'models'), (p, shape) => host.probe(p, shape), new LiveClock()));
  } catch (err) {
    if (err instanceof ModelImportError) throw new CliError(err.message, 1);
    throw err;
  } finally {
    store.close();
  }
}

function trainDefault(input: string, outDir: string): number {
  if (!existsSync(input)) throw new CliError(`no such file: ${input}`);
  const { onnx, report } = trainDefaultModel(readFileSync(input, 'utf8'), 'resources/data/sp500-2000.csv');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'quorum-default.onnx'), onnx);
  writeFileSync(join(outDir, 'quorum-default.report.json'), JSON.stringify(report, null, 2) + '\n');
  writeFileSync(join(outDir, 'quorum-default.report.md'), reportMarkdown(report));
  const h = report.heldOut;
  console.log(
    `wrote ${resolve(outDir, 'quorum-default.onnx')} (${onnx.length} bytes); held out ${h.from}…${h.to}: accuracy ${(h.accuracy * 100).toFixed(2)} % vs ${(h.baselineAccuracy * 100).toFixed(2)} % always-up, IC ${h.informationCoefficient.toFixed(4)}`,
  );
  return 0;
}
