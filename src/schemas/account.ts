/**
 * Account: one target company and everything its microsite is made from.
 * Lives in `accounts/<id>.yaml` (or `.md`, whose body is an internal research note that is never
 * published), with its logo and images in `accounts/<id>/`.
 */
import { z } from 'astro/zod';
import { webAddress } from './url.ts';
import { buyingStage, decisionRole, hexColour, idString, industry, localeTag, tier } from './vocabulary.ts';
import { dealSchema } from './deal.ts';
import { planSchema } from './plan.ts';

/** A stakeholder: one member of the account's buying committee. */
export const stakeholderSchema = z.strictObject({
  /** Stable id within the account, used in personal links and the conversion log, e.g. `cfo-1`. */
  id: idString,
  /** Job title as the account uses it, e.g. "Chief Financial Officer". Not shown with a name. */
  title: z.string().min(1),
  /** Id of the persona this person gets a track for (a file in `content/personas/`); checked against them. */
  persona: z.string().min(1),
  /** Part in the buying decision: `decision-maker`, `influencer` or `user`. */
  role: decisionRole,
  /** Person's name, for the sales team and mail merge only: never rendered on any page. */
  name: z.string().optional(),
  /** Work e-mail, for personal links (mail merge) only: never rendered on any page. */
  email: z.email().optional(),
  /** The contact's id in the CRM, set by `npm run import` to match rows on re-import. */
  crmId: z.string().optional(),
});
export type Stakeholder = z.infer<typeof stakeholderSchema>;

// What does not depend on the image helper is built once: Astro calls the schema function once per
// account file (for an image helper bound to it), and building every field's schema each time was
// a third of the content sync at 10,000 accounts (10.8 s, now 7.0 s).
const accountFieldsBeforeLogo = {
  /** `true` while the account is being written: not built or published (shown in `npm run dev` only). `npm run new` starts here; set it to `false` or remove it to publish. */
  draft: z.boolean().default(false),
  /** Display name of the company, e.g. "Nordlake Telecom Oy". */
  name: z.string().min(1),
  /** How the landing page's headline names the company, e.g. "Nordlake" ("For Nordlake: ..."); default: `name`. */
  shortName: z.string().min(1).max(40).optional(),
  /** Main web domain, without scheme, e.g. `nordlake.fi`. */
  domain: z
    .string()
    .regex(/^(?!-)[a-z0-9-]+(\.[a-z0-9-]+)+$/i, 'use a bare domain such as "nordlake.fi" (no https://, no path)'),
  /** Industry, one of the known list (pieces can be filtered by it). */
  industry,
  /** `strategic`, `key` or `scale`. */
  tier,
  /** Language of the microsite as a BCP 47 tag (`en`, `fi-FI`, `vi-VN`, `fa-IR`...). RTL languages render right to left. */
  locale: localeTag,
  /**
   * Pieces and proof points without a translation into the account's language: `mark` (default)
   * shows the original, marked with its language ("In English") and laid out in its own direction;
   * `hide` leaves them out, so visitors see only content in their language. `npm run check` lists
   * what each language lacks.
   */
  untranslated: z.enum(['mark', 'hide']).default('mark'),
};

const accountFieldsAfterLogo = {
  /** Brand colours. Text contrast is checked at build; an unreadable palette falls back to neutral with a warning. */
  brand: z.strictObject({
    /** Main brand colour, used for the header band and buttons, e.g. `#0b5fff`. */
    primary: hexColour,
    /** Optional second colour for accents (tiles, rules). Defaults to the primary colour. */
    accent: hexColour.optional(),
    /** Text colour on the primary colour, e.g. `#ffffff`. Leave out to pick black or white automatically. */
    text: hexColour.optional(),
  }),
  /** Where the account is on its buying path: `<When stage="...">` in pieces shows content by it, and the page labels it. Every reading path starts at its first piece, whatever the stage. */
  stage: buyingStage,
  /** The account's own goals, in its language, as the planning workshop agreed them. */
  goals: z.array(z.string().min(1)).min(1),
  /** The pains or problems the account is known to have. */
  pains: z.array(z.string().min(1)).default([]),
  /** Our proposition to this account. */
  proposition: z.strictObject({
    /** The offer in a few words: the landing page's headline after the account's name, e.g. "orders live in five days, not nineteen" ("For Nordlake: orders live in five days, not nineteen"). Default: the summary. */
    headline: z.string().min(1).max(120).optional(),
    /** One or two sentences shown on the landing page. */
    summary: z.string().min(1),
    /** Per persona id, what we promise that persona in this account; shown on its track. */
    byPersona: z.record(z.string(), z.string().min(1)).default({}),
  }),
};

const ownerFields = {
  /** Name shown on the call to action, e.g. "Anna Virtanen". */
  name: z.string().min(1),
  /** Title shown under the name, e.g. "Account Director". */
  title: z.string().optional(),
  /** E-mail for the contact button. */
  email: z.email(),
  /** Booking link for the meeting button. */
  meetingUrl: webAddress,
};

const accountFieldsAfterOwner = {
  /** The buying committee: decision makers, influencers and users mapped in this account. */
  buyingCommittee: z.array(stakeholderSchema).min(1),
  /** The account's address on the site. */
  url: z
    .strictObject({
      /** Readable part of the URL; defaults to the file name, e.g. `nordlake`. */
      slug: idString.optional(),
      /** Random suffix that makes the URL unguessable (at least 10 lowercase letters/digits), e.g. `k3f9x2q8vd`. Leave out for a readable URL. */
      suffix: z
        .string()
        .regex(/^[a-z0-9]{10,}$/, 'use at least 10 random lowercase letters and digits, e.g. "k3f9x2q8vd"')
        .optional(),
    })
    .default({}),
  /** The account's record in the CRM, set by `npm run import` to match rows on re-import. */
  crm: z
    .strictObject({
      /** `hubspot`, `salesforce` or the name given with `--map`. */
      system: z.string().min(1),
      /** The company's id there. */
      id: z.string().min(1),
    })
    .optional(),
  /** The account's own numbers, used to pre-fill calculators, e.g. `{ users: 1200, hourlyCost: 48 }`. */
  numbers: z
    .strictObject({
      /** People who would use the product daily. */
      users: z.number().int().positive().optional(),
      /** Fully loaded cost of one working hour, in `currency`. */
      hourlyCost: z.number().positive().optional(),
      /** Our yearly price per user for this account, in `currency`; overrides a calculator's default. */
      pricePerUser: z.number().positive().optional(),
      /** ISO 4217 currency code for money shown to this account, e.g. `EUR`. */
      currency: z.string().regex(/^[A-Z]{3}$/, 'use an ISO 4217 code such as "EUR"').default('EUR'),
    })
    .catchall(z.number())
    .prefault({}),
  /** The mutual action plan agreed with the account, shown on `/<account>/plan/`. */
  plan: planSchema.optional(),
  /** The account's deals in the CRM (open, won, lost), set by `npm run import`; private: for the report, never on a page. */
  deals: z.array(dealSchema).default([]),
};

/** Checks across fields: stakeholder ids unique, plan owners known (and named when public), deal ids unique. */
function refineAccount(account: z.output<z.ZodObject<typeof accountFieldsAfterOwner>>, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  account.buyingCommittee.forEach((stakeholder, index) => {
    if (seen.has(stakeholder.id)) {
      ctx.addIssue({
        code: 'custom',
        path: ['buyingCommittee', index, 'id'],
        message: `stakeholder id "${stakeholder.id}" is used twice; each stakeholder needs its own id`,
      });
    }
    seen.add(stakeholder.id);
  });
  account.plan?.milestones.forEach((milestone, m) => {
    milestone.owners.forEach((owner, o) => {
      if ('stakeholder' in owner && !seen.has(owner.stakeholder)) {
        ctx.addIssue({
          code: 'custom',
          path: ['plan', 'milestones', m, 'owners', o, 'stakeholder'],
          message: `no stakeholder "${owner.stakeholder}" in buyingCommittee (known: ${[...seen].join(', ')})`,
        });
      }
      if ('stakeholder' in owner && owner.public && !account.buyingCommittee.find((s) => s.id === owner.stakeholder)?.name) {
        ctx.addIssue({ code: 'custom', path: ['plan', 'milestones', m, 'owners', o, 'public'], message: `stakeholder "${owner.stakeholder}" has no name to show` });
      }
    });
  });
  const deals = new Set<string>();
  account.deals.forEach((deal, index) => {
    if (deals.has(deal.crmId)) {
      ctx.addIssue({ code: 'custom', path: ['deals', index, 'crmId'], message: `deal crmId "${deal.crmId}" is used twice; each deal is listed once` });
    }
    deals.add(deal.crmId);
  });
}

/** Builds the account schema; `logo` is whatever image helper the caller has (Astro's `image()`). */
export function accountSchema<Logo extends z.ZodType>(logo: Logo) {
  return z
    .strictObject({
      ...accountFieldsBeforeLogo,
      /** Relative path to the logo (SVG, PNG, JPEG or WebP) in the account's own folder, e.g. `./nordlake/logo.svg`. Optional: without one, the name stands alone (`npm run check` warns). */
      logo: logo.optional(),
      ...accountFieldsAfterLogo,
      /** The account owner on our side: the sales contact every call to action leads to. */
      owner: z.strictObject({
        ...ownerFields,
        /** Relative path to their photo in the account's folder (JPEG, PNG, WebP or SVG), e.g. `./nordlake/owner.jpg`; shown square, about 96 px. */
        photo: logo.optional(),
      }),
      ...accountFieldsAfterOwner,
    })
    .superRefine(refineAccount);
}
