/**
 * What the accounts are worth and where to push, beside the engagement scores: pipeline from the
 * CRM's deals (open, won, lost; per account, in total, and on the accounts at each funnel stage),
 * fit to the ideal customer profile against engagement, and channel and campaign performance.
 * Composed from their pure modules (scoring/pipeline.ts, scoring/fit.ts, scoring/channels.ts). Pure.
 */
import type { AccountScore, ScoringResult } from '../scoring/engine.ts';
import { pipelineOf, sumPipelines, type Pipeline, type PipelineDeal } from '../scoring/pipeline.ts';
import { fitOf, type Fit, type FitInput } from '../scoring/fit.ts';
import type { ChannelPerformance } from '../scoring/channels.ts';
import type { Icp } from '../schemas/icp.ts';
import { FUNNEL_STEPS } from '../schemas/scoring.ts';

export interface RevenueAccount {
  id: string;
  /** The account's currency (numbers.currency), for deals written without one. */
  currency: string;
  deals: readonly (PipelineDeal & { name: string; stage: string })[];
  fit: FitInput;
}

export type Quadrant = 'push' | 'work' | 'qualify' | 'park';
export const QUADRANT_LABEL: Record<Quadrant, string> = {
  push: 'High fit, not yet engaged: push here',
  work: 'High fit and engaged: work these',
  qualify: 'Engaged but low fit: qualify before investing',
  park: 'Low fit, not engaged: park',
};

export interface RevenueInsights {
  pipeline: Map<string, Pipeline>;
  total: Pipeline;
  /** Open pipeline on the accounts whose stage is each funnel step (and `none` for no step yet). */
  byStage: { stage: string; accounts: number; pipeline: Pipeline }[];
  /** Fit per account; empty without content/icp.yaml. */
  fit: Map<string, Fit>;
  quadrants: Record<Quadrant, string[]> | undefined;
  channels: ChannelPerformance[];
}

/** Engaged: at least one identified stakeholder activated (the funnel's second step counts). */
const engaged = (a: AccountScore) => a.funnel.activated.met;

export function revenueInsights(result: ScoringResult, accounts: readonly RevenueAccount[], options: { today: string; icp?: Icp | undefined; channels: ChannelPerformance[] }): RevenueInsights {
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const pipeline = new Map(result.accounts.map((a) => {
    const data = byId.get(a.account.id);
    return [a.account.id, pipelineOf(data?.deals ?? [], options.today, data?.currency)] as const;
  }));
  const stages = ['none', ...FUNNEL_STEPS] as const;
  const byStage = stages.map((stage) => {
    const here = result.accounts.filter((a) => a.stage === stage);
    return { stage, accounts: here.length, pipeline: sumPipelines(here.map((a) => pipeline.get(a.account.id)!)) };
  });
  const fit = new Map<string, Fit>();
  let quadrants: Record<Quadrant, string[]> | undefined;
  if (options.icp) {
    quadrants = { push: [], work: [], qualify: [], park: [] };
    for (const a of result.accounts) {
      const f = fitOf(byId.get(a.account.id)?.fit ?? {}, options.icp);
      fit.set(a.account.id, f);
      const high = f.score >= options.icp.tiers.key;
      quadrants[high ? (engaged(a) ? 'work' : 'push') : engaged(a) ? 'qualify' : 'park'].push(a.account.id);
    }
  }
  return { pipeline, total: sumPipelines([...pipeline.values()]), byStage, fit, quadrants, channels: options.channels };
}
