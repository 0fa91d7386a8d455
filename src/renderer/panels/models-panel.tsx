import { useState } from 'react';
import type { ModelDriftView } from '../../shared/contracts/drift.contract.ts';
import { useOperations } from '../state/operations-store.ts';
import { ExecutionProviderSettingSchema, type ExecutionProviderSetting } from '../../shared/contracts/inference.contract.ts';
import { scoresHeadlines, type ModelStatus } from '../../shared/domain/models.ts';
import { FilePicker } from '../components/file-picker.tsx';
import { HeaderRow } from '../components/header-row.tsx';
import { useApi } from '../components/api-context.ts';
import { formatPercent } from '../components/format.ts';
import { EmptyState, Panel } from '../components/panel.tsx';
import { useAnalysis } from '../state/analysis-store.ts';
import { useSession } from '../state/session-store.ts';

const PROVIDERS = ExecutionProviderSettingSchema.options;
const ms = (x: number | null | undefined) =>
  x === null || x === undefined ? '–' : x < 1 ? `${(x * 1000).toFixed(0)} µs` : `${x.toFixed(1)} ms`;
/** "1.9 / 13.0 ms": the unit once when both are in milliseconds (the column is narrow). */
const latencyPair = (p50: number | null | undefined, p99: number | null | undefined) =>
  p50 != null && p99 != null && p50 >= 1 ? `${p50.toFixed(1)} / ${ms(p99)}` : `${ms(p50)} / ${ms(p99)}`;

/** The model registry: versions, status (active, shadow, inactive), provider, latency, hit rates; import. */
export function ModelsPanel() {
  const api = useApi();
  const view = useAnalysis((s) => s.models);
  const inference = useSession((s) => s.inference);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const drift = new Map((useOperations((s) => s.drift) ?? []).map((d) => [d.modelId, d]));

  const act = async (what: () => Promise<string>) => {
    setBusy(true);
    try {
      setMessage({ ok: true, text: await what() });
    } catch (err) {
      setMessage({ ok: false, text: (err as Error).message });
    } finally {
      setBusy(false);
    }
  };
  const importFile = (f: File) =>
    act(async () => {
      const bytes = new Uint8Array(await f.arrayBuffer());
      const uploadId = await api.upload(f.name, bytes, (sent, total) =>
        setMessage({ ok: true, text: `sending ${f.name}: ${Math.round((100 * sent) / total)} %` }),
      );
      const r = await api.models.import({ uploadId });
      return `registered ${r.record.id} (sha256 ${r.record.sha256.slice(0, 12)}…) on ${r.provider}; activate it or put it in shadow below`;
    });
  const setStatus = (modelId: string, status: ModelStatus) =>
    act(async () => `${(await api.models.setStatus({ modelId, status })).id} is now ${status}`);
  const setProvider = (setting: ExecutionProviderSetting) =>
    act(async () => {
      const r = await api.models.setProvider({ setting });
      return `provider ${setting}: ${r.reloaded.map((m) => `${m.id} on ${m.provider}`).join(', ') || 'no model loaded'}`;
    });

  const actions = (
    <>
      <select
        aria-label="Execution provider"
        value={view?.providerSetting ?? 'auto'}
        disabled={busy || view?.inference !== 'connected'}
        onChange={(e) => void setProvider(e.target.value as ExecutionProviderSetting)}
      >
        {PROVIDERS.map((p) => (
          <option key={p} value={p}>
            {p}
          </option>
        ))}
      </select>
      <FilePicker label="Import…" accept=".onnx" disabled={busy} testId="model-file" onFile={(f) => void importFile(f)} />
    </>
  );
  const stats = new Map((view?.stats ?? []).map((s) => [s.modelId, s]));
  const loaded = new Map((view?.loaded ?? []).map((l) => [l.id, l]));
  return (
    <Panel title="Models" id="models" area="models" actions={actions}>
      {inference?.state === 'connected' ? (
        <p className="note" data-testid="inference-runtime">
          {inference.runtime} {inference.version} · providers: {inference.backends.join(', ')} · vote deadline {view?.deadlineMs ?? '–'} ms
        </p>
      ) : (
        <p className="note warn">
          Inference process: {inference ? `unavailable (${inference.error ?? 'no answer'})` : 'not checked yet'} — model votes are missing
          until it is back.
        </p>
      )}
      {message ? (
        <p className={message.ok ? 'note' : 'note error'} role={message.ok ? 'status' : 'alert'} data-testid="model-message">
          {message.text}
        </p>
      ) : null}
      {!view || view.models.length === 0 ? (
        <EmptyState>
          No models registered. Import an ONNX model with a quorum.features schema; it will be listed here with its versions.
        </EmptyState>
      ) : (
        <table className="grid-table" data-testid="models">
          <thead>
            <HeaderRow columns={['model', 'status', 'hit rate', 'votes / miss / err', 'latency p50 / p99', 'drift (PSI) / IC']} />
          </thead>
          <tbody>
            {view.models.map((m) => {
              const st = stats.get(m.id);
              const l = loaded.get(m.id);
              return (
                <tr
                  key={m.id}
                  data-model={m.id}
                  className={st?.degraded ? 'degraded' : ''}
                  title={`sha256 ${m.sha256}\n${m.schema.description ?? ''}`}
                >
                  <td>
                    {m.id}
                    <div className="note sha">
                      {m.sha256.slice(0, 8)}
                      {scoresHeadlines(m) ? ' · scores headlines for the news analyst' : ''}
                    </div>
                  </td>
                  <td>
                    <select
                      value={m.status}
                      disabled={busy}
                      aria-label={`Status of ${m.id}`}
                      onChange={(e) => void setStatus(m.id, e.target.value as ModelStatus)}
                    >
                      <option value="active">active</option>
                      <option value="shadow">shadow</option>
                      <option value="inactive">inactive</option>
                    </select>
                    <div className="note" title={l?.fallbacks.join('\n')} data-testid={`provider-${m.id}`}>
                      {l ? `on ${l.provider}` : m.status === 'inactive' ? '' : 'not loaded'}
                    </div>
                  </td>
                  <td>
                    {formatPercent(st?.hitRate)} {st ? <span className="note">({st.scored})</span> : null}
                  </td>
                  <td>
                    {st ? `${st.signals} / ${st.missing} / ${st.errors}` : '–'}
                    {st?.degraded ? <span className="badge warn">degraded: {st.lastError}</span> : null}
                  </td>
                  <td>{latencyPair(st?.p50Ms, st?.p99Ms)}</td>
                  <td data-testid={`drift-${m.id}`} data-drifted={drift.get(m.id)?.drifted ?? false}>
                    <DriftCell drift={drift.get(m.id)} inputs={scoresHeadlines(m) ? 'headlines' : 'bars'} />
                    <PromoteButton status={m.status} disabled={busy} onChange={(to) => void setStatus(m.id, to)} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </Panel>
  );
}

/**
 * Beside the drift figures, the move they call for: a shadow model promoted to active (it votes with
 * its weight from the next bar), an active one demoted to shadow (it keeps voting with weight zero,
 * its hit rate and drift still tracked). An inactive model has neither.
 */
function PromoteButton(props: { status: ModelStatus; disabled: boolean; onChange: (to: ModelStatus) => void }) {
  if (props.status === 'inactive') return null;
  const to = props.status === 'shadow' ? 'active' : 'shadow';
  return (
    <button type="button" className="btn btn-small" data-testid="promote" disabled={props.disabled} onClick={() => props.onChange(to)}>
      {to === 'active' ? 'promote' : 'demote'}
    </button>
  );
}

/** A model's drift: its most shifted input's PSI (amber past 0.25), with every feature's and the reference in the tooltip, and its live IC. */
function DriftCell(props: { drift: ModelDriftView | undefined; inputs: 'bars' | 'headlines' }) {
  const d = props.drift;
  if (!d) return <>–</>;
  if (!d.reference)
    return <span className="note">{props.inputs === 'headlines' ? 'no reference yet (after 100 headlines)' : 'no reference yet'}</span>;
  const worst = d.features[0];
  const title = [
    `reference: ${d.reference.source} (${d.reference.rows} rows)`,
    ...d.features.map((f) => `${f.feature}: PSI ${f.psi.toFixed(3)}`),
  ].join('\n');
  return (
    <span title={title}>
      {worst ? (
        <span className={d.drifted ? 'badge warn' : ''}>{`${worst.psi.toFixed(2)} ${worst.feature}`}</span>
      ) : (
        <span className="note">too few {props.inputs} yet</span>
      )}
      <div className="note">
        IC {d.informationCoefficient === null ? '–' : d.informationCoefficient.toFixed(2)} ({d.scored})
      </div>
    </span>
  );
}
