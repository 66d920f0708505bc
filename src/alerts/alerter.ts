/**
 * Instant alerts, as the collector runs them on both runtimes: after a beacon's rows are stored
 * (and acknowledged: the beacon never waits for any of this), find the moments among them, put one
 * alert per moment and channel in the outbox, and deliver what is due. On Node the collector calls
 * `onStored` without awaiting it and a timer delivers retries; on Workers `ctx.waitUntil` carries it
 * and a Cron Trigger delivers retries every minute.
 */
import type { LogRow } from '../events/schema.ts';
import type { ScoringConfig } from '../schemas/scoring.ts';
import type { DecisionRole } from '../schemas/vocabulary.ts';
import type { Directory } from './directory.ts';
import { buildAlert, PAYLOADS, type AlertContext, type ChannelKind, type InstantAlert } from './message.ts';
import { findMoments, newPersonaHit, planUpdateHit, type MomentHit, type PieceFacts } from './moments.ts';
import type { PlanUpdateRow } from '../events/planUpdate.ts';
import { claim, dueEntries, enqueue, ensureOutbox, firstSeen, markFailed, markSent, recentEvents } from './outbox.ts';
import type { SqlRunner } from './sql.ts';

const DAY = 86_400_000;

/** Where alerts go: the team's channels, and each account owner's own (by the owner's e-mail). */
export interface ChannelSettings {
  slack?: string | undefined;
  teams?: string | undefined;
  webhook?: string | undefined;
  owners?: Record<string, { slack?: string | undefined; teams?: string | undefined; webhook?: string | undefined }> | undefined;
}

/**
 * Channels from the environment: TAILOR_SLACK_WEBHOOK_URL, TAILOR_TEAMS_WEBHOOK_URL,
 * TAILOR_WEBHOOK_URL, and TAILOR_OWNER_WEBHOOKS, a JSON object from an owner's e-mail to their own
 * `{ "slack": ..., "teams": ..., "webhook": ... }`. Throws naming the variable when it is not JSON.
 */
export function channelsFromEnv(env: Record<string, string | undefined>): ChannelSettings {
  let owners: ChannelSettings['owners'];
  if (env.TAILOR_OWNER_WEBHOOKS) {
    try {
      owners = JSON.parse(env.TAILOR_OWNER_WEBHOOKS) as ChannelSettings['owners'];
    } catch {
      throw new Error('TAILOR_OWNER_WEBHOOKS: not JSON; write {"owner@example.com": {"slack": "https://hooks.slack.com/..."}}');
    }
  }
  // E-mail addresses match whatever their case.
  if (owners) owners = Object.fromEntries(Object.entries(owners).map(([email, channels]) => [email.trim().toLowerCase(), channels]));
  return { slack: env.TAILOR_SLACK_WEBHOOK_URL || undefined, teams: env.TAILOR_TEAMS_WEBHOOK_URL || undefined, webhook: env.TAILOR_WEBHOOK_URL || undefined, owners };
}

/** A channel's id (stored in the outbox) to its kind and address (never stored). */
function resolveChannel(settings: ChannelSettings, id: string): { kind: ChannelKind; url: string } | undefined {
  const [kind, owner] = id.split(':', 2) as [ChannelKind, string | undefined];
  const url = owner === undefined ? settings[kind] : settings.owners?.[owner]?.[kind];
  return url ? { kind, url } : undefined;
}

function channelIds(settings: ChannelSettings, ownerEmail: string): string[] {
  const kinds: ChannelKind[] = ['slack', 'teams', 'webhook'];
  const owner = ownerEmail.trim().toLowerCase();
  const own = settings.owners?.[owner];
  return [...kinds.filter((k) => settings[k]).map((k) => k as string), ...kinds.filter((k) => own?.[k]).map((k) => `${k}:${owner}`)];
}

export interface AlerterOptions {
  sql: SqlRunner;
  directory: Directory;
  /** Public facts of each piece (title, signal, talking point) and each persona's title, from the build. */
  pieces: Record<string, PieceFacts>;
  personas: Record<string, string>;
  config: Pick<ScoringConfig, 'weights' | 'intent' | 'instant'>;
  channels: ChannelSettings;
  siteUrl: string;
  reportUrl: string;
  crm?: AlertContext['crm'];
  /** First retry after this long, doubling each time (default 30 s, capped at an hour). */
  retryBaseMs?: number;
  now?: () => number;
  fetch?: typeof fetch;
  /** Where failures are told (never with a person's name). */
  warn?: (message: string) => void;
}

export interface AlerterStats {
  moments: number;
  queued: number;
  sent: number;
  failedAttempts: number;
  gaveUp: number;
}

export function createAlerter(options: AlerterOptions) {
  const { sql, directory } = options;
  const now = options.now ?? Date.now;
  const send = options.fetch ?? fetch;
  const retryBase = options.retryBaseMs ?? 30_000;
  const rules = options.config.instant;
  const stats: AlerterStats = { moments: 0, queued: 0, sent: 0, failedAttempts: 0, gaveUp: 0 };
  const active = rules.enabled && channelIds(options.channels, '').length + Object.keys(options.channels.owners ?? {}).length > 0;
  const startedAt = now();
  let ready: Promise<void> | undefined;
  const schema = () =>
    (ready ??= ensureOutbox(sql, startedAt).catch((error: unknown) => {
      ready = undefined;
      throw error;
    }));
  const seenPersonas = new Set<string>();
  // The directory's roles, looked up before the (synchronous) rule pass.
  const roles = new Map<string, Map<string, DecisionRole>>();

  async function moments(rows: readonly LogRow[]): Promise<MomentHit[]> {
    for (const account of new Set(rows.filter((r) => r.stakeholder).map((r) => r.account))) {
      const entry = await directory.account(account);
      roles.set(account, new Map([...(entry?.people.values() ?? [])].map((p) => [p.id, p.role])));
    }
    const found = findMoments(rows, {
      rules,
      roleOf: (account, stakeholder) => roles.get(account)?.get(stakeholder),
      piece: (id) => options.pieces[id],
    });
    const hits = found.hits;
    for (const row of found.personas) {
      // Seen by this process: no statement per beacon for the personas it already knows.
      const pair = `${row.account}\u0000${row.persona}`;
      if (seenPersonas.has(pair)) continue;
      if (seenPersonas.size > 100_000) seenPersonas.clear();
      seenPersonas.add(pair);
      if (!(await firstSeen(sql, row.account, row.persona!))) continue;
      const events = await recentEvents(sql, row.account, row.t - rules.warmDays * DAY, rules.warmEvents + 1000);
      // The persona's own first events are not what made the account warm.
      const before = events - rows.filter((r) => r.account === row.account && r.persona === row.persona).length;
      if (before >= rules.warmEvents) hits.push({ ...newPersonaHit(row), warmEvents: before } as MomentHit & { warmEvents: number });
    }
    return hits;
  }

  async function alertOf(hit: MomentHit & { warmEvents?: number }): Promise<InstantAlert> {
    return buildAlert(hit, {
      account: await directory.account(hit.row.account),
      piece: (id) => options.pieces[id],
      personaTitle: (id) => options.personas[id],
      config: options.config,
      siteUrl: options.siteUrl,
      reportUrl: options.reportUrl,
      crm: options.crm,
      ...(hit.warmEvents !== undefined ? { warmEvents: hit.warmEvents } : {}),
    });
  }

  /** After rows are stored: their moments into the outbox, then deliver what is due. */
  async function onStored(rows: readonly LogRow[]): Promise<void> {
    if (!active || rows.length === 0) return;
    await schema();
    await raise(await moments(rows));
  }

  /** After a plan update is stored (src/collector/planUpdates.ts): its alert into the outbox, then deliver. */
  async function onPlanUpdate(update: PlanUpdateRow): Promise<void> {
    if (!active) return;
    const account = await directory.account(update.account);
    const hit = planUpdateHit(update, account ? `/${account.segment}/plan/` : undefined, rules);
    if (!hit) return;
    await schema();
    await raise([hit]);
  }

  async function raise(hits: MomentHit[]): Promise<void> {
    if (hits.length > 0) {
      stats.moments += hits.length;
      const entries = [];
      for (const hit of hits) {
        const alert = await alertOf(hit);
        const payload = JSON.stringify(alert);
        for (const channel of channelIds(options.channels, alert.owner.email)) {
          entries.push({ key: `${channel}|${hit.key}`, channel, account: hit.row.account, stakeholder: hit.row.stakeholder, visitor: hit.row.visitor, eventT: hit.row.t, payload });
        }
      }
      const added = await enqueue(sql, entries, now());
      stats.queued += added;
      // Retries are the timer's (Node) or the Cron Trigger's (Workers): a beacon with nothing new
      // costs no query of the outbox.
      if (added > 0) await deliverDue();
    }
  }

  let delivering: Promise<void> | undefined;
  /** Sends every due entry (one pass at a time in this process; the lease keeps other processes off). */
  function deliverDue(): Promise<void> {
    if (!active) return Promise.resolve();
    delivering ??= (async () => {
      try {
        await schema();
        for (;;) {
          const due = await dueEntries(sql, now());
          if (due.length === 0) return;
          await Promise.all(due.map(deliverOne));
          if (due.length < 25) return;
        }
      } finally {
        delivering = undefined;
      }
    })();
    return delivering;
  }

  async function deliverOne(entry: Awaited<ReturnType<typeof dueEntries>>[number]): Promise<void> {
    if (!(await claim(sql, entry, now(), 60_000))) return;
    const channel = resolveChannel(options.channels, entry.channel);
    if (!channel) {
      await markFailed(sql, entry.key, `channel ${entry.channel} is no longer configured`, null);
      stats.gaveUp++;
      return;
    }
    const alert = JSON.parse(entry.payload) as InstantAlert;
    let error: string;
    try {
      const response = await send(channel.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(PAYLOADS[channel.kind](alert)),
        signal: AbortSignal.timeout(10_000),
      });
      if (response.ok) {
        await markSent(sql, entry.key, now());
        stats.sent++;
        return;
      }
      error = `HTTP ${response.status}`;
    } catch (e) {
      error = (e as Error).message;
    }
    stats.failedAttempts++;
    const attempts = entry.attempts + 1;
    const last = attempts >= rules.attempts;
    await markFailed(sql, entry.key, error, last ? null : now() + Math.min(3_600_000, retryBase * 2 ** (attempts - 1)));
    if (last) stats.gaveUp++;
    options.warn?.(`[tailor] alert to ${channel.kind}${entry.channel.includes(':') ? ' (owner channel)' : ''} failed (${error}); ${last ? `gave up after ${attempts} attempts` : `attempt ${attempts} of ${rules.attempts}, retried later`}`);
  }

  return { onStored, onPlanUpdate, deliverDue, stats, active };
}
export type Alerter = ReturnType<typeof createAlerter>;
