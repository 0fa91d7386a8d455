import { useEffect, useMemo, useState } from 'react';
import { createPortal } from 'react-dom';
import { OptimizerMethodSchema } from '../../shared/domain/consensus.ts';
import { AlgoSchema } from '../../shared/domain/execution.ts';
import {
  editedFile,
  settingAt,
  settingLeaves,
  settingsProblems,
  type ProfileSettings,
  type SettingEdit,
  type SettingSource,
} from '../../shared/domain/settings.ts';
import { useApi } from './api-context.ts';

interface Loaded {
  settings: ProfileSettings;
  sources: Record<string, SettingSource>;
  file: Record<string, unknown>;
  path: string;
}

/** Settings with no default (left out: consensus decides), shown beside the others. */
const OPTIONAL = ['agents.technical.weight', 'agents.news.weight'];
const CHOICES: Record<string, readonly string[]> = {
  'optimizer.method': OptimizerMethodSchema.options,
  'execution.algo': AlgoSchema.options,
};
const SECTIONS: { prefix: string; title: string; note: string }[] = [
  { prefix: 'agents.', title: 'Agents', note: 'which analysts vote; a weight left empty is consensus’s default weight' },
  { prefix: 'consensus.', title: 'Consensus', note: 'how votes are weighed and when a decision acts' },
  { prefix: 'optimizer.', title: 'Optimizer', note: 'how decisions become target weights' },
  { prefix: 'rebalance', title: 'Rebalancing', note: '' },
  { prefix: 'execution.', title: 'Execution', note: 'the algorithm the Algo dialog starts with, and its parameters' },
  { prefix: 'drift.', title: 'Drift', note: 'a model’s inputs have drifted when a feature’s PSI passes this' },
  { prefix: 'session.', title: 'Session', note: 'instruments the agents trade (empty: all), the simulated market’s bars and seed' },
];

/** A value as the form shows it. */
const asText = (v: unknown) => (v === undefined ? '' : typeof v === 'string' ? v : Array.isArray(v) ? v.join(', ') : JSON.stringify(v));

/** What the text in a field means, by the kind of value the setting holds (a wrong one stays text: the schema names it). */
function fromText(path: string, text: string, like: unknown): unknown {
  const t = text.trim();
  if (t === '') return Array.isArray(like) ? [] : null;
  if (Array.isArray(like))
    return t
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  if (typeof like === 'string' || CHOICES[path]) return t;
  if (typeof like === 'number' || OPTIONAL.includes(path)) return Number.isFinite(Number(t)) ? Number(t) : t;
  try {
    return JSON.parse(t) as unknown;
  } catch {
    return t;
  }
}

const label = (path: string) =>
  path
    .split('.')
    .slice(-1)[0]!
    .replace(/([A-Z])/g, ' $1')
    .toLowerCase();

/**
 * The profile's settings: every field of the schema by section, with where its value comes from
 * (default, the file, the environment, a `--set` flag). Each problem is said beside its field as it is
 * typed (the engine's own schema); saving journals the change, writes `settings.json` and restarts the
 * engine on it.
 */
export function SettingsDialog(props: { onClose: () => void }) {
  const api = useApi();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const [serverProblems, setServerProblems] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api.settings.get({}).then(
      (r) => setLoaded(r),
      (err: Error) => setOutcome({ ok: false, text: err.message }),
    );
  }, [api]);

  const fields = useMemo(() => {
    if (!loaded) return [];
    const paths = settingLeaves(loaded.settings).map(([p]) => p);
    for (const p of OPTIONAL) if (!paths.includes(p)) paths.splice(paths.indexOf(p.replace(/weight$/, 'enabled')) + 1, 0, p);
    return paths.map((path) => ({ path, initial: asText(settingAt(loaded.settings, path)), like: settingAt(loaded.settings, path) }));
  }, [loaded]);

  const edits: SettingEdit[] = fields
    .filter((f) => texts[f.path] !== undefined && texts[f.path] !== f.initial)
    .map((f) => ({ path: f.path, value: fromText(f.path, texts[f.path]!, f.like) }));
  const problems: Record<string, string> = { ...serverProblems };
  if (loaded) for (const p of settingsProblems(editedFile(loaded.file, edits))) problems[p.path] ??= p.message;

  const save = async () => {
    setBusy(true);
    try {
      const r = await api.settings.save({ edits, by: 'ui' });
      setServerProblems(Object.fromEntries(r.problems.map((p) => [p.path, p.message])));
      setOutcome({ ok: r.saved, text: r.message });
    } catch (err) {
      setOutcome({ ok: false, text: (err as Error).message });
    } finally {
      setBusy(false);
    }
  };

  const input = (f: (typeof fields)[number]) => {
    const value = texts[f.path] ?? f.initial;
    const set = (text: string) => {
      setTexts({ ...texts, [f.path]: text });
      setServerProblems({});
    };
    const common = { name: f.path, 'aria-invalid': problems[f.path] ? true : undefined, className: problems[f.path] ? 'invalid' : '' };
    if (typeof f.like === 'boolean')
      return <input type="checkbox" {...common} checked={value === 'true'} onChange={(e) => set(String(e.target.checked))} />;
    if (CHOICES[f.path])
      return (
        <select {...common} value={value} onChange={(e) => set(e.target.value)}>
          {CHOICES[f.path]!.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      );
    return (
      <input
        {...common}
        value={value}
        onChange={(e) => set(e.target.value)}
        placeholder={f.like === undefined ? 'consensus default' : ''}
      />
    );
  };

  return createPortal(
    <div className="modal-backdrop" onClick={props.onClose}>
      <div
        className="modal modal-wide settings-dialog"
        role="dialog"
        aria-label="Settings"
        onClick={(e) => e.stopPropagation()}
        data-testid="settings-dialog"
      >
        <h3 className="modal-title">Settings</h3>
        {!loaded ? (
          <p className="note">Reading the profile's settings…</p>
        ) : (
          <>
            <p className="note">
              Kept in <code>{loaded.path}</code>; the environment (<code>QUORUM_SET_…</code>) and <code>--set</code> flags override it for a
              run.
            </p>
            <div className="settings-sections">
              {SECTIONS.map((s) => (
                <section key={s.title}>
                  <h4>
                    {s.title} {s.note && <span className="note">— {s.note}</span>}
                  </h4>
                  <div className="limits-form">
                    {fields
                      .filter((f) => f.path.startsWith(s.prefix))
                      .map((f) => {
                        const source = loaded.sources[f.path] ?? 'default';
                        return (
                          <label key={f.path} style={{ display: 'contents' }}>
                            <span title={f.path}>
                              {f.path.startsWith('agents.') ? `${f.path.split('.')[1]} ${label(f.path)}` : label(f.path)}
                            </span>
                            <span className="field">
                              {input(f)}
                              {source !== 'default' && (
                                <span className={`setting-source source-${source}`} data-testid={`source-${f.path}`}>
                                  {source === 'file' ? 'set in the file' : source === 'env' ? 'from the environment' : 'from --set'}
                                </span>
                              )}
                              {problems[f.path] && (
                                <span className="field-problem" data-testid={`problem-${f.path}`}>
                                  {problems[f.path]}
                                </span>
                              )}
                            </span>
                          </label>
                        );
                      })}
                  </div>
                </section>
              ))}
            </div>
          </>
        )}
        {outcome && (
          <p className={outcome.ok ? 'note' : 'problem'} data-testid="settings-outcome">
            {outcome.text}
          </p>
        )}
        <div className="modal-actions">
          <button
            className="btn btn-resume"
            disabled={!loaded || edits.length === 0 || Object.keys(problems).length > 0 || busy}
            onClick={() => void save()}
            data-testid="settings-save"
          >
            {busy ? 'Saving…' : edits.length ? `Save ${edits.length} change${edits.length === 1 ? '' : 's'} and restart` : 'Save'}
          </button>
          <button className="btn" onClick={props.onClose}>
            Close
          </button>
        </div>
      </div>
    </div>,
    document.body,
  );
}
