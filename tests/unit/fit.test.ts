/** Fit to the ideal customer profile, hand-computed, and the draft ranking `npm run check` prints. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fitOf, fitReasons } from '../../src/scoring/fit.ts';
import { icpSchema } from '../../src/schemas/icp.ts';
import { checkContent } from '../../src/content/checkContent.ts';
import { formatProblem } from '../../src/lib/crossref.ts';

const icp = icpSchema.parse({
  criteria: [
    { name: 'industry', field: 'industry', weight: 40, values: { manufacturing: 1, telecom: 0.5 } },
    { name: 'employees', field: 'numbers.employees', weight: 40, ranges: [{ min: 1000, score: 1 }, { min: 250, max: 1000, score: 0.5 }] },
    { name: 'market', field: 'country', weight: 20, values: { FI: 1 } },
  ],
});

test('fit: each criterion earns its share of 100, unknown fields earn nothing and say so, tiers by threshold', () => {
  const full = fitOf({ industry: 'manufacturing', locale: 'fi-FI', numbers: { employees: 2400 } }, icp);
  assert.equal(full.score, 100);
  assert.equal(full.tier, 'strategic');
  const mid = fitOf({ industry: 'telecom', locale: 'sv-SE', numbers: { employees: 400 } }, icp);
  // 40 x 0.5 + 40 x 0.5 + 0 = 40
  assert.equal(mid.score, 40);
  assert.equal(mid.tier, 'scale');
  const unknown = fitOf({ industry: 'manufacturing', locale: 'fi-FI' }, icp);
  assert.equal(unknown.score, 60);
  assert.equal(unknown.tier, 'key');
  assert.equal(fitReasons(unknown), 'industry manufacturing 40/40, employees unknown 0/40, market FI 20/20');
});

test('icp.yaml mistakes are named by field', () => {
  const bad = icpSchema.safeParse({ criteria: [{ name: 'size', field: 'numbers.employees', weight: 10, values: { big: 1 } }, { name: 'x', field: 'revenue', weight: 1, values: {} }] });
  assert.equal(bad.success, false);
  const messages = bad.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  assert.ok(messages.some((m) => m.startsWith('criteria.0: numbers.* fields take ranges')), messages.join('\n'));
  assert.ok(messages.some((m) => m.startsWith('criteria.1.field: use industry, tier, country, language or numbers.<name>')), messages.join('\n'));
});

test('check ranks drafts and imported drafts by fit, with a suggested tier and the reasons', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'tailor-fit-'));
  cpSync('accounts', path.join(root, 'accounts'), { recursive: true });
  cpSync('content', path.join(root, 'content'), { recursive: true });
  mkdirSync(path.join(root, 'accounts/drafts'), { recursive: true });
  writeFileSync(path.join(root, 'accounts/drafts/pohjola-steel.yaml'), 'name: Pohjola Steel Oy\nindustry: manufacturing\nlocale: fi-FI\nnumbers: { employees: 3200 }\n');
  writeFileSync(path.join(root, 'accounts/drafts/small-ngo.yaml'), 'name: Small Aid\nindustry: ngo\nlocale: en-GB\nnumbers: { employees: 40 }\n');
  const report = await checkContent(root);
  assert.deepEqual(report.errors.map(formatProblem), []);
  assert.deepEqual(report.drafts.map((d) => [d.file, d.fit.score, d.fit.tier]), [
    ['accounts/drafts/pohjola-steel.yaml', 85, 'strategic'],
    // ngo 0.3 x 40 + under 50 employees 0 + GB 0.8 x 15
    ['accounts/drafts/small-ngo.yaml', 24, 'scale'],
  ]);
  const cli = spawnSync(process.execPath, ['src/cli/check.ts'], { env: { ...process.env, TAILOR_CONTENT_ROOT: root }, encoding: 'utf8' });
  assert.match(cli.stdout, /Drafts by fit to the ideal customer profile \(content\/icp\.yaml\), best first:\n {3}85 {2}strategic {2}accounts\/drafts\/pohjola-steel\.yaml {2}\(industry manufacturing 40\/40, employees 3200 30\/30, daily users unknown 0\/15, market FI 15\/15\)/);
  writeFileSync(path.join(root, 'content/icp.yaml'), readFileSync('content/icp.yaml', 'utf8').replace('weight: 40', 'weight: -1'));
  const broken = await checkContent(root);
  assert.ok(broken.errors.map(formatProblem).some((e) => e.startsWith('content/icp.yaml: criteria[0].weight:')), broken.errors.map(formatProblem).join('\n'));
});
