/**
 * A visitor's update to the account's mutual action plan, sent from the plan page on a personal
 * link: a step marked done, another date proposed, or a short comment. One schema for the page's
 * island (its types and limits; the island ships no zod) and the collector (which validates), on
 * both runtimes. Plain zod, like the event schema.
 */
import { z } from 'zod';
import { CONTROL_CHARACTERS } from './schema.ts';

/** The collector's path for plan updates: POST one, GET the account's current ones. */
export const PLAN_PATH = '/tailor/plan';

export const PLAN_UPDATE_KINDS = ['done', 'date', 'comment'] as const;
export type PlanUpdateKind = (typeof PLAN_UPDATE_KINDS)[number];

/** Longest comment, in characters (after control characters are taken out). */
export const MAX_COMMENT = 500;
/** Largest request body, in bytes: a comment of 500 characters, 4 bytes each, and the rest. */
export const MAX_PLAN_BODY = 4096;
/** Updates one stakeholder may send an hour (counted in the log's database, so it holds across Workers). */
export const PLAN_UPDATES_PER_HOUR = 20;
/** Most steps a plan may have for updates (a step is its position in the plan, from 0). */
export const MAX_STEPS = 100;

const EVERY_CONTROL_CHARACTER = new RegExp(CONTROL_CHARACTERS.source, 'g');

/** A comment as stored: control characters (CONTROL_CHARACTERS) replaced by spaces, runs of spaces made one, trimmed. */
export const cleanComment = (text: string) => text.replace(EVERY_CONTROL_CHARACTER, ' ').replace(/\s+/g, ' ').trim();

/** A calendar date `YYYY-MM-DD` that exists (no 2027-02-30). */
const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'use a date such as 2027-01-20')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'no such date');

const base = {
  /** The personal-link token (`?t=`): who sends it, for which account. */
  k: z.string().min(1).max(300),
  /** A random id made by the page, so that a retried request is stored once. */
  id: z.string().regex(/^[A-Za-z0-9_-]{8,40}$/),
  /** The step, by its position in the plan (0 is the first). */
  step: z.number().int().min(0).max(MAX_STEPS - 1),
};

/** The body of POST /tailor/plan. */
export const planUpdateRequestSchema = z.discriminatedUnion('kind', [
  z.strictObject({ ...base, kind: z.literal('done') }),
  z.strictObject({ ...base, kind: z.literal('date'), value: isoDay }),
  z.strictObject({
    ...base,
    kind: z.literal('comment'),
    value: z
      .string()
      .max(MAX_COMMENT * 4)
      .transform(cleanComment)
      .pipe(z.string().min(1, 'an empty comment').max(MAX_COMMENT, `at most ${MAX_COMMENT} characters`)),
  }),
]);
export type PlanUpdateRequest = z.input<typeof planUpdateRequestSchema>;
export type PlanUpdateParsed = z.output<typeof planUpdateRequestSchema>;

/** One stored update, as the table `plan_updates` holds it. */
export interface PlanUpdateRow {
  id: string;
  /** When the collector stored it, ms since the epoch. */
  receivedAt: number;
  account: string;
  stakeholder: string;
  step: number;
  /** The step's title when the update was made (a later pull finds the step by it, should the plan be reordered). */
  stepTitle: string | null;
  kind: PlanUpdateKind;
  /** `YYYY-MM-DD` for `date`, the text for `comment`, null for `done`. */
  value: string | null;
}

/** What GET /tailor/plan answers: the account's updates, oldest first; `mine` marks the asker's own. No names. */
export interface PlanStateResponse {
  updates: { step: number; kind: PlanUpdateKind; value: string | null; at: number; mine: boolean }[];
}
