/**
 * Whom do we send where: per channel (utm_source / utm_medium) and campaign (utm_campaign), which
 * accounts and personas it brought, how long they read, and the intent signals that followed.
 * Attribution is first touch per person: a visit carries the campaign it came in by on all its
 * pages (the snippet keeps it for the session), and a person (an identified stakeholder, or an
 * anonymous visitor id) who first came by a campaign brings that campaign's credit for what they
 * do on later visits without one. Privacy-protected visits count within the visit only. Pure:
 * rows in time order in, a table out.
 */
import type { LogRow } from '../events/schema.ts';

export type ChannelRow = Pick<LogRow, 'campaign' | 'account' | 'persona' | 'stakeholder' | 'visitor' | 'type' | 'value' | 'label'>;

export interface ChannelRules {
  /** Intent: event types that count whatever their label, and CTA labels that count. */
  intent: { eventTypes: readonly string[]; ctaKinds: readonly string[] };
  /** Seconds of one engaged_time event that count at most. */
  engagedSecondsCap: number;
}

export interface ChannelPerformance {
  source: string;
  medium: string;
  campaign: string;
  /** Accounts reached, by id, sorted. */
  accounts: string[];
  /** Persona tracks read, by id, sorted. */
  personas: string[];
  /** Identified stakeholders reached (account:stakeholder). */
  stakeholders: number;
  pageViews: number;
  engagedSeconds: number;
  intentSignals: number;
}

/** `rows` in time order (the first touch must come first). */
export function channelPerformance(rows: Iterable<ChannelRow>, rules: ChannelRules): ChannelPerformance[] {
  const intentTypes = new Set(rules.intent.eventTypes);
  const intentCtas = new Set(rules.intent.ctaKinds);
  const byCampaign = new Map<string, { accounts: Set<string>; personas: Set<string>; stakeholders: Set<string>; pageViews: number; engagedSeconds: number; intentSignals: number }>();
  const firstTouch = new Map<string, string>();
  for (const row of rows) {
    const person = row.stakeholder ? `${row.account}:${row.stakeholder}` : row.visitor ? `visitor:${row.visitor}` : undefined;
    if (row.campaign && person && !firstTouch.has(person)) firstTouch.set(person, row.campaign);
    const campaign = row.campaign ?? (person ? firstTouch.get(person) : undefined);
    if (!campaign) continue;
    let c = byCampaign.get(campaign);
    if (!c) byCampaign.set(campaign, (c = { accounts: new Set(), personas: new Set(), stakeholders: new Set(), pageViews: 0, engagedSeconds: 0, intentSignals: 0 }));
    c.accounts.add(row.account);
    if (row.persona) c.personas.add(row.persona);
    if (row.stakeholder) c.stakeholders.add(`${row.account}:${row.stakeholder}`);
    if (row.type === 'page_view') c.pageViews++;
    if (row.type === 'engaged_time') c.engagedSeconds += Math.min(row.value ?? 0, rules.engagedSecondsCap);
    if (intentTypes.has(row.type) || (row.type === 'cta_click' && row.label !== null && intentCtas.has(row.label))) c.intentSignals++;
  }
  return [...byCampaign.entries()]
    .map(([key, c]) => {
      const [source = '', medium = '', campaign = ''] = key.split('/');
      return {
        source,
        medium,
        campaign,
        accounts: [...c.accounts].sort(),
        personas: [...c.personas].sort(),
        stakeholders: c.stakeholders.size,
        pageViews: c.pageViews,
        engagedSeconds: Math.round(c.engagedSeconds),
        intentSignals: c.intentSignals,
      };
    })
    .sort((a, b) => b.intentSignals - a.intentSignals || b.accounts.length - a.accounts.length || b.engagedSeconds - a.engagedSeconds || `${a.source}/${a.medium}/${a.campaign}`.localeCompare(`${b.source}/${b.medium}/${b.campaign}`));
}
