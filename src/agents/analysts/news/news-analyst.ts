import type { Instrument } from '../../../shared/domain/instrument.ts';
import type { Headline } from '../../../shared/domain/news.ts';
import type { EventOf } from '../../../shared/messages/events.ts';
import { Agent, type AgentContext } from '../../engine/agent.ts';
import { StoryLog } from '../../../shared/market-data/headlines-file.ts';
import { scoreHeadline, type HeadlineScore } from './lexicon-scorer.ts';
import type { NewsFolder } from './news-folder.ts';
import type { ModelRunner } from '../model/model-analyst.ts';
import type { HeadlineFeatureName } from '../../../shared/features/headline-features.ts';
import { columnsOf, type FeatureWindow } from '../../../shared/features/feature-window.ts';

export const NEWS_AGENT_ID = 'analyst.news';

/** A headline's weight halves every `halfLifeMs`; older than this many half-lives (weight < 1/16) it is forgotten. */
const LOOKBACK_HALF_LIVES = 4;
/** How many headlines the rationale names. */
const NAMED = 3;

export interface NewsAnalystOptions {
  /** How fast a headline's say fades (default a day). */
  halfLifeMs?: number;
  /** A folder of headline files to look in for new ones while the session runs. */
  folder?: NewsFolder;
  /** Paper and live sessions: the imported headline model that scores in the lexicon's place, asked as each headline arrives. */
  models?: HeadlineModels;
  /** Backtests: each headline's score from a headline model, computed up front (`--news-model`). */
  preScored?: { modelId: string; scores: ReadonlyMap<string, number> };
}

/** The active headline model, if any, and how to run it (the inference process). */
export interface HeadlineModels {
  active(): { id: string; features: readonly HeadlineFeatureName[] } | null;
  runner: ModelRunner;
  deadlineMs: number;
}

/** How often a news folder is looked at. */
const FOLDER_EVERY_MS = 2_000;

interface Scored {
  headline: Headline;
  score: HeadlineScore;
}

/** A headline as kept: one object in the session's list and in each of its instruments' lists (a model's score replaces the lexicon's in all). */
type Entry = Scored & { instrumentIds: string[]; lexicon: HeadlineScore };

/** What the news says of one instrument at one time. */
export interface NewsView {
  /** Weighted mean score, −1 … +1. */
  score: number;
  /** How much the headlines agree in sign: |Σ w·s| / Σ w·|s|. */
  agreement: number;
  /** The headlines' summed weight (fresh headlines count 1 each). */
  weight: number;
  /** The headlines counted, most telling first (largest |weight × score|). */
  moving: { headline: Headline; score: number; weight: number; scoredBy?: string }[];
  count: number;
}

/**
 * The sentiment analyst: votes on an instrument at each bar from the headlines about it published
 * up to the bar's close (never one after: no look-ahead), each scored by the lexicon and weighed by
 * its age (halving every `halfLifeMs`). Direction is the weighted mean score; confidence grows with
 * how many recent headlines there are and how much they agree. No recent headline, no vote (and it
 * is not waited for). Its memory is the headlines it was given, so it keeps no checkpoint.
 */
export class NewsAnalyst extends Agent {
  private readonly byInstrument = new Map<string, Entry[]>();
  /** Every headline about an instrument of the session, oldest first, with the instruments it is about. */
  private readonly all: Entry[] = [];
  private readonly models: HeadlineModels | null;
  private readonly preScored: NewsAnalystOptions['preScored'] | null;
  /** Headline models are asked once the session runs (the registry and the inference link exist then). */
  private started = false;
  private readonly halfLifeMs: number;
  /** The latest bar close seen: the market time up to which headlines are known. */
  private asOf: number | null = null;
  private readonly instruments: readonly Instrument[];
  private readonly stories = new StoryLog<string>();
  private readonly folder: NewsFolder | null;
  /** Problems of the folder already alerted (each once). */
  private readonly problemsSaid = new Set<string>();

  constructor(ctx: AgentContext, headlines: readonly Headline[], instruments: readonly Instrument[], options: NewsAnalystOptions = {}) {
    super(NEWS_AGENT_ID, ctx);
    this.halfLifeMs = options.halfLifeMs ?? 86_400_000;
    this.instruments = instruments;
    this.folder = options.folder ?? null;
    this.models = options.models ?? null;
    this.preScored = options.preScored ?? null;
    for (const headline of [...headlines].sort((a, b) => a.ts - b.ts)) this.addHeadline(headline);
  }

  /**
   * Takes a headline as it arrives (a live source: Interactive Brokers' news ticks and bulletins).
   * The same story from two providers counts once; one stamped before others already taken is
   * placed by its time, and still only bars closing at or after it see it. Returns whether it was new.
   */
  addHeadline(headline: Headline): boolean {
    if (this.stories.add(headline, headline.id) !== null) return false;
    const about = new Set(headline.symbols.map((s) => s.toUpperCase()));
    const lexicon = scoreHeadline(headline.headline);
    const entry: Entry = { headline, score: lexicon, lexicon, instrumentIds: [] };
    for (const i of this.instruments) {
      if (!about.has('*') && !about.has(i.symbol.toUpperCase()) && !about.has(i.id.toUpperCase())) continue;
      let list = this.byInstrument.get(i.id);
      if (!list) this.byInstrument.set(i.id, (list = []));
      insertByTime(list, entry);
      entry.instrumentIds.push(i.id);
    }
    if (!entry.instrumentIds.length) return false;
    insertByTime(this.all, entry);
    this.scoreWithModel(entry);
    return true;
  }

  /**
   * The active headline model changed, or the inference process came back: every headline is scored
   * again, by the active headline model or, when there is none, by the lexicon.
   */
  rescore(): void {
    if (!this.started) return;
    for (const entry of this.all) this.scoreWithModel(entry);
  }

  /**
   * A headline model's score replaces the lexicon's: looked up when it was computed up front (a
   * backtest), else asked of the active model once the analyst runs (the lexicon's score stands until
   * it answers, and if it fails: said once as an alert).
   */
  private scoreWithModel(entry: Entry): void {
    const pre = this.preScored?.scores.get(entry.headline.id);
    if (pre !== undefined) {
      entry.score = { ...entry.lexicon, score: clampScore(pre), scoredBy: this.preScored!.modelId };
      return;
    }
    if (!this.started || !this.models) return;
    const model = this.models.active();
    if (!model) {
      entry.score = entry.lexicon;
      return;
    }
    if (entry.score.scoredBy === model.id || !this.models.runner.connected) return;
    const row = model.features.map((f) => entry.lexicon.features[f]);
    this.models.runner.predict(model.id, 1, row, this.models.deadlineMs).then(
      ([value]) => {
        // An answer that comes after the model was made inactive is not taken.
        if (typeof value === 'number' && Number.isFinite(value) && this.models?.active()?.id === model.id)
          entry.score = { ...entry.lexicon, score: clampScore(value), scoredBy: model.id };
      },
      (err: Error) => this.modelFailed(model.id, err.message),
    );
  }

  private modelFailed(modelId: string, reason: string): void {
    const problem = `the headline model ${modelId} failed (${reason}): the lexicon scores meanwhile`;
    if (this.problemsSaid.has(problem)) return;
    this.problemsSaid.add(problem);
    this.raiseAlert({ severity: 'warning', code: 'NEWS_MODEL_FAILED', message: problem, detail: { modelId } });
  }

  /**
   * The lexicon's feature vectors of the last `maxRows` headlines read (a headline model's inputs, for
   * its drift), oldest first, and the scores `modelId` gave of those it scored.
   */
  headlineInputs(names: readonly HeadlineFeatureName[], maxRows: number, modelId: string): { window: FeatureWindow; scores: number[] } {
    const last = this.all.slice(-maxRows);
    return {
      window: columnsOf(
        last.map((e) => names.map((n) => e.lexicon.features[n])),
        names,
      ),
      scores: last.flatMap((e) => (e.score.scoredBy === modelId ? [e.score.score] : [])),
    };
  }

  /** The headlines published by the last bar's close (none later: the panel shows what the analyst knew), newest first. */
  recent(instrumentId: string | undefined, limit: number): { asOf: number | null; headlines: Entry[] } {
    const out: Entry[] = [];
    if (this.asOf === null) return { asOf: null, headlines: out };
    for (let k = lastAtOrBefore(this.all, this.asOf); k >= 0 && out.length < limit; k--) {
      const s = this.all[k]!;
      if (instrumentId === undefined || s.instrumentIds.includes(instrumentId)) out.push(s);
    }
    return { asOf: this.asOf, headlines: out };
  }

  /**
   * It votes on a bar closing at `barEnd` when a headline about the instrument is recent enough then
   * (one search: the vote itself weighs and sorts them when the bar is handled).
   */
  votersFor(instrumentId: string, barEnd: number): string[] {
    const list = this.byInstrument.get(instrumentId);
    const newest = list ? list[lastAtOrBefore(list, barEnd)] : undefined;
    return newest && newest.headline.ts >= this.oldestCounted(barEnd) ? [this.id] : [];
  }

  /** The oldest publication time a vote at `at` still counts (four half-lives back). */
  private oldestCounted(at: number): number {
    return at - this.halfLifeMs * LOOKBACK_HALF_LIVES;
  }

  /** What the headlines published at or before `at` say of an instrument, or null when none is recent. */
  view(instrumentId: string, at: number): NewsView | null {
    const list = this.byInstrument.get(instrumentId);
    if (!list) return null;
    const oldest = this.oldestCounted(at);
    let sum = 0;
    let sumAbs = 0;
    let weight = 0;
    const moving: NewsView['moving'] = [];
    for (let k = lastAtOrBefore(list, at); k >= 0 && list[k]!.headline.ts >= oldest; k--) {
      const { headline, score } = list[k]!;
      const w = 0.5 ** ((at - headline.ts) / this.halfLifeMs);
      weight += w;
      sum += w * score.score;
      sumAbs += w * Math.abs(score.score);
      moving.push({ headline, score: score.score, weight: w, ...(score.scoredBy ? { scoredBy: score.scoredBy } : {}) });
    }
    if (moving.length === 0) return null;
    moving.sort((a, b) => Math.abs(b.weight * b.score) - Math.abs(a.weight * a.score) || b.headline.ts - a.headline.ts);
    return { score: sum / weight, agreement: sumAbs > 0 ? Math.abs(sum) / sumAbs : 0, weight, moving, count: moving.length };
  }

  protected override onReset(): void {
    this.asOf = null;
  }

  protected override onStart(): void {
    this.started = true;
    this.rescore();
    if (!this.folder) return;
    this.readFolder();
    this.every(FOLDER_EVERY_MS, () => this.readFolder());
  }

  private readFolder(): void {
    const scan = this.folder!.scan();
    for (const h of scan.headlines) this.addHeadline(h);
    for (const problem of scan.problems) {
      if (this.problemsSaid.has(problem)) continue;
      this.problemsSaid.add(problem);
      this.raiseAlert({ severity: 'warning', code: 'NEWS_FILE_REFUSED', message: `News not read: ${problem}`, detail: {} });
    }
  }

  onBarClosed(e: EventOf<'BarClosed'>): void {
    const { bar } = e;
    const end = bar.ts + bar.intervalMs;
    if (this.asOf === null || end > this.asOf) this.asOf = end;
    const v = this.view(bar.instrumentId, end);
    if (!v) return;
    const named = v.moving.slice(0, NAMED).map((m) => `"${m.headline.headline}" (${m.score >= 0 ? '+' : ''}${m.score.toFixed(2)})`);
    const models = [...new Set(v.moving.flatMap((m) => (m.scoredBy ? [m.scoredBy] : [])))];
    this.publish({
      type: 'SignalEmitted',
      tsEvent: end,
      tsInit: this.ctx.clock.now(),
      source: this.id,
      signal: {
        agentId: this.id,
        instrumentId: bar.instrumentId,
        direction: Math.max(-1, Math.min(1, v.score)),
        // More recent headlines, more sure; disagreeing headlines, less.
        confidence: v.agreement * (1 - 0.5 ** v.weight),
        horizonMs: Math.max(bar.intervalMs, this.halfLifeMs),
        rationale: {
          summary: `${v.count} headline${v.count === 1 ? '' : 's'}${models.length ? ` scored by ${models.join(', ')}` : ''}: ${named.join('; ')}${v.count > NAMED ? ' …' : ''}`,
          observations: { headlines: v.count, score: v.score, agreement: v.agreement, weight: v.weight },
        },
        ts: end,
      },
    });
  }
}

const clampScore = (x: number) => Math.max(-1, Math.min(1, x));

/** Puts `s` after every headline published at or before it (at the end, nearly always). */
function insertByTime<T extends Scored>(list: T[], s: T): void {
  list.splice(lastAtOrBefore(list, s.headline.ts) + 1, 0, s);
}

/** The index of the last headline published at or before `at` (−1 when none): binary search on time. */
function lastAtOrBefore(list: readonly Scored[], at: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.headline.ts <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
