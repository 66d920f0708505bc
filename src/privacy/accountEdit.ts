/**
 * `npm run forget -- --from-account`: the person's entry removed from their account file, with the
 * plan steps they own handed to nobody else silently: a step they owned alone stops the removal
 * (someone must own it). Comments and formatting of the rest of the file stay as written.
 */
import { createTwoFilesPatch } from 'diff';
import matter from 'gray-matter';
import { isMap, isSeq, parseDocument } from 'yaml';
import { z } from 'zod';
import { AccountDoc } from '../content/crmImport/accountDoc.ts';
import { accountSchema } from '../schemas/account.ts';
import type { Person } from './person.ts';

export interface AccountEdit {
  /** The file's new text. */
  text: string;
  /** A unified diff of the change. */
  diff: string;
}

/** The account file `text` (`file` names it) without `person`; throws naming what stops it. */
export function removeFromAccount(file: string, text: string, person: Person): AccountEdit {
  const edit = new AccountDoc(file, text);
  const { doc } = edit;
  const committee = doc.get('buyingCommittee');
  if (!isSeq(committee)) throw new Error(`${file}: buyingCommittee: not a list`);
  const index = committee.items.findIndex((item) => isMap(item) && item.get('id') === person.stakeholder);
  if (index < 0) throw new Error(`${file}: buyingCommittee: no stakeholder "${person.stakeholder}" (already removed?)`);
  if (committee.items.length === 1) throw new Error(`${file}: buyingCommittee: "${person.stakeholder}" is the only stakeholder; an account needs one: add another before removing them`);
  committee.items.splice(index, 1);
  const milestones = doc.getIn(['plan', 'milestones']);
  if (isSeq(milestones)) {
    milestones.items.forEach((milestone, m) => {
      const owners = isMap(milestone) ? milestone.get('owners') : undefined;
      if (!isSeq(owners)) return;
      const kept = owners.items.filter((o) => !(isMap(o) && o.get('stakeholder') === person.stakeholder));
      if (kept.length === owners.items.length) return;
      if (kept.length === 0) {
        const title = isMap(milestone) ? String(milestone.get('title') ?? '') : '';
        throw new Error(`${file}: plan.milestones.${m}.owners: "${person.stakeholder}" owns the step "${title}" alone; give it another owner first, then run forget again`);
      }
      owners.items = kept;
    });
  }
  // Written as the import and the studio write (comments and formatting kept), then checked on the
  // text itself: it must mean the edited document and still be an account.
  const newText = edit.text();
  const data: unknown = parseDocument(file.endsWith('.md') ? matter(newText, {}).matter : newText).toJS();
  if (JSON.stringify(data) !== JSON.stringify(JSON.parse(JSON.stringify(doc.toJS())))) throw new Error(`${file}: could not remove "${person.stakeholder}" without changing something else; edit the file by hand`);
  const check = accountSchema(z.string()).safeParse(data);
  if (!check.success) {
    const issue = check.error.issues[0]!;
    throw new Error(`${file}: without "${person.stakeholder}" the file would not be valid (${issue.path.join('.')}: ${issue.message}); edit it by hand`);
  }
  return { text: newText, diff: createTwoFilesPatch(file, file, text, newText, '', '', { context: 2 }) };
}
