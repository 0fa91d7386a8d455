import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngineClient } from '../../shared/contracts/engine-client.ts';
import { parseSettingValue, settingAt, type ProfileSettings, type SettingEdit, type SettingProblem } from '../../shared/domain/settings.ts';
import {
  envLayer,
  loadProfileSettings,
  resolveSettings,
  settingsFilePath,
  SETTINGS_ENV_PREFIX,
} from '../../agents/settings/profile-settings.ts';
import { journalHandEdits, saveSettings } from '../../agents/settings/settings-changes.ts';
import { openCheckedProfile } from '../../agents/store/open-profile.ts';
import { LiveClock } from '../../agents/engine/live-clock.ts';
import { CliError } from '../cli-error.ts';
import { DATABASE_FILE, parseOptions, resolveDataDir } from '../cli-options.ts';
import { serverCall } from '../serve/ask-server.ts';
import { readRuntime } from '../serve/runtime-file.ts';

const USAGE =
  'usage: quorum config show [--set PATH=VALUE …] [--json] | validate [--file FILE] | set PATH=VALUE … | unset PATH … [--data DIR]';

/**
 * `quorum config show|validate|set|unset`: the profile's settings (`<data>/settings.json` under
 * `QUORUM_SET_…` environment variables and `--set` flags), each value with where it comes from; a
 * change is checked whole, journaled and written (through the running server, which restarts its
 * engine on it, when one runs).
 */
export async function runConfig(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    data: { type: 'string' },
    json: { type: 'boolean' },
    set: { type: 'string', multiple: true },
    file: { type: 'string' },
  });
  const [action, ...rest] = positionals;
  const dataDir = resolveDataDir(values.data);
  if (action === 'show') return await show(dataDir, values.set ?? [], values.json === true);
  if (action === 'validate') return validate(dataDir, values.file);
  if (action === 'set') return change(dataDir, rest.map(parseEdit));
  if (action === 'unset')
    return change(
      dataDir,
      rest.map((path) => ({ path, value: null })),
    );
  throw new CliError(USAGE);
}

/**
 * The settings with their sources: those the running server's engine uses (its environment and
 * flags included), else what a session started now would use (this shell's environment, `--set`).
 */
async function show(dataDir: string, sets: string[], json: boolean): Promise<number> {
  const runtime = sets.length ? null : readRuntime(dataDir);
  let shown: { settings: ProfileSettings; sources: Record<string, string> };
  if (runtime) shown = await createEngineClient(serverCall(runtime)).settings.get({});
  else {
    const loaded = loadProfileSettings(dataDir, sets);
    if (!loaded.ok) throw new CliError(`the settings are not valid:\n${loaded.error}`, 1);
    shown = loaded.value;
  }
  const { settings, sources } = shown;
  const file = settingsFilePath(dataDir);
  if (json) {
    console.log(JSON.stringify({ file, running: runtime !== null, settings, sources }, null, 2));
    return 0;
  }
  const width = Math.max(...Object.keys(sources).map((p) => p.length));
  console.log(
    runtime
      ? `settings the quorum serve on ${dataDir} (pid ${runtime.pid}) runs with (file: ${file})`
      : `settings of ${dataDir} (file: ${file}${existsSync(file) ? '' : ', none yet'})`,
  );
  for (const [path, source] of Object.entries(sources))
    console.log(`${path.padEnd(width)}  ${JSON.stringify(settingAt(settings, path))}${source === 'default' ? '' : `  (${source})`}`);
  return 0;
}

/** Checks a settings file (the profile's, or `--file`) with the environment over it; exit 1 naming each bad field. */
function validate(dataDir: string, file: string | undefined): number {
  const path = file ?? settingsFilePath(dataDir);
  if (!existsSync(path)) throw new CliError(`${path}: no such file`, 1);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new CliError(`${path}: not JSON: ${(err as Error).message}`, 1);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new CliError(`${path}: must hold a JSON object`, 1);
  const resolved = resolveSettings({ file: json as Record<string, unknown>, env: envLayer(process.env), flag: {} });
  if (!resolved.ok) {
    const where = (s: string) => (s === 'env' ? `the environment (${SETTINGS_ENV_PREFIX}…)` : path);
    throw new CliError(resolved.problems.map((p) => `${where(p.source)}: ${p.path}: ${p.message}`).join('\n'), 1);
  }
  console.log(`${path}: valid (${Object.values(resolved.sources).filter((s) => s !== 'default').length} setting(s) not at their default)`);
  return 0;
}

function parseEdit(text: string): SettingEdit {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new CliError(`"${text}": expected PATH=VALUE, e.g. quorum config set consensus.buyThreshold=0.2`);
  return { path: text.slice(0, eq).trim(), value: parseSettingValue(text.slice(eq + 1).trim()) };
}

const describeProblems = (problems: SettingProblem[], dataDir: string) =>
  `not saved (${settingsFilePath(dataDir)} is unchanged):\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`;

async function change(dataDir: string, edits: SettingEdit[]): Promise<number> {
  if (!edits.length) throw new CliError(USAGE);
  const runtime = readRuntime(dataDir);
  if (runtime) {
    const r = await createEngineClient(serverCall(runtime)).settings.save({ edits, by: 'cli' });
    if (!r.saved) throw new CliError(describeProblems(r.problems, dataDir), 1);
    console.log(r.message);
    return 0;
  }
  mkdirSync(dataDir, { recursive: true });
  const store = openCheckedProfile(join(dataDir, DATABASE_FILE), (reason) => {
    throw new CliError(`cannot change the settings: ${reason}`);
  });
  try {
    const now = new LiveClock().now();
    journalHandEdits(store, dataDir, now);
    const r = saveSettings(dataDir, edits, 'cli', now, (event) => store.record(event));
    if (!r.saved) throw new CliError(describeProblems(r.problems, dataDir), 1);
    console.log(
      r.changes.length
        ? r.changes.map((c) => `${c.path}: ${c.from ?? '(default)'} → ${c.to ?? '(default)'}`).join('\n')
        : 'nothing changed',
    );
    return 0;
  } finally {
    store.close();
  }
}
