/**
 * The props every piece component accepts, as zod schemas: the contract between MDX authors and
 * the components. `npm run check` and the build validate each use in a piece against these, and
 * the components parse their props with them, so a piece cannot pass anything else.
 */
import { z } from 'astro/zod';
import { BUYING_STAGES, INDUSTRIES, TIERS } from '../../schemas/vocabulary.ts';
import { videoSource } from '../../lib/video.ts';
import { linkAddress } from '../../schemas/url.ts';

/** A comma-separated list whose every item is one of `known`, e.g. `industry="telecom,energy"`. */
const listOf = (name: string, known: readonly string[]) =>
  z.string().superRefine((value, ctx) => {
    const items = value.split(',').map((v) => v.trim()).filter(Boolean);
    if (items.length === 0) ctx.addIssue({ code: 'custom', message: `${name} is empty` });
    for (const item of items) {
      if (!known.includes(item)) ctx.addIssue({ code: 'custom', message: `unknown ${name} "${item}" (known: ${known.join(', ')})` });
    }
  });

export const pieceComponentProps = {
  /** `<Account field="name" />`: one public field of the account; see PUBLIC_ACCOUNT_FIELDS. */
  Account: z.strictObject({
    /** A public field path: name, domain, industry, tier, stage, goals.N, pains.N, proposition.summary, owner.name, owner.title, numbers.<name>. */
    field: z.string().min(1),
  }),
  /** `<When industry="telecom" tier="strategic" stage="evaluation,decision" not>`: content for matching accounts only. */
  When: z
    .strictObject({
      industry: listOf('industry', INDUSTRIES).optional(),
      tier: listOf('tier', TIERS).optional(),
      stage: listOf('stage', BUYING_STAGES).optional(),
      /** Inverts the whole condition. */
      not: z.boolean().optional(),
    })
    .refine((w) => w.industry !== undefined || w.tier !== undefined || w.stage !== undefined, {
      message: '<When> needs at least one of industry, tier or stage',
    }),
  /** `<RoiCalculator hoursSavedPerWeek={3} pricePerUser={240} />`: pre-filled from the account's numbers. */
  RoiCalculator: z.strictObject({
    /** Hours each user saves per week with our product. */
    hoursSavedPerWeek: z.number().positive(),
    /** Yearly price per user; the account's `numbers.pricePerUser` wins. */
    pricePerUser: z.number().positive(),
    /** Used when the account file has no `numbers.users`. */
    users: z.number().int().positive().optional(),
    /** Used when the account file has no `numbers.hourlyCost`. */
    hourlyCost: z.number().positive().optional(),
  }),
  /** `<Video src="https://www.youtube.com/watch?v=..." title="..." />`: nothing loads from the provider until the visitor presses play; plays are logged. */
  Video: z.strictObject({
    /** A YouTube or Vimeo address, or a video file the site serves from public/, e.g. `/files/demo.mp4`. */
    src: linkAddress.refine((src) => videoSource(src) !== undefined, {
      message: 'use a YouTube or Vimeo address (https://...), or a path to an .mp4/.webm file under public/, e.g. "/files/demo.mp4"',
    }),
    /** What the video is, for the play button and screen readers, e.g. "Demo: order routing in 3 minutes". */
    title: z.string().min(1),
    /** Optional caption under the video. */
    caption: z.string().optional(),
  }),
} as const;

export type PieceComponentName = keyof typeof pieceComponentProps;
export const PIECE_COMPONENTS = Object.keys(pieceComponentProps) as PieceComponentName[];
