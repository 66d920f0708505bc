/**
 * Content piece: one MDX file in `content/pieces/` (translations in `content/pieces/<lang>/`).
 */
import { z } from 'astro/zod';
import { linkAddress } from './url.ts';
import { buyingStage, ctaKind, format, idString, industry } from './vocabulary.ts';

/** Builds the piece schema; `cover` is whatever image helper the caller has (Astro's `image()`). */
export function pieceSchema<Cover extends z.ZodType>(cover: Cover) {
  return z
    .strictObject({
      /** `true` while the piece is being written: in no published track (shown in `npm run dev` only). `npm run new` starts here; set it to `false` or remove it to publish. */
      draft: z.boolean().default(false),
      /** Title of the piece. */
      title: z.string().min(1),
      /** Format: `case-study`, `white-paper`, `roi-calculator`, `research`, `technology-review`, `expert-statement`, `newsletter`, `webinar`, `presentation`. */
      format,
      /** Persona ids whose track includes this piece. Translations inherit it from the original. */
      personas: z.array(z.string().min(1)).min(1).optional(),
      /** Buying stages the piece serves; the earliest decides its place in a track. Translations inherit it. */
      stages: z.array(buyingStage).min(1).optional(),
      /** Only accounts of these industries get the piece; leave out for all. Translations inherit it. */
      industries: z.array(industry).optional(),
      /** Tie-breaker within a stage: lower comes first. */
      order: z.number().default(100),
      /** One or two sentences shown on the track. */
      summary: z.string().min(1),
      /** Relative path to a cover image (SVG, PNG, JPEG or WebP) inside content/, e.g. `./covers/roi.svg`. */
      cover,
      /** Text alternative of the cover for screen readers; empty if purely decorative. */
      coverAlt: z.string().default(''),
      /** The call to action at the end of the piece. */
      cta: z.strictObject({
        /** Button text, e.g. "Book a 30-minute review". */
        label: z.string().min(1),
        /** `meeting` and `contact` lead to the account owner; `download`, `register` need `href`. */
        kind: ctaKind,
        /** Link for `download` and `register`: https://... or a path on the site such as `/files/guide.pdf`. */
        href: linkAddress.optional(),
      }),
      /** For sales, never shown on a page: what to say to someone who just read this piece, e.g. "Ask which of the three risks they recognise". Instant alerts and the report's call list quote it. */
      talkingPoint: z.string().min(1).max(300).optional(),
      /** Marks a piece whose reading is a buying signal on its own: `pricing` or `security` (an identified reader alerts the owner at once). */
      signal: z.enum(['pricing', 'security']).optional(),
      /** Language of this file (BCP 47 language, e.g. `fi`). */
      lang: z.string().regex(/^[a-z]{2,3}$/, 'use a language code such as "fi"').default('en'),
      /** For a translation: the id of the original piece, e.g. `roi-of-automation`. */
      translationOf: idString.optional(),
    })
    .superRefine((piece, ctx) => {
      if (!piece.translationOf) {
        for (const field of ['personas', 'stages'] as const) {
          if (!piece[field]) {
            ctx.addIssue({ code: 'custom', path: [field], message: `${field} is required (only a translation may leave it out)` });
          }
        }
      }
      if ((piece.cta.kind === 'download' || piece.cta.kind === 'register') && !piece.cta.href) {
        ctx.addIssue({ code: 'custom', path: ['cta', 'href'], message: `a "${piece.cta.kind}" call to action needs an href` });
      }
    });
}
