/**
 * Coverage of the buying committee and red flags. A persona is engaged only through identified
 * stakeholders of that persona: anonymous or privacy-protected reading of its track identifies no
 * one, so it is counted separately (`anonymousReads`) and never clears a committee gap.
 */
import type { ScoringConfig } from '../schemas/scoring.ts';
import type { Contribution, Coverage, Names, PersonScore, RedFlag, ScoringAccount } from './types.ts';
import { personName, whoIs } from './people.ts';
import { ID_NAMES } from './words.ts';

const fmt = (n: number) => n.toFixed(1);

/** Page views on each persona's pages by anonymous visitors (never linked to a stakeholder) and privacy-protected visits. */
export function anonymousTrackReads(people: PersonScore[], privacy: Contribution[]): Record<string, number> {
  const reads: Record<string, number> = {};
  const add = (contributions: Contribution[]) => {
    for (const c of contributions) if (c.persona && c.event === 'page_view') reads[c.persona] = (reads[c.persona] ?? 0) + c.count;
  };
  for (const p of people) if (p.key.startsWith('visitor:')) add(p.contributions);
  add(privacy);
  return reads;
}

export function coverageOf(account: ScoringAccount, people: PersonScore[], anonymousReads: Record<string, number>): Coverage {
  const identified = people.filter((p) => p.stakeholder);
  const mappedPersonas = [...new Set(account.committee.map((s) => s.persona))];
  const engaged = new Set(identified.map((p) => p.stakeholder!.persona));
  const missingPersonas = mappedPersonas.filter((p) => !engaged.has(p));
  return {
    stakeholders: [identified.length, account.committee.length],
    personas: [mappedPersonas.length - missingPersonas.length, mappedPersonas.length],
    missingPersonas,
    anonymousReads,
  };
}

export function redFlagsOf(a: { account: ScoringAccount; people: PersonScore[]; coverage: Coverage; timeline: number[]; active: boolean }, config: ScoringConfig, names: Names = ID_NAMES): RedFlag[] {
  const { account, people, coverage, timeline } = a;
  const identified = people.filter((p) => p.stakeholder);
  const flags: RedFlag[] = [];
  const { coolingWindowDays, coolingDropPercent, coolingMinScore, singleThreadedBelow } = config.redFlags;
  const days = timeline.length - 1;
  const back = Math.min(Math.round(coolingWindowDays), days);
  const before = timeline[days - back]!;
  const current = timeline[days]!;
  if (before >= coolingMinScore && current < before * (1 - coolingDropPercent / 100)) {
    const percent = ((current - before) / before) * 100;
    flags.push({ kind: 'cooling', key: 'cooling', detail: `score fell from ${fmt(before)} to ${fmt(current)} (${fmt(percent)}%) in ${back} days`, stakeholders: identified.slice(0, 3).map((p) => p.stakeholder!.id), change: { from: before, to: current, percent, days: back } });
  }
  // Threads are known contacts: anonymous visitors may be anyone, even the same person.
  if (identified.length > 0 && identified.length < singleThreadedBelow && account.committee.length >= singleThreadedBelow) {
    flags.push({ kind: 'single-threaded', key: 'single-threaded', detail: `only ${identified.length} of ${account.committee.length} mapped contacts engaged: ${identified.map(whoIs).join(', ')}`, stakeholders: identified.map((p) => p.stakeholder!.id) });
  }
  if (a.active) {
    const missing = new Set(coverage.missingPersonas);
    const dmPersonas = [...new Set(account.committee.filter((s) => s.role === 'decision-maker').map((s) => s.persona))].filter((p) => missing.has(p));
    for (const persona of dmPersonas) {
      const members = account.committee.filter((s) => s.persona === persona);
      const reads = coverage.anonymousReads[persona] ?? 0;
      flags.push({
        kind: 'committee-gap',
        key: `committee-gap:${persona}`,
        detail: `decision-maker persona "${names.persona(persona)}" never engaged: no identified visit from ${members.map(personName).join(', ')}${reads ? `; its track was read anonymously ${reads} time${reads === 1 ? '' : 's'}, which identifies no one` : ''}`,
        stakeholders: members.map((s) => s.id),
        persona,
      });
    }
  }
  return flags;
}
