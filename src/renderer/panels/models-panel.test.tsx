import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ModelDriftView } from '../../shared/contracts/drift.contract.ts';
import type { ModelRecord, ModelStatus } from '../../shared/domain/models.ts';
import { useAnalysis } from '../state/analysis-store.ts';
import { useOperations } from '../state/operations-store.ts';
import { cleanup, fakeEngine, renderWithEngine } from '../test/fake-engine.test-helper.tsx';
import { ModelsPanel } from './models-panel.tsx';

afterEach(cleanup);

const model = (id: string, status: ModelStatus): ModelRecord => ({
  id,
  name: id.split('@')[0]!,
  version: 1,
  sha256: 'a'.repeat(64),
  fileName: `${id}.onnx`,
  sizeBytes: 1000,
  schema: { features: ['ret_1', 'vol_20'], window: 1, horizon: 5, output: 'p_up' },
  status,
  importedAt: 1_700_000_000_000,
});
const drift = (modelId: string, status: string, psi: number): ModelDriftView => ({
  modelId,
  status,
  reference: { rows: 2000, source: 'training data', savedAt: 1_700_000_000_000 },
  rows: 1000,
  features: [{ feature: 'vol_20', psi }],
  drifted: psi > 0.25,
  outputs: { count: 10, meanDirection: 0.1, stdDirection: 0.2 },
  hitRate: 0.5,
  informationCoefficient: 0.05,
  scored: 10,
});

function showModels(models: ModelRecord[], drifts: ModelDriftView[]) {
  useAnalysis.setState({
    models: { models, stats: [], loaded: [], providerSetting: 'cpu', inference: 'connected', deadlineMs: 300 },
  });
  useOperations.setState({ drift: drifts });
  const engine = fakeEngine({
    'models.setStatus': (p) => {
      const { modelId, status } = p as { modelId: string; status: ModelStatus };
      return model(modelId, status);
    },
  });
  renderWithEngine(<ModelsPanel />, engine);
  return engine;
}

describe('the models panel beside the drift figures', () => {
  it('demotes a drifted active model to shadow and promotes the shadow one, through the models service', async () => {
    const engine = showModels(
      [model('drifted@1', 'active'), model('challenger@1', 'shadow')],
      [drift('drifted@1', 'active', 8.3), drift('challenger@1', 'shadow', 0.04)],
    );
    const drifted = screen.getByTestId('drift-drifted@1');
    expect(drifted.dataset.drifted).toBe('true');
    expect(within(drifted).getByText('8.30 vol_20')).toBeTruthy();
    fireEvent.click(within(drifted).getByRole('button', { name: 'demote' }));
    expect(await screen.findByText('drifted@1 is now shadow')).toBeTruthy();

    fireEvent.click(within(screen.getByTestId('drift-challenger@1')).getByRole('button', { name: 'promote' }));
    expect(await screen.findByText('challenger@1 is now active')).toBeTruthy();
    expect(engine.calls.map((c) => c.params)).toEqual([
      { modelId: 'drifted@1', status: 'shadow' },
      { modelId: 'challenger@1', status: 'active' },
    ]);
  });

  it('offers neither to an inactive model', () => {
    showModels([model('retired@1', 'inactive')], []);
    expect(within(screen.getByTestId('drift-retired@1')).queryByRole('button')).toBeNull();
  });
});
