import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  parseSettingValue,
  ProfileSettingsSchema,
  settingLeaves,
  settingsProblems,
  withSetting,
  type ProfileSettings,
  type SettingProblem,
  type SettingSource,
} from '../../shared/domain/settings.ts';

/** The profile's settings file, in its data directory. */
export const SETTINGS_FILE = 'settings.json';
/** An environment variable `QUORUM_SET_consensus__buyThreshold=0.2` sets `consensus.buyThreshold`. */
export const SETTINGS_ENV_PREFIX = 'QUORUM_SET_';

type Layer = Record<string, unknown>;

/** The layers over the defaults, lowest first. */
export interface SettingsLayers {
  file: Layer;
  env: Layer;
  flag: Layer;
}

export type Resolved =
  | { ok: true; settings: ProfileSettings; sources: Record<string, SettingSource>; layers: SettingsLayers }
  | { ok: false; problems: (SettingProblem & { source: SettingSource })[] };

export function settingsFilePath(dataDir: string): string {
  return join(dataDir, SETTINGS_FILE);
}

/** The settings file as written (`{}` when there is none); a file that is not a JSON object is an error naming it. */
export function readSettingsFile(dataDir: string): { ok: true; value: Layer } | { ok: false; error: string } {
  const file = settingsFilePath(dataDir);
  if (!existsSync(file)) return { ok: true, value: {} };
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    return { ok: false, error: `${file}: not JSON: ${(err as Error).message}` };
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return { ok: false, error: `${file}: must hold a JSON object` };
  return { ok: true, value: json as Layer };
}

/** Writes the settings file whole (a new file renamed over the old: a crash leaves one or the other). */
export function writeSettingsFile(dataDir: string, value: Layer): void {
  const file = settingsFilePath(dataDir);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

/** The settings the environment sets (`QUORUM_SET_a__b=value`). */
export function envLayer(env: NodeJS.ProcessEnv): Layer {
  let layer: Layer = {};
  for (const [name, text] of Object.entries(env)) {
    if (!name.startsWith(SETTINGS_ENV_PREFIX) || text === undefined) continue;
    layer = withSetting(layer, name.slice(SETTINGS_ENV_PREFIX.length).split('__').join('.'), parseSettingValue(text));
  }
  return layer;
}

/** The settings `--set path=value` flags set; a flag without `=` is an error naming it. */
export function flagLayer(sets: readonly string[]): { ok: true; value: Layer } | { ok: false; error: string } {
  let layer: Layer = {};
  for (const set of sets) {
    const eq = set.indexOf('=');
    if (eq <= 0) return { ok: false, error: `--set ${set}: expected PATH=VALUE, e.g. --set consensus.buyThreshold=0.2` };
    layer = withSetting(layer, set.slice(0, eq).trim(), parseSettingValue(set.slice(eq + 1).trim()));
  }
  return { ok: true, value: layer };
}

/** Later layers' leaves over earlier ones'. */
function merge(...layers: Layer[]): Layer {
  let out: Layer = {};
  for (const layer of layers) for (const [path, value] of settingLeaves(layer)) if (path) out = withSetting(out, path, value);
  return out;
}

/** The highest layer that sets a path (or one of its parents or children). */
function sourceOf(path: string, layers: SettingsLayers): SettingSource {
  const sets = (layer: Layer) => settingLeaves(layer).some(([p]) => p === path || p.startsWith(`${path}.`) || path.startsWith(`${p}.`));
  if (sets(layers.flag)) return 'flag';
  if (sets(layers.env)) return 'env';
  if (sets(layers.file)) return 'file';
  return 'default';
}

/** defaults < file < environment < flags, validated whole; each problem says which layer set the field. */
export function resolveSettings(layers: SettingsLayers): Resolved {
  const merged = merge(layers.file, layers.env, layers.flag);
  const problems = settingsProblems(merged);
  if (problems.length) return { ok: false, problems: problems.map((p) => ({ ...p, source: sourceOf(p.path, layers) })) };
  const settings = ProfileSettingsSchema.parse(merged);
  const sources = Object.fromEntries(settingLeaves(settings).map(([path]) => [path, sourceOf(path, layers)]));
  return { ok: true, settings, sources, layers };
}

/** One line per problem: `<where>: <path>: <message>`. */
export function describeProblems(problems: (SettingProblem & { source: SettingSource })[], dataDir: string): string {
  const where = (s: SettingSource) =>
    s === 'file'
      ? settingsFilePath(dataDir)
      : s === 'env'
        ? `the environment (${SETTINGS_ENV_PREFIX}…)`
        : s === 'flag'
          ? '--set'
          : 'settings';
  return problems.map((p) => `${where(p.source)}: ${p.path}: ${p.message}`).join('\n');
}

/** The profile's settings: its file, this process's environment and the given `--set` flags. */
export function loadProfileSettings(
  dataDir: string,
  sets: readonly string[] = [],
  env: NodeJS.ProcessEnv = process.env,
): { ok: true; value: Extract<Resolved, { ok: true }> } | { ok: false; error: string } {
  const file = readSettingsFile(dataDir);
  if (!file.ok) return file;
  const flag = flagLayer(sets);
  if (!flag.ok) return flag;
  const resolved = resolveSettings({ file: file.value, env: envLayer(env), flag: flag.value });
  return resolved.ok ? { ok: true, value: resolved } : { ok: false, error: describeProblems(resolved.problems, dataDir) };
}
