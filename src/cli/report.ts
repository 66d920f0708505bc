/**
 * `npm run report`: scores the conversion log, raises alerts for new crossings (NDJSON, webhook,
 * CSV for the CRM) and writes the static conversion report to `.tailor/report/` (served by
 * `npm start` at /tailor/report/ to this machine only).
 *   --now <ISO time>   score as of that moment (default: now)
 *   --pdf              also print the overview and one page per account to .tailor/report/report.pdf (Chromium)
 *   --digest           also post the weekly digest (whom to call, what changed in 7 days) to the alert channels:
 *                      TAILOR_SLACK_WEBHOOK_URL, TAILOR_TEAMS_WEBHOOK_URL, TAILOR_WEBHOOK_URL, and each owner's
 *                      own in TAILOR_OWNER_WEBHOOKS (their accounts only); TAILOR_REPORT_URL for its links
 *   TAILOR_WEBHOOK_URL=https://...   POST new alerts there (retried with backoff)
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { retainLocally } from '../privacy/localRetention.ts';
import { parseArgs } from 'node:util';
import { DatabaseSync } from 'node:sqlite';
import { readAccountFiles, type AccountFile } from '../content/accountFiles.ts';
import { loadScoringConfig, type ScoringConfig } from '../scoring/config.ts';
import { SCORING_COLUMNS, scoreTuples, type ScoringAccount, type ScoringInput, type ScoringResult, type ScoringTuple } from '../scoring/engine.ts';
import { deliverWebhook, detectAlerts, postJson, type Alert, type AlertContact, type TriggerState } from '../scoring/triggers.ts';
import { DIGEST_DAYS, DIGEST_PAYLOADS, weeklyDigest } from '../report/digest.ts';
import { channelsFromEnv } from '../alerts/alerter.ts';
import type { ChannelKind } from '../alerts/message.ts';
import { reportUrlOf } from '../alerts/runtime.ts';
import { renderAccount, renderOverview, stageReason, stageText } from '../report/render.ts';
import { reportInsights, type ReportContext, type ReportInsights } from '../report/insights.ts';
import { readContentFacts, stagesOf, type ContentFacts } from '../report/content.ts';
import type { PlanViews } from '../report/plan.ts';
import { siteSettings } from '../lib/vendor.ts';
import { siteUrl } from '../lib/siteUrl.ts';
import { revenueInsights, type RevenueAccount, type RevenueInsights } from '../report/revenue.ts';
import { money } from '../report/revenueRender.ts';
import { renderPrint } from '../report/print.ts';
import { printPdf } from '../report/pdf.ts';
import { channelPerformance, type ChannelRow } from '../scoring/channels.ts';
import { loadIcp } from '../content/dataFile.ts';
import { formatProblem, type Problem } from '../lib/crossref.ts';
import type { BuyingStage } from '../schemas/vocabulary.ts';
import { logFile, stateDir } from '../lib/state.ts';
import { csvLine } from './links.ts';

/** Earliest stage of every original piece, from the front matter. */
export function pieceStages(root: string): Record<string, BuyingStage> {
  return stagesOf(readContentFacts(root).pieces);
}

/** Plan page views per account and visitor kind (the plan section and "Call today"): one small query, not the engine's business. */
export function planViews(file: string): PlanViews[] {
  if (!existsSync(file)) return [];
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    const rows = db
      .prepare(
        `SELECT account, stakeholder, MAX(visitor IS NOT NULL) AS anonymous, MAX(t) AS t, COUNT(*) AS views FROM events
         WHERE type = 'plan_view' GROUP BY account, stakeholder, stakeholder IS NULL AND visitor IS NULL`,
      )
      .all() as { account: string; stakeholder: string | null; anonymous: number; t: number; views: number }[];
    return rows.map((r) => ({ account: r.account, stakeholder: r.stakeholder, anonymous: r.stakeholder === null && r.anonymous === 1, t: r.t, views: r.views }));
  } finally {
    db.close();
  }
}

/** What the report names and links things by: titles from the content, microsites, CRM records, plans. */
export function reportContext(root: string, files: readonly AccountFile[], facts: ContentFacts, log: string): ReportContext {
  const crm = siteSettings(root).crm;
  return {
    names: facts.names,
    pieces: facts.pieces,
    accounts: Object.fromEntries(files.map((a) => [a.id, { segment: a.segment, crmId: a.data.crm?.id ?? null, ownerEmail: a.data.owner.email, plan: a.data.plan }])),
    planViews: planViews(log),
    siteUrl: siteUrl(),
    ...(crm ? { crm } : {}),
  };
}

/** The log's rows of visits and people that came by a campaign, as channel performance reads them. */
function campaignRows(file: string): ChannelRow[] {
  if (!existsSync(file)) return [];
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    const hasColumn = (db.prepare('PRAGMA table_info(events)').all() as { name: string }[]).some((c) => c.name === 'campaign');
    if (!hasColumn) return [];
    // Only people who ever came by a campaign matter (their later visits count too), in time order.
    return db
      .prepare(
        `SELECT campaign, account, persona, stakeholder, visitor, type, value, label FROM events
         WHERE campaign IS NOT NULL
            OR visitor IN (SELECT DISTINCT visitor FROM events WHERE campaign IS NOT NULL AND visitor IS NOT NULL)
            OR (stakeholder IS NOT NULL AND account || ':' || stakeholder IN (SELECT DISTINCT account || ':' || stakeholder FROM events WHERE campaign IS NOT NULL AND stakeholder IS NOT NULL))
         ORDER BY t, received_at`,
      )
      .all() as unknown as ChannelRow[];
  } finally {
    db.close();
  }
}

/** Deals, currency and fit inputs of every published account, for the revenue measures. */
export function revenueAccounts(files: readonly AccountFile[]): RevenueAccount[] {
  return files.map((a) => ({ id: a.id, currency: a.data.numbers.currency, deals: a.data.deals, fit: a.data }));
}

export async function scoringAccounts(root: string, files?: readonly AccountFile[]): Promise<ScoringAccount[]> {
  return (files ?? (await readAccountFiles(root))).map((a) => ({
    id: a.id,
    name: a.data.name,
    domain: a.data.domain,
    owner: a.data.owner.name,
    committee: a.data.buyingCommittee.map((s) => ({ id: s.id, title: s.title, persona: s.persona, role: s.role, name: s.name, email: s.email, crmId: s.crmId })),
  }));
}

/**
 * Streams the log from SQLite into the engine: only the columns it reads, as arrays (no object per
 * row). `until`: only events up to that time (the log as it stood then, for the digest's week).
 */
export function scoreDatabase(file: string, input: ScoringInput, options: { until?: number } = {}): ScoringResult {
  if (!existsSync(file)) return scoreTuples([], input);
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    // In account order (SQLite sorts; no index is kept for it: lean writes): each account's state stays hot; same result.
    const until = options.until === undefined ? '' : ' WHERE t <= ?';
    const statement = db.prepare(`SELECT ${SCORING_COLUMNS.join(', ')} FROM events${until} ORDER BY account, received_at`);
    statement.setReturnArrays(true);
    const rows = options.until === undefined ? statement.iterate() : statement.iterate(options.until);
    return scoreTuples(rows as unknown as IterableIterator<ScoringTuple>, input);
  } finally {
    db.close();
  }
}

/**
 * CSV for the CRM. alerts.csv: one row per alert and contact (an alert without a contact gets one
 * row with the contact columns empty), so a CRM matches each row to a contact by e-mail or CRM id.
 * stakeholders.csv: one row per identified stakeholder with activity. accounts.csv: one per account.
 */
function exportCsvs(dir: string, result: ScoringResult, insights: ReportInsights, alerts: Alert[], revenue: RevenueInsights) {
  const titles = (pieces: readonly string[]) => pieces.map((p) => insights.names.piece(p)).join(' | ');
  const alertHeader = csvLine(['account', 'domain', 'owner', 'stage', 'score', 'reason', 'top_content', 'alert_kind', 'at', 'alert_id', 'stakeholder_id', 'name', 'title', 'email', 'crm_id']);
  const noContact: (AlertContact | null)[] = [null];
  writeFileSync(
    path.join(dir, 'alerts.csv'),
    alertHeader +
      alerts
        .flatMap((a) =>
          (a.contacts.length ? a.contacts : noContact).map((c) =>
            csvLine([a.account, a.domain, a.owner, a.stage, a.score.toFixed(1), a.reason, titles(a.topContent), a.kind, a.at, a.id, c?.stakeholder ?? '', c?.name ?? '', c?.title ?? '', c?.email ?? '', c?.crmId ?? '']),
          ),
        )
        .join(''),
  );
  const people = csvLine(['account', 'domain', 'stakeholder_id', 'name', 'title', 'email', 'crm_id', 'persona', 'role', 'score', 'activated', 'intent_signals', 'meetings_booked', 'last_seen', 'top_content']);
  const rows = result.accounts.flatMap((a) =>
    a.people
      .filter((p) => p.stakeholder)
      .map((p) => {
        const s = p.stakeholder!;
        const meetings = p.moments.filter((m) => m.event === 'meeting_booked').length;
        return csvLine([a.account.id, a.account.domain, s.id, s.name ?? '', s.title, s.email ?? '', s.crmId ?? '', s.persona, p.role, p.score.toFixed(1), p.strong ? 'strong' : p.activated ? 'yes' : 'no', String(p.intent.length), String(meetings), new Date(p.lastSeen).toISOString(), titles(p.topPieces)]);
      }),
  );
  writeFileSync(path.join(dir, 'stakeholders.csv'), people + rows.join(''));
  const accounts = csvLine(['account', 'domain', 'owner', 'stage', 'score', 'reason', 'top_content', 'last_activity', 'last_intent_at', 'meetings_booked', 'days_to_first_meeting', 'open_pipeline', 'open_deals', 'won', 'fit', 'suggested_tier']);
  writeFileSync(
    path.join(dir, 'accounts.csv'),
    accounts +
      result.accounts
        .map((a) => {
          const i = insights.accounts.get(a.account.id)!;
          const days = i.meetings.daysToFirstMeeting;
          const p = revenue.pipeline.get(a.account.id)!;
          const fit = revenue.fit.get(a.account.id);
          return csvLine([a.account.id, a.account.domain, a.account.owner, a.stage, a.score.toFixed(1), stageReason(a), titles(a.topContent), i.lastActivityText ?? '', i.lastIntent ? new Date(i.lastIntent.t).toISOString() : '', String(i.meetings.booked), days === null ? '' : days.toFixed(1), p.open.count ? money(p.open) : '', String(p.open.count), p.won.count ? money(p.won) : '', fit ? String(fit.score) : '', fit?.tier ?? '']);
        })
        .join(''),
  );
  writeFileSync(
    path.join(dir, 'channels.csv'),
    csvLine(['source', 'medium', 'campaign', 'accounts', 'personas', 'identified_people', 'page_views', 'engaged_seconds', 'intent_signals']) +
      revenue.channels.map((c) => csvLine([c.source, c.medium, c.campaign, c.accounts.join(' | '), c.personas.join(' | '), String(c.stakeholders), String(c.pageViews), String(c.engagedSeconds), String(c.intentSignals)])).join(''),
  );
}

/** Alerts logged before alerts named their contacts have none; before they kept the event's time, `at` is the run's. */
const readAlert = (line: string): Alert => {
  const alert = JSON.parse(line) as Omit<Alert, 'contacts' | 'raisedAt'> & Partial<Alert>;
  return { contacts: [], raisedAt: alert.at, ...alert };
};

/**
 * The weekly digest to every alert channel: the team's channels get every account, an owner's own
 * channels (TAILOR_OWNER_WEBHOOKS, by the owner's e-mail) the owner's accounts. The week is the log
 * now against the log 7 days ago, scored as of then.
 */
export async function sendDigest(report: Awaited<ReturnType<typeof buildReport>>, options: { root: string; env: Record<string, string | undefined> }) {
  const { result, insights, config, files } = report;
  const accounts = await scoringAccounts(options.root, files);
  const before = scoreDatabase(logFile(), { accounts, pieceStages: stagesOf(report.context.pieces), config, now: result.now - DIGEST_DAYS * 86_400_000, names: report.context.names }, { until: result.now - DIGEST_DAYS * 86_400_000 });
  const channels = channelsFromEnv(options.env);
  const reportUrl = reportUrlOf(options.env, 'http://127.0.0.1:4321/tailor/report/');
  const kinds: ChannelKind[] = ['slack', 'teams', 'webhook'];
  const targets: { label: string; kind: ChannelKind; url: string; only?: Set<string> }[] = kinds.flatMap((kind) => (channels[kind] ? [{ label: kind, kind, url: channels[kind]! }] : []));
  for (const [email, own] of Object.entries(channels.owners ?? {})) {
    const only = new Set(files.filter((f) => f.data.owner.email.toLowerCase() === email.toLowerCase()).map((f) => f.id));
    if (only.size) for (const kind of kinds) if (own?.[kind]) targets.push({ label: `${kind} (owner channel)`, kind, url: own[kind]!, only });
  }
  const sent = [];
  for (const t of targets) {
    const digest = weeklyDigest(result, before, insights, { reportUrl, only: t.only });
    sent.push({ channel: t.label, ...(await postJson(t.url, DIGEST_PAYLOADS[t.kind](digest), { attempts: config.triggers.webhookAttempts })) });
  }
  return { sent, digest: weeklyDigest(result, before, insights, { reportUrl }) };
}

export async function buildReport(options: { root: string; now: number; config?: ScoringConfig; webhook?: string | undefined; quiet?: boolean; pdf?: boolean }) {
  const config = options.config ?? loadScoringConfig(path.join(options.root, 'content/scoring.yaml'));
  // Storage limitation on this machine too: nothing older than privacy.retentionDays is scored or
  // kept. Counted back from the report's time when it is earlier (a report as of a past day, a
  // fixture's log), never from a later one.
  const retained = await retainLocally(siteSettings(options.root).privacy.retentionDays, Math.min(options.now, Date.now()));
  if (retained && !options.quiet) console.log(retained);
  const files = await readAccountFiles(options.root);
  const facts = readContentFacts(options.root);
  const result = scoreDatabase(logFile(), { accounts: await scoringAccounts(options.root, files), pieceStages: stagesOf(facts.pieces), config, now: options.now, names: facts.names });

  const stateFile = path.join(stateDir(), 'triggers-state.json');
  const previous: TriggerState = existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, 'utf8')) : { accounts: {} };
  const { alerts, next } = detectAlerts(previous, result.accounts, config, options.now);
  mkdirSync(stateDir(), { recursive: true });
  const alertsFile = path.join(stateDir(), 'alerts.ndjson');
  if (alerts.length) appendFileSync(alertsFile, alerts.map((a) => JSON.stringify(a) + '\n').join(''));
  let webhook: Awaited<ReturnType<typeof deliverWebhook>> | undefined;
  if (alerts.length && options.webhook) webhook = await deliverWebhook(options.webhook, alerts, { attempts: config.triggers.webhookAttempts });
  // The state moves on only once the alerts are stored, so a crash repeats rather than loses them.
  writeFileSync(stateFile, JSON.stringify(next, null, 1));
  const allAlerts: Alert[] = existsSync(alertsFile) ? readFileSync(alertsFile, 'utf8').split('\n').filter(Boolean).map(readAlert) : [];

  const context = reportContext(options.root, files, facts, logFile());
  const insights = reportInsights(result, config, context, stageText);
  const problems: Problem[] = [];
  const icp = await loadIcp(options.root, problems);
  if (problems.length) throw new Error(problems.map(formatProblem).join('\n'));
  const money = revenueAccounts(files);
  const revenue = revenueInsights(result, money, {
    today: new Date(options.now).toISOString().slice(0, 10),
    icp,
    channels: channelPerformance(campaignRows(logFile()), { intent: config.intent, engagedSecondsCap: config.weights.engagedSecondsCap }),
  });
  const byId = new Map(money.map((a) => [a.id, a]));
  const dir = path.join(stateDir(), 'report');
  mkdirSync(path.join(dir, 'accounts'), { recursive: true });
  writeFileSync(path.join(dir, 'index.html'), renderOverview(result, insights, allAlerts, config, revenue));
  for (const a of result.accounts) writeFileSync(path.join(dir, 'accounts', `${a.account.id}.html`), renderAccount(a, result, insights, allAlerts, config, { insights: revenue, account: byId.get(a.account.id) }));
  exportCsvs(dir, result, insights, allAlerts, revenue);
  let pdf: ({ file: string } & Awaited<ReturnType<typeof printPdf>>) | undefined;
  if (options.pdf) {
    // The print document beside the PDF: the same sheets, printable from any browser.
    const html = renderPrint(result, insights, config, revenue);
    writeFileSync(path.join(dir, 'print.html'), html);
    pdf = { file: path.join(dir, 'report.pdf'), ...(await printPdf(html, path.join(dir, 'report.pdf'))) };
  }
  return { result, insights, revenue, alerts, webhook, dir, pdf, config, files, context };
}

if (import.meta.main) {
  try {
    const { values } = parseArgs({ options: { now: { type: 'string' }, pdf: { type: 'boolean', default: false }, digest: { type: 'boolean', default: false } } });
    const now = values.now ? Date.parse(values.now) : Date.now();
    if (Number.isNaN(now)) throw new Error(`--now "${values.now}" is not a time`);
    const started = performance.now();
    const root = process.env.TAILOR_CONTENT_ROOT ?? '.';
    // Read before the work starts: a malformed TAILOR_OWNER_WEBHOOKS stops the run here, naming it.
    if (values.digest) channelsFromEnv(process.env);
    const report = await buildReport({ root, now, webhook: process.env.TAILOR_WEBHOOK_URL, pdf: values.pdf });
    const { result, alerts, webhook, dir, pdf } = report;
    console.log(`Scored ${result.overall.events} event(s) over ${result.accounts.length} account(s) in ${Math.round(performance.now() - started)} ms.`);
    for (const [i, a] of result.accounts.entries()) {
      const flags = [...new Set(a.redFlags.map((f) => f.kind))].map((k) => (k === 'committee-gap' ? `committee gap (${a.redFlags.flatMap((f) => (f.persona ? [report.context.names.persona(f.persona)] : [])).join(', ')})` : k.replace('-', ' ')));
      console.log(`  ${String(i + 1).padStart(2)}. ${a.account.name.padEnd(36)} ${stageText(a).padEnd(19)} ${a.score.toFixed(1).padStart(7)}  ${flags.join(', ')}`);
    }
    console.log(`${alerts.length} new alert(s)${alerts.length ? ':' : '.'}`);
    for (const a of alerts) console.log(`  ${a.name}: ${a.reason} (${a.at.slice(0, 16).replace('T', ' ')} UTC)`);
    if (webhook) console.log(`Webhook: ${webhook.ok ? 'delivered' : 'FAILED'} after ${webhook.attempts} attempt(s)${webhook.status ? ` (HTTP ${webhook.status})` : ''}${webhook.error ? `: ${webhook.error}` : ''}`);
    console.log(`Report: ${path.join(dir, 'index.html')} (npm start serves it at /tailor/report/); CSV for the CRM: ${dir}/alerts.csv, accounts.csv, stakeholders.csv, channels.csv; alerts log: ${path.join(stateDir(), 'alerts.ndjson')}`);
    if (pdf) {
      console.log(`PDF: ${pdf.file} (${pdf.pages} page(s): the overview and one page per account)`);
      if (pdf.cut.length) console.warn(`  cut to one page (the HTML report has the rest): ${pdf.cut.join(', ')}`);
    }
    if (values.digest) {
      const { sent, digest } = await sendDigest(report, { root, env: process.env });
      console.log(`Weekly digest: ${digest.summary}.`);
      if (!sent.length) console.log('  no channel set: TAILOR_SLACK_WEBHOOK_URL, TAILOR_TEAMS_WEBHOOK_URL, TAILOR_WEBHOOK_URL or TAILOR_OWNER_WEBHOOKS');
      for (const s of sent) console.log(`  ${s.channel}: ${s.ok ? 'delivered' : 'FAILED'} after ${s.attempts} attempt(s)${s.status ? ` (HTTP ${s.status})` : ''}${s.error ? `: ${s.error}` : ''}`);
      if (sent.some((s) => !s.ok)) process.exitCode = 1;
    }
  } catch (error) {
    console.error(`tailor report: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
