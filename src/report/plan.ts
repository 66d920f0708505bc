/**
 * The mutual action plan as sales needs it in the report: which steps are at risk or overdue, the
 * next step due, and when the account last opened the plan (its `plan_view` events), by whom.
 * A step is overdue when its due date has passed and it is not done; at risk when its owners said
 * so (`status: at-risk`). Pure: the plan from the account file, the views from the log.
 */
import type { Plan } from '../schemas/plan.ts';
import type { CommitteeMember } from '../scoring/types.ts';
import { personName } from '../scoring/people.ts';

/** Plan page views of one account by one kind of visitor, from the log. */
export interface PlanViews {
  account: string;
  /** The stakeholder's id; null for anonymous or privacy-protected visitors. */
  stakeholder: string | null;
  /** Without a stakeholder: whether the visitor had an id (anonymous) or none (privacy-protected). */
  anonymous: boolean;
  /** The latest view's time. */
  t: number;
  views: number;
}

export interface PlanStep {
  title: string;
  /** YYYY-MM-DD. */
  due: string;
  status: 'done' | 'in-progress' | 'planned' | 'at-risk';
  overdue: boolean;
  /** Who owns it: stakeholders by name and title, our people by name. */
  owners: string[];
}

export interface PlanStatus {
  title: string | undefined;
  steps: number;
  done: number;
  /** Steps at risk or overdue, soonest due first. */
  attention: PlanStep[];
  /** The first step not done, by due date. */
  next: PlanStep | null;
  /** The latest time anyone at the account opened the plan, and who. */
  lastView: { t: number; who: string } | null;
  views: number;
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** The plan's state on `today` (YYYY-MM-DD), with the views of this account. */
export function planStatus(plan: Plan, committee: readonly CommitteeMember[], views: readonly PlanViews[], today: string): PlanStatus {
  const people = new Map(committee.map((s) => [s.id, s]));
  const steps: PlanStep[] = plan.milestones
    .map((m) => {
      const due = isoDay(m.due);
      return {
        title: m.title,
        due,
        status: m.status,
        overdue: m.status !== 'done' && due < today,
        owners: m.owners.map((o) => ('vendor' in o ? o.vendor : people.has(o.stakeholder) ? personName(people.get(o.stakeholder)!) : o.stakeholder)),
      };
    })
    .sort((a, b) => a.due.localeCompare(b.due));
  let latest: PlanViews | null = null;
  let count = 0;
  for (const v of views) {
    count += v.views;
    if (!latest || v.t > latest.t) latest = v;
  }
  const whoOf = (v: PlanViews) => {
    const s = v.stakeholder ? people.get(v.stakeholder) : undefined;
    if (s) return personName(s);
    if (v.stakeholder) return `stakeholder ${v.stakeholder} (no longer in the committee)`;
    return v.anonymous ? 'an anonymous visitor' : 'a privacy-protected visitor';
  };
  return {
    title: plan.title,
    steps: steps.length,
    done: steps.filter((s) => s.status === 'done').length,
    attention: steps.filter((s) => s.status === 'at-risk' || s.overdue),
    next: steps.find((s) => s.status !== 'done') ?? null,
    lastView: latest ? { t: latest.t, who: whoOf(latest) } : null,
    views: count,
  };
}

/** "at risk", "overdue", "at risk and overdue". */
export function stepState(s: PlanStep): string {
  return [s.status === 'at-risk' ? 'at risk' : '', s.overdue ? 'overdue' : ''].filter(Boolean).join(' and ') || s.status.replace('-', ' ');
}
