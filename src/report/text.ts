/**
 * Text in the report's HTML: numbers, stages and times as people read them, and names kept whole
 * in right-to-left scripts. A Persian name inside an English sentence is a right-to-left run;
 * without isolation the bidi algorithm lets it pull neighbouring punctuation, numbers and the
 * title after it into its run, and "محمدرضا کریمی (مدیرعامل)" comes out scrambled. Each name,
 * title and account name is therefore wrapped in `<bdi>`, which isolates it (Unicode's first
 * strong isolate) and leaves the sentence around it in order. Pure.
 */
import type { AccountScore, CommitteeMember, ScoringAccount } from '../scoring/types.ts';
import { ago } from '../scoring/activity.ts';
import { STEP_WORDS } from '../scoring/words.ts';
import { eventTime } from '../alerts/message.ts';
import { esc } from './charts.ts';

/** Scores and points: always one decimal ("52.0"), thousands separated. */
export const num = (n: number) => n.toLocaleString('en', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export const STAGE_LABEL: Record<string, string> = STEP_WORDS;

/** The stage as shown: an account with events but no one identified is "anonymous only", not "no activity". */
export function stageText(a: Pick<AccountScore, 'stage' | 'events'>): string {
  return a.stage === 'none' ? (a.events > 0 ? 'anonymous only' : 'no activity') : STAGE_LABEL[a.stage]!;
}

/** A name or title isolated from the text around it. */
export const bdi = (s: string) => `<bdi>${esc(s)}</bdi>`;

/** A stakeholder by name and title, each isolated: "<bdi>Name</bdi> (<bdi>Title</bdi>)", or the title alone. */
export const personHtml = (s: Pick<CommitteeMember, 'name' | 'title'>) => (s.name ? `${bdi(s.name)} (${bdi(s.title)})` : bdi(s.title));

/** The account's names that may appear in a sentence: its own, its owner's, its people's names and titles. */
export function namesOf(a: ScoringAccount): string[] {
  return [a.name, a.owner, ...a.committee.flatMap((s) => [s.name ?? '', s.title])].filter(Boolean);
}

const RTL_LETTER = '\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff';
const RTL = new RegExp(`[${RTL_LETTER}]`);
/** A run of right-to-left words: letters, and the spaces, joiners and marks between them. */
const RTL_RUN = new RegExp(`[${RTL_LETTER}](?:[${RTL_LETTER}\\s\u200c\u200d]*[${RTL_LETTER}])?`, 'g');
const regexEscape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Escapes a sentence made by the scoring or the report (a funnel reason, a red flag, an alert,
 * what to say) and isolates the right-to-left text in it: first every name of `terms` (`namesOf`)
 * found by value, whole (a title with Latin letters in it stays one isolate), longest first so a
 * name is never split by a shorter one; then any other run of right-to-left words (a plan step's
 * title quoted in what to say).
 */
export function isolate(text: string, terms: readonly string[]): string {
  const escaped = esc(text);
  if (!RTL.test(text)) return escaped;
  const known = [...new Set(terms.filter((t) => RTL.test(t)))].sort((a, b) => b.length - a.length);
  const runs = (s: string) => s.replace(RTL_RUN, (m) => `<bdi>${m}</bdi>`);
  if (!known.length) return runs(escaped);
  const pattern = new RegExp(known.map((t) => regexEscape(esc(t))).join('|'), 'g');
  let out = '';
  let last = 0;
  for (const m of escaped.matchAll(pattern)) {
    out += runs(escaped.slice(last, m.index)) + `<bdi>${m[0]}</bdi>`;
    last = m.index + m[0].length;
  }
  return out + runs(escaped.slice(last));
}

/** An event's time as shown everywhere in the report: "2 Dec 2026, 14:32 UTC (3 hours ago)". */
export const whenHtml = (t: number, now: number) => `<time datetime="${new Date(t).toISOString()}">${esc(eventTime(t))}</time> <span class="muted">(${esc(ago(t, now))})</span>`;
