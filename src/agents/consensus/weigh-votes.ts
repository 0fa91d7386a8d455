import type { ConsensusConfig } from '../../shared/domain/consensus.ts';
import type { Vote } from '../../shared/domain/signals.ts';

export interface Weighed {
  score: number;
  action: 'buy' | 'sell' | 'hold';
  /** Why a decision holds for lack of a quorum, else null. */
  noQuorum: string | null;
}

/**
 * The weighted vote: score = Σ w·direction·confidence / Σ w over the votes present, in [-1, 1].
 * Without a quorum (voters with weight > 0, or their total weight) the decision holds.
 */
export function weighVotes(votes: readonly Vote[], config: ConsensusConfig): Weighed {
  let weight = 0;
  let sum = 0;
  let voters = 0;
  for (const v of votes) {
    if (!v.signal || v.weight <= 0) continue;
    voters++;
    weight += v.weight;
    sum += v.weight * v.signal.direction * v.signal.confidence;
  }
  const score = weight > 0 ? Math.max(-1, Math.min(1, sum / weight)) : 0;
  if (voters < config.minVoters || weight < config.minWeight) {
    return {
      score,
      action: 'hold',
      noQuorum: `quorum not met: ${voters} voter(s) with weight ${weight.toFixed(2)} (need ${config.minVoters} and ${config.minWeight})`,
    };
  }
  const action = score >= config.buyThreshold ? 'buy' : score <= -config.sellThreshold ? 'sell' : 'hold';
  return { score, action, noQuorum: null };
}

/** An agent's current weight: its starting weight scaled by its skill, within [floor, cap] × start. */
export function agentWeight(start: number, hitRate: number | null, config: ConsensusConfig): number {
  if (hitRate === null) return start;
  const multiplier = Math.max(config.weightFloor, Math.min(config.weightCap, 1 + config.skillGain * (2 * hitRate - 1)));
  return start * multiplier;
}
