import { fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsensusSnapshotSchema } from '../../shared/contracts/consensus.contract.ts';
import { consensusFeed, useConsensus } from '../state/consensus-store.ts';
import { cleanup, fakeEngine, renderWithEngine } from '../test/fake-engine.test-helper.tsx';
import { ConsensusPanel } from './consensus-panel.tsx';

const signal = (agentId: string, direction: number, confidence: number) => ({
  agentId,
  instrumentId: 'SIM:ALPHA',
  ts: 1_700_000_060_000,
  direction,
  confidence,
  horizonMs: 60_000,
  rationale: { summary: `${agentId} says ${direction}`, observations: {} },
});

const snapshot = ConsensusSnapshotSchema.parse({
  latest: [
    {
      decisionId: 'D-1',
      instrumentId: 'SIM:ALPHA',
      ts: 1_700_000_060_000,
      score: 0.42,
      action: 'buy',
      votes: [
        { agentId: 'analyst.technical', weight: 1, signal: signal('analyst.technical', 1, 0.8) },
        { agentId: 'analyst.regime', weight: 0.5, signal: null, missingReason: 'not fitted yet' },
      ],
    },
  ],
  agreement: {
    agents: ['analyst.technical', 'analyst.regime'],
    agreement: [
      [1, null],
      [null, 1],
    ],
    together: [
      [3, 0],
      [0, 2],
    ],
  },
  weights: [{ agentId: 'analyst.technical', hitRate: 0.55, scored: 20, weight: 1 }],
  targets: { 'SIM:ALPHA': 0.12 },
  agentsTrade: false,
});

beforeEach(() => useConsensus.setState({ snapshot: null, error: null }));
afterEach(cleanup);

describe('the consensus panel', () => {
  it('says what will appear before the first decision', () => {
    renderWithEngine(<ConsensusPanel />, fakeEngine());
    expect(screen.getByText(/No decisions yet/)).toBeTruthy();
  });

  it('shows the pushed decision with its action, score, target and every vote, a missing one with its reason', async () => {
    renderWithEngine(<ConsensusPanel />, fakeEngine());
    consensusFeed.views!.consensus!.apply(snapshot);
    const card = (await screen.findByText('BUY')).closest('[data-instrument]')!;
    expect(card.getAttribute('data-action')).toBe('buy');
    expect(card.textContent).toMatch(/score \+0\.42/);
    expect(card.textContent).toMatch(/target 12%/);
    const votes = [...card.querySelectorAll('.consensus-votes tbody tr')].map((tr) =>
      [...tr.querySelectorAll('td')].map((td) => td.textContent),
    );
    expect(votes[0]!.slice(1)).toEqual(['+1.00', '80%', '1.00']);
    expect(votes[1]!.slice(1)).toEqual(['missing', '0.50']);
    expect(card.querySelector('tr.missing td[title]')!.getAttribute('title')).toBe('not fitted yet');
  });

  it('lets the agents trade through the consensus service, and shows the view that comes back', async () => {
    const engine = fakeEngine({ 'consensus.setAgentsTrade': () => ({ agentsTrade: true }) });
    renderWithEngine(<ConsensusPanel />, engine);
    consensusFeed.views!.consensus!.apply(snapshot);
    fireEvent.click(await screen.findByRole('button', { name: 'Agents trade: off' }));
    expect(engine.calls).toEqual([{ method: 'consensus.setAgentsTrade', params: { enabled: true } }]);
    consensusFeed.views!.consensus!.apply({ ...snapshot, agentsTrade: true });
    expect(await screen.findByRole('button', { name: 'Agents trade: on' })).toBeTruthy();
  });

  it('says why the view could not be read', async () => {
    renderWithEngine(<ConsensusPanel />, fakeEngine());
    consensusFeed.views!.consensus!.fail!('consensus.snapshot: the engine is restarting');
    expect(await screen.findByText('consensus.snapshot: the engine is restarting')).toBeTruthy();
  });
});
