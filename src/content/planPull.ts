/**
 * `npm run plan:pull`'s core: what visitors sent in the shared plan (rows of `plan_updates`)
 * proposed as an edit of the account file, for the marketer to accept. Pure: text and rows in,
 * text and a report out. The yaml Document API finds the fields and where their values are in the
 * author's text (node ranges); only those values are replaced (or a `status:` line added after
 * `due:`), so every other byte, comments, folding and quoting included, stays as written.
 *
 * - `done`: the step's `status` becomes `done`.
 * - `date`: the step's `due` becomes the date proposed (the latest proposal of a step wins).
 * - `comment`: never written into the file (a comment is a conversation, not a field of the plan);
 *   listed for the marketer with who wrote it, to answer.
 * A step is found by the title it had when the update was made, so a plan reordered since still
 * gets the update on the right step; a step whose title changed or that is gone is skipped, named.
 * What the file says already (a step done, the same date) proposes nothing: pulling again after
 * accepting is a no-op.
 */
import { isMap, isScalar, isSeq, parseDocument, type Pair, type YAMLMap } from 'yaml';
import type { PlanUpdateRow } from '../events/planUpdate.ts';

export interface PlanFieldChange {
  /** The step, from 1, and its title. */
  step: number;
  title: string;
  field: 'status' | 'due';
  from: string;
  to: string;
  /** Who sent it: stakeholder id, and when (ms). */
  by: string;
  at: number;
}

export interface PlanComment {
  step: number;
  title: string;
  by: string;
  at: number;
  text: string;
}

export interface PlanPullProposal {
  file: string;
  /** The updates it was made from (all of them: applied, comments, skipped). */
  updates: readonly PlanUpdateRow[];
  before: string;
  /** The file with the changes; equal to `before` when there are none. */
  after: string;
  changes: PlanFieldChange[];
  comments: PlanComment[];
  /** Updates that found no step, with why. */
  skipped: { update: PlanUpdateRow; reason: string }[];
}

const isoOf = (value: unknown) => (value instanceof Date ? value.toISOString().slice(0, 10) : String(value ?? ''));

/** Where the YAML is in the file: all of it, or the front matter of an `.md` account file. */
function yamlPart(file: string, text: string): { yaml: string; offset: number } {
  if (!file.endsWith('.md')) return { yaml: text, offset: 0 };
  const open = /^---\r?\n/.exec(text);
  if (!open) return { yaml: '', offset: 0 };
  const close = /^---\s*$/m.exec(text.slice(open[0].length));
  return { yaml: text.slice(open[0].length, open[0].length + (close?.index ?? 0)), offset: open[0].length };
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** The edit that sets `field` of a milestone (a map of the plan's list) to `value`. */
function setField(yaml: string, milestone: YAMLMap, field: string, value: string): Edit | undefined {
  const pairOf = (name: string) => milestone.items.find((p) => isScalar(p.key) && p.key.value === name) as Pair<{ range?: [number, number, number] }, unknown> | undefined;
  const pair = pairOf(field);
  if (pair && isScalar(pair.value) && pair.value.range) return { start: pair.value.range[0], end: pair.value.range[1], text: value };
  if (pair) return undefined; // not a plain value: left to the marketer
  // No such field yet (status defaults to planned): a line after `due:` (a required field).
  const due = pairOf('due');
  const dueValue = due && isScalar(due.value) ? due.value.range : undefined;
  const dueKey = due && isScalar(due.key) ? due.key.range : undefined;
  if (!dueValue || !dueKey) return undefined;
  if (milestone.flow) return { start: dueValue[1], end: dueValue[1], text: `, ${field}: ${value}` };
  const lineStart = yaml.lastIndexOf('\n', dueKey[0] - 1) + 1;
  const lineEnd = yaml.indexOf('\n', dueValue[1]);
  const at = lineEnd < 0 ? yaml.length : lineEnd;
  return { start: at, end: at, text: `\n${' '.repeat(dueKey[0] - lineStart)}${field}: ${value}` };
}

/** The proposal for one account file and that account's updates (any order). */
export function proposePlanUpdates(file: string, text: string, updates: readonly PlanUpdateRow[]): PlanPullProposal {
  const { yaml, offset } = yamlPart(file, text);
  const doc = parseDocument(yaml);
  const milestones = doc.getIn(['plan', 'milestones'], true);
  const items = isSeq(milestones) ? milestones.items.map((m) => (isMap(m) ? (m as YAMLMap) : undefined)) : [];
  const titles = items.map((m) => String(m?.get('title') ?? ''));
  const proposal: PlanPullProposal = { file, updates, before: text, after: text, changes: [], comments: [], skipped: [] };
  // Oldest first, so that the latest update of a step and field is the one that stays.
  const ordered = [...updates].sort((a, b) => Number(a.receivedAt) - Number(b.receivedAt) || a.id.localeCompare(b.id));
  const latest = new Map<string, { index: number; update: PlanUpdateRow }>();
  for (const update of ordered) {
    const index = update.stepTitle === null ? (Number(update.step) < titles.length ? Number(update.step) : -1) : titles.indexOf(update.stepTitle);
    if (index < 0) {
      proposal.skipped.push({ update, reason: update.stepTitle === null ? `step ${Number(update.step) + 1} is no longer in the plan` : `no step is called “${update.stepTitle}” any more (renamed or removed)` });
      continue;
    }
    if (update.kind === 'comment') proposal.comments.push({ step: index + 1, title: titles[index]!, by: update.stakeholder, at: Number(update.receivedAt), text: update.value ?? '' });
    else latest.set(`${index}:${update.kind}`, { index, update });
  }
  const edits: Edit[] = [];
  for (const { index, update } of [...latest.values()].sort((a, b) => a.index - b.index || a.update.kind.localeCompare(b.update.kind))) {
    const milestone = items[index];
    if (!milestone) continue;
    const base = { step: index + 1, title: titles[index]!, by: update.stakeholder, at: Number(update.receivedAt) };
    const change =
      update.kind === 'done'
        ? { field: 'status' as const, from: String(milestone.get('status') ?? 'planned'), to: 'done' }
        : { field: 'due' as const, from: isoOf(milestone.get('due')), to: update.value ?? '' };
    if (change.from === change.to || !change.to) continue;
    const edit = setField(yaml, milestone, change.field, change.to);
    if (!edit) {
      proposal.skipped.push({ update, reason: `${change.field} of step ${index + 1} is not a plain value; change it by hand` });
      continue;
    }
    edits.push(edit);
    proposal.changes.push({ ...base, ...change });
  }
  let after = text;
  for (const e of edits.sort((a, b) => b.start - a.start)) after = after.slice(0, offset + e.start) + e.text + after.slice(offset + e.end);
  proposal.after = after;
  return proposal;
}
