import { editedFile, settingLeaves, settingsProblems, type SettingEdit, type SettingProblem } from '../../shared/domain/settings.ts';
import type { EventOf } from '../../shared/messages/events.ts';
import type { Store } from '../store/store.ts';
import { readJournaledSettingsFile } from '../store/projections.ts';
import { readSettingsFile, writeSettingsFile } from './profile-settings.ts';

type Layer = Record<string, unknown>;
type Change = EventOf<'SettingsChanged'>['changes'][number];

const text = (v: unknown) => (v === undefined ? null : JSON.stringify(v));

/** The leaves that differ between two settings files, by dotted path. */
export function settingsDiff(before: Layer, after: Layer): Change[] {
  const a = new Map(settingLeaves(before).filter(([p]) => p));
  const b = new Map(settingLeaves(after).filter(([p]) => p));
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  return paths.map((path) => ({ path, from: text(a.get(path)), to: text(b.get(path)) })).filter((c) => c.from !== c.to);
}

export type SettingsSave =
  { saved: true; changes: Change[]; event: EventOf<'SettingsChanged'> | null } | { saved: false; problems: SettingProblem[] };

/**
 * Changes the profile's settings file: the edits are checked with the whole file (every problem named
 * by its field, nothing written when there is one), journaled as `SettingsChanged`, then written.
 * `journal` records the event (the kernel's bus in a session, the store's record from the CLI).
 */
export function saveSettings(
  dataDir: string,
  edits: readonly SettingEdit[],
  by: 'cli' | 'ui',
  now: number,
  journal: (event: EventOf<'SettingsChanged'>) => void,
): SettingsSave {
  const current = readSettingsFile(dataDir);
  if (!current.ok) return { saved: false, problems: [{ path: '(file)', message: current.error }] };
  const next = editedFile(current.value, edits);
  const problems = settingsProblems(next);
  if (problems.length) return { saved: false, problems };
  const changes = settingsDiff(current.value, next);
  if (!changes.length) return { saved: true, changes, event: null };
  const event: EventOf<'SettingsChanged'> = {
    type: 'SettingsChanged',
    tsEvent: now,
    tsInit: now,
    source: by === 'ui' ? 'settings.dialog' : 'cli.config',
    by,
    changes,
    file: next,
  };
  journal(event);
  writeSettingsFile(dataDir, next);
  return { saved: true, changes, event };
}

/**
 * A settings file edited by hand since the journal last recorded it: the difference journaled when a
 * session starts (`by: 'file'`). A profile that never had a file records nothing for an empty one.
 */
export function journalHandEdits(store: Store, dataDir: string, now: number): EventOf<'SettingsChanged'> | null {
  const file = readSettingsFile(dataDir);
  if (!file.ok) return null;
  const changes = settingsDiff(readJournaledSettingsFile(store.db) ?? {}, file.value);
  if (!changes.length) return null;
  const event: EventOf<'SettingsChanged'> = {
    type: 'SettingsChanged',
    tsEvent: now,
    tsInit: now,
    source: 'settings.file',
    by: 'file',
    changes,
    file: file.value,
  };
  store.record(event);
  return event;
}
