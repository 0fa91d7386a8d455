import { useEffect, useRef, useState } from 'react';
import { AlgoSchema, type Algo, type ParentOrderSpec, type ScheduledChild } from '../../shared/domain/execution.ts';
import type { InstrumentId } from '../../shared/domain/instrument.ts';
import { useApi } from './api-context.ts';
import { LadderDialog } from './ladder-dialog.tsx';

/** Configure an execution algorithm, see its child-order schedule, then start it. */
export function AlgoDialog(props: { instrumentId: InstrumentId; onClose: () => void }) {
  const api = useApi();
  /** Whether the trader has typed in the form (then the settings' defaults arriving late do not overwrite it). */
  const touched = useRef(false);
  const [form, setForm] = useState({
    algo: 'twap' as Algo,
    side: 'buy' as 'buy' | 'sell',
    quantity: '1000',
    durationS: '60',
    slices: '10',
    participationPct: '10',
    limitPrice: '',
  });
  // The trader's usual algorithm and parameters, from the profile's settings (the form keeps what was typed since).
  useEffect(() => {
    let live = true;
    api.settings.get({}).then(
      ({ settings: { execution: e } }) => {
        if (live && !touched.current)
          setForm((f) => ({
            ...f,
            algo: e.algo,
            durationS: String(e.durationMs / 1000),
            slices: String(e.slices),
            participationPct: String(Math.round(e.participation * 10_000) / 100),
          }));
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api]);
  const edit = (patch: Partial<typeof form>) => {
    touched.current = true;
    setForm({ ...form, ...patch });
  };
  const [preview, setPreview] = useState<{ schedule: ScheduledChild[]; note: string } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const spec = (): ParentOrderSpec =>
    ({
      instrumentId: props.instrumentId,
      side: form.side,
      quantity: Number(form.quantity),
      algo: form.algo,
      durationMs: Math.round(Number(form.durationS) * 1000),
      slices: Number(form.slices),
      participation: Number(form.participationPct) / 100,
      ...(form.limitPrice ? { limitPrice: Number(form.limitPrice) } : {}),
    }) as ParentOrderSpec;

  useEffect(() => {
    let live = true;
    // The preview follows the form as it is typed; a stale answer is dropped.
    api.execution.preview(spec()).then(
      (p) => {
        if (!live) return;
        setPreview(p);
        setProblem(null);
      },
      (err: Error) => {
        if (!live) return;
        setPreview(null);
        setProblem(err.message.replace(/^execution\.preview: /, ''));
      },
    );
    return () => {
      live = false;
    };
  }, [JSON.stringify(form), props.instrumentId]);

  const field = (key: keyof typeof form, label: string) => (
    <label style={{ display: 'contents' }}>
      <span>{label}</span>
      <input name={key} value={form[key]} onChange={(e) => edit({ [key]: e.target.value })} />
    </label>
  );
  const start = async () => {
    try {
      await api.execution.start(spec());
      props.onClose();
    } catch (err) {
      setProblem((err as Error).message.replace(/^execution\.start: /, ''));
    }
  };
  const t0 = preview?.schedule[0]?.at ?? 0;
  return (
    <LadderDialog
      label="Execution algorithm"
      title={`Work an order · ${props.instrumentId}`}
      testId="algo-dialog"
      wide
      onClose={props.onClose}
      actions={
        <button className="btn btn-resume" disabled={!preview} onClick={() => void start()} data-testid="algo-start">
          Start
        </button>
      }
    >
      <div className="limits-form">
        <span>Algorithm</span>
        <select name="algo" value={form.algo} onChange={(e) => edit({ algo: e.target.value as Algo })}>
          {AlgoSchema.options.map((a) => (
            <option key={a} value={a}>
              {a.toUpperCase()}
            </option>
          ))}
        </select>
        <span>Side</span>
        <select name="side" value={form.side} onChange={(e) => edit({ side: e.target.value as 'buy' | 'sell' })}>
          <option value="buy">buy</option>
          <option value="sell">sell</option>
        </select>
        {field('quantity', 'Quantity')}
        {form.algo === 'limit' && field('limitPrice', 'Limit price')}
        {(form.algo === 'twap' || form.algo === 'vwap') && field('durationS', 'Duration (s)')}
        {(form.algo === 'twap' || form.algo === 'vwap') && field('slices', 'Slices')}
        {form.algo === 'pov' && field('participationPct', 'Participation (%)')}
      </div>
      {problem && <p className="problem">{problem}</p>}
      {preview && (
        <>
          <p className="note">Child orders: {preview.note}</p>
          <div className="schedule" data-testid="algo-preview">
            <table className="grid-table">
              <tbody>
                {preview.schedule.slice(0, 50).map((c, i) => (
                  <tr key={i}>
                    <td>+{((c.at - t0) / 1000).toFixed(1)} s</td>
                    <td>{c.quantity}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </LadderDialog>
  );
}
