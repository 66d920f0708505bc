/**
 * Mutual action plan: the steps buyer and seller agreed to take together, kept in the account file
 * (`plan:`) and shown on `/<account>/plan/`. Owners on the buyer's side are stakeholders of the
 * account; their names reach the page only when the milestone marks them `public`.
 */
import { z } from 'astro/zod';
import { idString } from './vocabulary.ts';

export const MILESTONE_STATUSES = ['done', 'in-progress', 'planned', 'at-risk'] as const;
export const milestoneStatus = z.enum(MILESTONE_STATUSES);
export type MilestoneStatus = z.infer<typeof milestoneStatus>;

/** Who owns a milestone: a stakeholder of the account, or someone on our side. */
export const milestoneOwnerSchema = z.union([
  z.strictObject({
    /** Id of a stakeholder in `buyingCommittee`; the page shows their title. */
    stakeholder: idString,
    /** `true` only if this person agreed to be named on the microsite: the page then shows their name too. */
    public: z.boolean().default(false),
  }),
  z.strictObject({
    /** Someone on our side, by name, e.g. "Mikko Laaksonen" (our people are named). */
    vendor: z.string().min(1),
    /** Their title, e.g. "Solution Architect". */
    title: z.string().min(1).optional(),
  }),
]);
export type MilestoneOwner = z.infer<typeof milestoneOwnerSchema>;

export const milestoneSchema = z.strictObject({
  /** The step, in the account's language, e.g. "Agree the pilot's success criteria". */
  title: z.string().min(1),
  /** What the step produces or decides, one or two sentences. */
  detail: z.string().min(1).optional(),
  /** Due date, `YYYY-MM-DD`. */
  due: z.coerce.date({ message: 'use a date such as 2026-12-15' }),
  /** `done`, `in-progress`, `planned` or `at-risk`. */
  status: milestoneStatus.default('planned'),
  /** Who owns it, on both sides where both act: at least one. */
  owners: z.array(milestoneOwnerSchema).min(1),
  /** Ids of pieces that support this step, linked from the plan (each must be in one of the account's tracks). */
  pieces: z.array(idString).default([]),
});
export type Milestone = z.infer<typeof milestoneSchema>;

export const planSchema = z.strictObject({
  /** Heading of the plan page, e.g. "Our plan for the pilot"; defaults to "Our plan together". */
  title: z.string().min(1).optional(),
  /** One or two sentences on what the plan leads to, e.g. "A signed pilot by March". */
  goal: z.string().min(1).optional(),
  /** The steps, in the order they are due. */
  milestones: z.array(milestoneSchema).min(1),
});
export type Plan = z.infer<typeof planSchema>;
