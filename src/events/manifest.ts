/**
 * The collector's manifest: which accounts, persona tracks, pieces and stakeholders exist, so that
 * events about anything else are dropped. Emitted by the build; ids only, no names: stakeholders'
 * e-mails appear only as keyed hashes (contactKey), for matching booking webhooks.
 */
import { z } from 'zod';

export const manifestSchema = z.object({
  version: z.literal(1),
  accounts: z.record(
    z.string(),
    z.object({
      /** Persona id to the piece ids of its track. */
      personas: z.record(z.string(), z.array(z.string())),
      /** Stakeholder ids of the buying committee. */
      stakeholders: z.array(z.string()),
      /** Path of the account's mutual action plan page, when it has one: its page views are stored as plan_view. */
      plan: z.string().optional(),
      /** Titles of the plan's steps in order (public: they are on the plan page), for plan updates and their alerts. */
      steps: z.array(z.string()).optional(),
    }),
  ),
  /** contactKey(secret, e-mail) of each stakeholder with an e-mail: account, stakeholder and persona ids. */
  contacts: z.record(z.string(), z.object({ a: z.string(), s: z.string(), p: z.string() })).optional(),
  /** Each account's web domain to its id: a booking by an unknown attendee of that domain counts for the account. */
  domains: z.record(z.string(), z.string()).optional(),
  /** Public facts of each published piece, for instant alerts in words: its title, signal, talking point, whether it has a calculator. */
  pieces: z
    .record(
      z.string(),
      z.object({
        title: z.string(),
        signal: z.enum(['pricing', 'security']).optional(),
        talkingPoint: z.string().optional(),
        calculator: z.boolean().optional(),
      }),
    )
    .optional(),
  /** Each persona's title, e.g. "Chief Financial Officer". */
  personas: z.record(z.string(), z.string()).optional(),
});
export type Manifest = z.infer<typeof manifestSchema>;

/** Fast membership checks over a manifest. */
export class ManifestIndex {
  readonly #accounts: Map<string, { personas: Map<string, Set<string>>; stakeholders: Set<string>; plan: string | undefined }>;
  readonly #domains: Map<string, string>;

  constructor(manifest: Manifest) {
    this.#domains = new Map(Object.entries(manifest.domains ?? {}));
    this.#accounts = new Map(
      Object.entries(manifest.accounts).map(([id, a]) => [
        id,
        {
          personas: new Map(Object.entries(a.personas).map(([p, pieces]) => [p, new Set(pieces)])),
          stakeholders: new Set(a.stakeholders),
          plan: a.plan,
        },
      ]),
    );
  }

  /** Whether the account, its persona track and the piece on it exist. */
  knows(account: string, persona?: string, piece?: string): boolean {
    const a = this.#accounts.get(account);
    if (!a) return false;
    if (persona === undefined) return piece === undefined;
    const pieces = a.personas.get(persona);
    if (!pieces) return false;
    return piece === undefined || pieces.has(piece);
  }

  /** Whether `path` is the account's mutual action plan page. */
  isPlanPage(account: string, path: string): boolean {
    const plan = this.#accounts.get(account)?.plan;
    return plan !== undefined && (path === plan || path === plan.replace(/\/$/, ''));
  }

  /** The account whose domain (or a subdomain of it) an e-mail address is at. */
  accountOfEmail(email: string): string | undefined {
    let host = email.trim().toLowerCase().split('@')[1];
    while (host) {
      const account = this.#domains.get(host);
      if (account) return account;
      const dot = host.indexOf('.');
      host = dot < 0 ? undefined : host.slice(dot + 1);
    }
    return undefined;
  }

  hasStakeholder(account: string, stakeholder: string): boolean {
    return this.#accounts.get(account)?.stakeholders.has(stakeholder) ?? false;
  }
}
