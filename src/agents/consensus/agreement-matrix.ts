import type { Vote } from '../../shared/domain/signals.ts';

export interface AgreementSnapshot {
  agents: string[];
  /** agreement[i][j]: share of cycles where both voted a direction and the signs matched; null if never. */
  agreement: (number | null)[][];
  /** Cycles in which both agents voted a direction. */
  together: number[][];
}

/** How often each pair of agents points the same way, counted over decision cycles. */
export class AgreementMatrix {
  private readonly pairs = new Map<string, { together: number; agree: number }>();
  private readonly agents = new Set<string>();

  record(votes: readonly Vote[]): void {
    const voted = votes.filter((v) => v.signal && v.signal.direction !== 0);
    for (const v of votes) this.agents.add(v.agentId);
    for (let i = 0; i < voted.length; i++)
      for (let j = i + 1; j < voted.length; j++) {
        const a = voted[i]!;
        const b = voted[j]!;
        const key = pairKey(a.agentId, b.agentId);
        let pair = this.pairs.get(key);
        if (!pair) this.pairs.set(key, (pair = { together: 0, agree: 0 }));
        pair.together++;
        if (Math.sign(a.signal!.direction) === Math.sign(b.signal!.direction)) pair.agree++;
      }
  }

  snapshot(): AgreementSnapshot {
    const agents = [...this.agents].sort();
    const cell = (a: string, b: string) => (a === b ? null : this.pairs.get(pairKey(a, b)));
    return {
      agents,
      agreement: agents.map((a) => agents.map((b) => (a === b ? 1 : ((p) => (p && p.together ? p.agree / p.together : null))(cell(a, b))))),
      together: agents.map((a) => agents.map((b) => cell(a, b)?.together ?? 0)),
    };
  }

  save(): { agents: string[]; pairs: Record<string, { together: number; agree: number }> } {
    return { agents: [...this.agents], pairs: Object.fromEntries([...this.pairs].map(([k, v]) => [k, { ...v }])) };
  }

  load(state: { agents: string[]; pairs: Record<string, { together: number; agree: number }> }): void {
    this.clear();
    for (const a of state.agents) this.agents.add(a);
    for (const [k, v] of Object.entries(state.pairs)) this.pairs.set(k, { ...v });
  }

  clear(): void {
    this.pairs.clear();
    this.agents.clear();
  }
}

function pairKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}
