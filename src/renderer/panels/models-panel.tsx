import { EmptyState, Panel } from '../components/panel.tsx';
import { useSession } from '../state/session-store.ts';

/** The inference runtime as it answers right now, and (later) the imported models. */
export function ModelsPanel() {
  const inference = useSession((s) => s.inference);
  return (
    <Panel title="Models" id="models" area="models">
      {inference?.state === 'connected' ? (
        <p className="note" data-testid="inference-runtime">
          {inference.runtime} {inference.version} · providers: {inference.backends.join(', ')}
        </p>
      ) : (
        <p className="note">Inference process: {inference ? `unavailable (${inference.error ?? 'no answer'})` : 'not checked yet'}</p>
      )}
      <EmptyState>
        No models imported. Imported ONNX models will be listed here with their versions, active or shadow status, provider and latency.
      </EmptyState>
    </Panel>
  );
}
