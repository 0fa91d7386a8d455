import { useState } from 'react';
import { FilePicker } from '../../components/file-picker.tsx';
import type { EngineApi } from '../../state/engine-sync.ts';
import { useBacktests } from '../../state/backtest-store.ts';

const MAX_IMPORT_BYTES = 100_000_000;

/** The data files a backtest can read (bundled and imported), asked for when the view opens or the engine comes back. */
export async function loadDataFiles(api: EngineApi): Promise<void> {
  try {
    useBacktests.getState().patch({ inputs: await api.backtests.inputs({}) });
  } catch (err) {
    useBacktests.getState().patch({ error: (err as Error).message });
  }
}

/** Runs a change to the data files, then shows the new list and what was done (or why not). */
async function changeDataFiles(api: EngineApi, change: () => Promise<string>): Promise<void> {
  const patch = useBacktests.getState().patch;
  try {
    const notice = await change();
    patch({ inputs: await api.backtests.inputs({}), formError: null, notice });
  } catch (err) {
    patch({ formError: (err as Error).message, notice: null });
  }
}

/** Sends a CSV of bars to the engine, which checks every row and keeps it; the list then shows it. */
export function ImportData({ api, onImported }: { api: EngineApi; onImported: (name: string) => void }) {
  const [busy, setBusy] = useState(false);
  const importFile = async (f: File) => {
    setBusy(true);
    await changeDataFiles(api, async () => {
      if (f.size > MAX_IMPORT_BYTES)
        throw new Error(`${f.name}: ${(f.size / 1e6).toFixed(0)} MB is more than the 100 MB a data file may have`);
      const imported = await api.backtests.importData({ uploadId: await api.upload(f.name, new Uint8Array(await f.arrayBuffer())) });
      onImported(imported.name);
      return `imported ${imported.name}: ${imported.bars} bars, ${imported.from} → ${imported.to}`;
    });
    setBusy(false);
  };
  return (
    <FilePicker
      label={busy ? 'Importing…' : 'Import CSV…'}
      accept=".csv,text/csv"
      disabled={busy}
      testId="backtest-file"
      className="btn btn-small"
      onFile={(f) => void importFile(f)}
    />
  );
}

/** Deletes an imported file after a second click ("remove?" first); recorded runs keep their results. */
export function RemoveData({ api, name, onRemoved }: { api: EngineApi; name: string; onRemoved: () => void }) {
  const [armed, setArmed] = useState(false);
  const remove = async () => {
    await changeDataFiles(api, async () => {
      await api.backtests.removeData({ name });
      onRemoved();
      return `removed ${name}; runs already made on it keep their results`;
    });
    setArmed(false);
  };
  return (
    <button
      type="button"
      className={`btn btn-small ${armed ? 'danger' : ''}`}
      aria-label={armed ? `Confirm removing ${name}` : `Remove ${name}`}
      onClick={(e) => {
        e.preventDefault();
        if (armed) void remove();
        else setArmed(true);
      }}
      onBlur={() => setArmed(false)}
    >
      {armed ? 'remove?' : '×'}
    </button>
  );
}
