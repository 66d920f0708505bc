/**
 * `npm run simulate` sends only what the demo's pages can send: a completed calculator only on a
 * piece whose body has the calculator, a download only where the piece offers one, clicks only on
 * buttons the page has. Checked on every beacon of a simulated month, against the demo content as
 * the files say it (front matter and body read here, not through our code).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { readAccountFiles } from '../../src/content/accountFiles.ts';
import { planMonth } from '../../src/cli/simulate.ts';
import { readContentFacts } from '../../src/report/content.ts';
import type { Manifest } from '../../src/events/manifest.ts';

interface DemoPiece {
  personas: string[];
  industries?: string[];
  cta: { kind: string };
  calculator: boolean;
}

/** The demo's original pieces, straight from the files. */
function demoPieces(): Record<string, DemoPiece> {
  const dir = 'content/pieces';
  const pieces: Record<string, DemoPiece> = {};
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.mdx'))) {
    const text = readFileSync(path.join(dir, name), 'utf8');
    const [, front = '', body = ''] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text) ?? [];
    const data = parse(front) as Omit<DemoPiece, 'calculator'>;
    pieces[name.replace(/\.mdx$/, '')] = { ...data, calculator: body.includes('<RoiCalculator') };
  }
  return pieces;
}

test('a simulated month holds only events the pages can produce, and a heated account still completes the calculator', async () => {
  const accounts = await readAccountFiles('.');
  const demo = demoPieces();
  // Tracks as the build makes them, near enough: every piece for the persona and the account's industry.
  const manifest: Manifest = {
    version: 1,
    accounts: Object.fromEntries(
      accounts.map((a) => {
        const personas = [...new Set(a.data.buyingCommittee.map((s) => s.persona))];
        const track = (persona: string) => Object.keys(demo).filter((id) => demo[id]!.personas.includes(persona) && (!demo[id]!.industries || demo[id]!.industries!.includes(a.data.industry)));
        return [a.id, { personas: Object.fromEntries(personas.map((p) => [p, track(p)])), stakeholders: a.data.buyingCommittee.map((s) => s.id), ...(a.data.plan ? { plan: `/${a.segment}/plan/` } : {}) }];
      }),
    ),
  };
  const tokens = new Map(accounts.flatMap((a) => a.data.buyingCommittee.map((s) => [`${a.id}/${s.id}`, `token-${a.id}-${s.id}`] as const)));
  const { beacons, stories } = planMonth(accounts, manifest, tokens, { now: Date.UTC(2026, 11, 2, 12), days: 30, seed: 7, pieces: readContentFacts('.').pieces });

  const seen = new Map<string, number>();
  const calculators = new Set<string>();
  for (const { body } of beacons) {
    const beacon = JSON.parse(body) as { a: string; c?: string; path: string; e: { y: string; l?: string }[] };
    const piece = beacon.c ? demo[beacon.c] : undefined;
    for (const e of beacon.e) {
      const what = `${e.y}${e.l ? `:${e.l}` : ''}`;
      seen.set(what, (seen.get(what) ?? 0) + 1);
      const where = `${beacon.path} ${what}`;
      if (e.y === 'calc') {
        assert.ok(piece?.calculator, `a completed calculator on a page without one: ${where}`);
        calculators.add(beacon.a);
      }
      if (e.y === 'dl') assert.equal(piece?.cta.kind, 'download', `a download where none is offered: ${where}`);
      // Every page has the owner's "Book a meeting" and "Contact"; anything else is the piece's own button.
      if (e.y === 'cta') assert.ok(e.l === 'meeting' || e.l === 'contact' || piece?.cta.kind === e.l, `a click on a button the page lacks: ${where}`);
      assert.ok(['pv', 'sc', 'et', 'cta', 'dl', 'calc'].includes(e.y), `an event no page sends: ${where}`);
    }
  }
  // The story still happens: each heated account completes the calculator (on the ROI piece) and asks for a meeting.
  const heated = [...stories].filter(([, s]) => s === 'heating').map(([a]) => a);
  assert.equal(heated.length, 2);
  for (const a of heated) assert.ok(calculators.has(a), `${a}: no calculator completed`);
  assert.ok((seen.get('cta:meeting') ?? 0) >= 2);
  assert.ok((seen.get('dl:download') ?? 0) > 0, 'the white paper offered as a download is downloaded');
});
