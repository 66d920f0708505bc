/**
 * How people are named in the report, the alerts and the CRM exports. The report is private
 * (written to the state directory, served to this machine only), so identified stakeholders are
 * shown by name and title; anonymous visitors by a short tag.
 */
import type { CommitteeMember, PersonScore } from './types.ts';

/** "Sari Heikkilä (Toimitusjohtaja)", or the title alone when the account file names no one. */
export function personName(s: Pick<CommitteeMember, 'title' | 'name'>): string {
  return s.name ? `${s.name} (${s.title})` : s.title;
}

/** A person in a sentence: their name and title, or "anonymous visitor". */
export function whoIs(p: Pick<PersonScore, 'stakeholder'>): string {
  return p.stakeholder ? personName(p.stakeholder) : 'anonymous visitor';
}

/** A person in a table row: name, title and id, or a short anonymous tag. */
export function personLabel(p: Pick<PersonScore, 'key' | 'stakeholder'>): string {
  if (p.stakeholder) return `${p.stakeholder.name ? `${p.stakeholder.name}, ` : ''}${p.stakeholder.title} (${p.stakeholder.id})`;
  const [kind, id = ''] = p.key.split(/:(.*)/s);
  return kind === 'stakeholder' ? `stakeholder ${id} (no longer in the committee)` : `anonymous visitor ${id.slice(0, 8)}`;
}
