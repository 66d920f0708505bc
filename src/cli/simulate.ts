/**
 * `npm run simulate`: a realistic month of visits to the demo microsites, sent through the
 * collector's HTTP interface like browsers would (beacons, personal-link tokens, GPC, bots,
 * forged tokens), so the report tells a story and tests have data that came the real way.
 * Each account gets a story by rule (strategic accounts first, sorted by id):
 *   heating (x2): decision makers read more and more, then ask for a meeting -> sales-ready
 *   cooling: two people read a lot three weeks ago, then nothing
 *   single-threaded: one user reads steadily
 *   committee-gap: influencers and users read; decision makers never
 *   quiet: only privacy-protected (GPC) visitors
 * Only what the pages can produce (`possibleOn`): a completed calculator only on a piece whose body
 * has the calculator, a download only where the piece's call to action is a download, a click on
 * "Book a meeting" or "Contact" anywhere (every page carries the owner's buttons), no form (pieces
 * cannot hold one) and no booking (those come from the booking webhooks).
 * Without --url it starts the embedded collector on a free port, writing to the usual log.
 *   npm run simulate -- [--days 30] [--seed 7] [--url http://127.0.0.1:4321]
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readAccountFiles, type AccountFile } from '../content/accountFiles.ts';
import { readManifest } from '../collector/node.ts';
import { signStakeholder } from '../events/personalLink.ts';
import type { Manifest } from '../events/manifest.ts';
import { linkSecret, manifestFile, stateDir } from '../lib/state.ts';
import { startEmbedded } from './serve.ts';
import { seededRandom as random, type SeededRandom } from '../lib/seededRandom.ts';
import { readContentFacts, type PieceInfo } from '../report/content.ts';

const DAY = 86_400_000;
const STORIES = ['heating', 'heating', 'cooling', 'single-threaded', 'committee-gap', 'quiet'] as const;
export type Story = (typeof STORIES)[number];
const BROWSER_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';
const BOT_UA = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

export function assignStories(accounts: AccountFile[]): Map<string, Story> {
  const order = [...accounts].sort((a, b) => Number(b.data.tier === 'strategic') - Number(a.data.tier === 'strategic') || a.id.localeCompare(b.id));
  return new Map(order.map((a, i) => [a.id, STORIES[i % STORIES.length]!]));
}

interface Visitor {
  v?: string | undefined;
  k?: string | undefined;
  gpc?: boolean;
  bot?: boolean;
}

interface Beacon {
  body: string;
  headers: Record<string, string>;
}

/** One beacon as the snippet sends it: page context, who (nothing personal under GPC), the events. */
function beaconOf(account: AccountFile, page: { p?: string; c?: string; path: string }, who: Visitor, session: string, extra: { r?: string; g?: string }, events: object[]): Beacon {
  const body = { a: account.id, ...page, ...(who.gpc ? {} : { v: who.v, s: session, k: who.k }), ...extra, e: events };
  const headers: Record<string, string> = { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': who.bot ? BOT_UA : BROWSER_UA };
  if (who.gpc) headers['sec-gpc'] = '1';
  return { body: JSON.stringify(body, (_k, v) => (v === undefined ? undefined : v)), headers };
}

/** Pieces by id, for what their pages let a visitor do. */
type Pieces = Record<string, Pick<PieceInfo, 'calculator' | 'cta'>>;

/**
 * Whether a page can send an event of this type code (and label): what the snippet records on it.
 * Every page has the owner's "Book a meeting" and "Contact" buttons (OwnerCta); a piece's own call
 * to action is of its kind (a download is logged as `dl`); the calculator only where the body has
 * one; no page has a form, and bookings come from the booking webhooks, not from a page.
 */
export function possibleOn(page: { piece?: string | undefined }, event: { y: string; l?: string | undefined }, pieces: Pieces): boolean {
  const piece = page.piece ? pieces[page.piece] : undefined;
  switch (event.y) {
    case 'pv':
    case 'sc':
    case 'et':
      return true;
    case 'cta':
      return event.l === 'meeting' || event.l === 'contact' || (piece !== undefined && piece.cta === event.l && event.l !== 'download');
    case 'dl':
      return piece?.cta === 'download';
    case 'calc':
      return piece?.calculator === true;
    default:
      return false;
  }
}

/** Beacons of one visit: landing or a track, then pieces with scroll and reading time. */
function visit(
  rnd: SeededRandom,
  account: AccountFile,
  manifest: Manifest,
  pieces: Pieces,
  who: Visitor,
  persona: string,
  at: number,
  options: { pieces: number; seconds: number; intent?: 'meeting' | 'calculator' | 'contact' | undefined; downloads?: boolean; ref?: string | undefined; campaign?: string | undefined },
): Beacon[] {
  const s = rnd.id();
  const beacons: Beacon[] = [];
  let t = at;
  const extra = { ...(options.ref ? { r: options.ref } : {}), ...(options.campaign ? { g: options.campaign } : {}) };
  const send = (page: { p?: string; c?: string; path: string }, events: object[]) => beacons.push(beaconOf(account, page, who, s, extra, events));
  const ev = (y: string, x?: number, l?: string) => ({ id: rnd.id(), y, t: (t += 1000 + rnd.int(4000)), ...(x !== undefined ? { x } : {}), ...(l ? { l } : {}) });
  const track = manifest.accounts[account.id]?.personas[persona] ?? [];
  const base = `/${account.segment}/`;
  send({ path: base }, [ev('pv'), ev('sc', 25), ev('et', 10 + rnd.int(30))]);
  send({ p: persona, path: `${base}${persona}/` }, [ev('pv'), ev('sc', 25), ev('sc', 50), ev('et', 15 + rnd.int(40))]);
  const read = Math.min(options.pieces, track.length);
  let start = rnd.int(Math.max(1, track.length));
  // The calculator is completed where there is one: the visit ends on the track's calculator piece.
  const calculator = options.intent === 'calculator' ? track.findIndex((id) => pieces[id]?.calculator) : -1;
  if (calculator >= 0) start = (calculator - (read - 1) + track.length * read) % track.length;
  for (let i = 0; i < read; i++) {
    const piece = track[(start + i) % track.length]!;
    const page = { p: persona, c: piece, path: `${base}${persona}/${piece}/` };
    const depth = 1 + rnd.int(4);
    const events = [ev('pv'), ...Array.from({ length: depth }, (_, d) => ev('sc', (d + 1) * 25)), ev('et', Math.round(options.seconds * (0.6 + rnd.next() * 0.8)))];
    if (options.downloads && pieces[piece]?.cta === 'download') events.push(ev('dl', 0, 'download'));
    if (options.intent && i === read - 1) {
      const roi = options.intent === 'calculator' ? 180 + rnd.int(200) : 0;
      if (calculator >= 0) events.push(ev('calc', roi));
      events.push(ev('cta', 0, options.intent === 'calculator' ? 'meeting' : options.intent));
    }
    send(page, events);
  }
  return beacons;
}

export function planMonth(accounts: AccountFile[], manifest: Manifest, tokens: Map<string, string>, options: { now: number; days: number; seed: number; pieces: Pieces }) {
  const pieces = options.pieces;
  const rnd = random(options.seed);
  const stories = assignStories(accounts);
  const beacons: { at: number; beacon: Beacon }[] = [];
  const dayAt = (daysAgo: number) => options.now - daysAgo * DAY + rnd.int(8 * 3_600_000);
  const add = (at: number, list: Beacon[]) => list.forEach((beacon) => beacons.push({ at, beacon }));
  for (const account of accounts) {
    const story = stories.get(account.id)!;
    const committee = account.data.buyingCommittee;
    const person = (s: (typeof committee)[number]): Visitor => ({ v: rnd.id(), k: tokens.get(`${account.id}/${s.id}`) });
    const dms = committee.filter((s) => s.role === 'decision-maker');
    const others = committee.filter((s) => s.role !== 'decision-maker');
    const days = options.days;
    if (story === 'heating') {
      // The calculator is completed by the first of them whose track has one (else they ask for a meeting).
      const top = dms.slice(0, 3);
      const calculatorAt = Math.max(0, top.findIndex((s) => (manifest.accounts[account.id]?.personas[s.persona] ?? []).some((id) => pieces[id]?.calculator)));
      for (const [i, s] of top.entries()) {
        const who = person(s);
        // Early, occasional reading; then the last ten days, almost daily and deeper.
        for (const d of [days - 3 - i, days - 12 - i]) if (d > 0) add(dayAt(d), visit(rnd, account, manifest, pieces, who, s.persona, dayAt(d), { pieces: 1, seconds: 60 }));
        for (let d = 9; d >= 1; d -= 1 + rnd.int(2)) add(dayAt(d), visit(rnd, account, manifest, pieces, who, s.persona, dayAt(d), { pieces: 2, seconds: 150, downloads: true, intent: d <= 2 && (i < 2 || i === calculatorAt) ? (i === calculatorAt ? 'calculator' : 'meeting') : undefined, ref: d === 9 ? 'mail.google.com' : undefined, campaign: d === 9 ? 'newsletter|email|q4-cfo-briefing' : undefined }));
      }
      for (const s of others.slice(0, 2)) add(dayAt(5), visit(rnd, account, manifest, pieces, person(s), s.persona, dayAt(5), { pieces: 2, seconds: 90 }));
    } else if (story === 'cooling') {
      for (const s of [...dms.slice(0, 1), ...others.slice(0, 1)]) {
        const who = person(s);
        for (let d = days - 1; d >= days - 9; d -= 2) add(dayAt(d), visit(rnd, account, manifest, pieces, who, s.persona, dayAt(d), { pieces: 2, seconds: 140, campaign: d === days - 1 ? 'linkedin|paid-social|ops-awareness' : undefined }));
      }
    } else if (story === 'single-threaded') {
      const s = others[0] ?? committee[0]!;
      const who = person(s);
      for (let d = days - 2; d >= 1; d -= 4) add(dayAt(d), visit(rnd, account, manifest, pieces, who, s.persona, dayAt(d), { pieces: 1, seconds: 120 }));
    } else if (story === 'committee-gap') {
      for (const s of others) {
        const who = person(s);
        for (let d = days - 5; d >= 2; d -= 7) add(dayAt(d), visit(rnd, account, manifest, pieces, who, s.persona, dayAt(d), { pieces: 2, seconds: 100 }));
      }
    }
    // Accounts with a mutual action plan: the first decision maker opens it twice, in the last days
    // of a heating account and early on in a cooling one. Everything here draws on its own random
    // stream, so the other stories stay as they were.
    const plan = manifest.accounts[account.id]?.plan;
    const first = dms[0];
    if (plan && first && (story === 'heating' || story === 'cooling')) {
      const own = random(options.seed + account.id.length);
      const who: Visitor = { v: own.id(), k: tokens.get(`${account.id}/${first.id}`) };
      for (const d of story === 'heating' ? [4, 2] : [days - 2, days - 6]) {
        let t = options.now - d * DAY + own.int(8 * 3_600_000);
        const ev = (y: string, x?: number) => ({ id: own.id(), y, t: (t += 2000), ...(x !== undefined ? { x } : {}) });
        add(t, [beaconOf(account, { path: plan }, who, own.id(), {}, [ev('pv'), ev('sc', 25), ev('sc', 50), ev('et', 40 + own.int(60))])]);
      }
    }
    // Everyone gets privacy-protected visitors, an anonymous reader, a bot and a forged link.
    const persona = committee[0]!.persona;
    const at = (daysAgo: number) => {
      const when = dayAt(daysAgo);
      return (who: Visitor, options: Parameters<typeof visit>[7]) => add(when, visit(rnd, account, manifest, pieces, who, persona, when, options));
    };
    for (let i = 0; i < (story === 'quiet' ? 4 : 2); i++) at(1 + rnd.int(days - 1))({ gpc: true }, { pieces: 1, seconds: 45 });
    at(rnd.int(days))({ v: rnd.id() }, { pieces: 1, seconds: 30, ref: 'www.google.com', campaign: 'google|cpc|operations-automation' });
    at(rnd.int(days))({ v: rnd.id(), bot: true }, { pieces: 3, seconds: 5 });
    const forged = Buffer.from(`${account.id}:${committee[0]!.id}`).toString('base64url') + '.AAAAAAAAAAAAAAAAAAAAAA';
    at(rnd.int(days))({ v: rnd.id(), k: forged }, { pieces: 1, seconds: 40 });
  }
  beacons.sort((a, b) => a.at - b.at);
  return { beacons: beacons.map((b) => b.beacon), stories };
}

export async function simulate(options: { root: string; url?: string | undefined; days: number; seed: number; now: number }) {
  const accounts = await readAccountFiles(options.root);
  const manifest = await readManifest(manifestFile());
  const secret = linkSecret();
  const tokens = new Map<string, string>();
  for (const a of accounts) for (const s of a.data.buyingCommittee) tokens.set(`${a.id}/${s.id}`, await signStakeholder(secret, { a: a.id, s: s.id }));
  const { beacons, stories } = planMonth(accounts, manifest, tokens, { ...options, pieces: readContentFacts(options.root).pieces });

  const embedded = options.url ? undefined : await startEmbedded({ root: 'dist', host: '127.0.0.1', port: 0 });
  const origin = options.url ?? embedded!.origin;
  const statuses = new Map<number, number>();
  try {
    let next = 0;
    const worker = async () => {
      while (next < beacons.length) {
        const { body, headers } = beacons[next++]!;
        const response = await fetch(`${origin}/tailor/collect`, { method: 'POST', body, headers: { ...headers, origin } });
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
  } finally {
    embedded?.close();
  }
  const plan = { generatedAt: new Date(options.now).toISOString(), days: options.days, seed: options.seed, stories: Object.fromEntries(stories) };
  writeFileSync(path.join(stateDir(), 'simulation.json'), JSON.stringify(plan, null, 1));
  return { beacons: beacons.length, statuses, stories, dropped: embedded?.collector.stats.dropped, accepted: embedded?.collector.stats.accepted };
}

if (import.meta.main) {
  try {
    const { values } = parseArgs({ options: { days: { type: 'string', default: '30' }, seed: { type: 'string', default: '7' }, url: { type: 'string' } } });
    const result = await simulate({ root: process.env.TAILOR_CONTENT_ROOT ?? '.', url: values.url, days: Number(values.days), seed: Number(values.seed), now: Date.now() });
    console.log(`Simulated ${values.days} days: ${result.beacons} beacon(s) sent; responses ${JSON.stringify(Object.fromEntries(result.statuses))}.`);
    if (result.accepted !== undefined) console.log(`Collector: ${result.accepted} event(s) logged; dropped ${JSON.stringify(result.dropped)}.`);
    for (const [account, story] of result.stories) console.log(`  ${account.padEnd(14)} ${story}`);
    console.log('Now run `npm run report`.');
  } catch (error) {
    console.error(`tailor simulate: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
