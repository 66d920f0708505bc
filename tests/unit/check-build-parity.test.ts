/**
 * `npm run check` and `npm run build` agree: for each broken content set below, check exits 1 with
 * a message naming the file and the field (or the piece's line and the account), and the real
 * Astro build fails too; the sets marked `passes` pass both. The attacks on the safe MDX subset
 * are also built without the pre-build check, to prove that the build's own guard (the Vite
 * plugin) refuses them, and that no built file contains what they tried to publish.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { scaffold } from '../../src/cli/new.ts';
import { checkContent } from '../../src/content/checkContent.ts';
import { formatProblem } from '../../src/lib/crossref.ts';

const FIXTURE = path.resolve('tests/fixtures/minimal');
/** Planted where an attack would read it; no built page may ever contain it. */
const SECRET = 'PLANTED-SECRET-7f3a9c';

type Edit = (root: string) => void | Promise<void>;
interface Case {
  name: string;
  edit: Edit;
  /** Text every expected check error line contains: the file, and the field, line or account. */
  expect?: string[];
  /** Both check and build pass. */
  passes?: true;
  /** An attack on the safe subset: also built without the pre-build check. */
  attack?: true;
  /** Text neither check nor build may print (personal data). */
  neverPrinted?: string[];
  /** How the unchecked build says it refused an attack, when not by Tailor's own guard. */
  refusedBy?: RegExp;
  /** A file (from the content root) that content code would write if it ran: it must never exist. */
  canary?: string;
}

function replaceIn(root: string, file: string, from: string | RegExp, to: string) {
  const target = path.join(root, file);
  const text = readFileSync(target, 'utf8');
  const next = text.replace(from, to);
  assert.notEqual(next, text, `fixture edit did not apply: ${file} has no ${from}`);
  writeFileSync(target, next);
}
const appendTo = (root: string, file: string, text: string) => writeFileSync(path.join(root, file), readFileSync(path.join(root, file), 'utf8') + text);
const write = (root: string, file: string, text: string) => {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
};

/** Adds lines to case.mdx's front matter. */
const frontMatter = (root: string, lines: string) => replaceIn(root, 'content/pieces/case.mdx', 'cta: { label: Talk to us, kind: contact }\n', `cta: { label: Talk to us, kind: contact }\n${lines}\n`);
/** `field` holds nine levels of nine aliases each: 387 million strings once expanded. */
function aliasBomb(field: string): string {
  const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 9; i++) {
    const name = String.fromCharCode(97 + i);
    const prev = String.fromCharCode(96 + i);
    levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
  }
  return `${field}:\n  - ${levels.join('\n  - ')}\n`;
}
/** A module that leaves a file behind if anything runs it. */
const canaryModule = (root: string) =>
  `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(path.join(root, 'CANARY-ran'))}, 'content code ran');\nexport default function Layout() { return ''; }\n`;
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>\n';

/** A valid plan for the fixture's alpha account, and a valid proof point; cases break one field. */
const PLAN = `plan:
  milestones:
    - { title: Kick-off, due: 2026-12-01, owners: [{ stakeholder: cfo-1 }, { vendor: Olivia Owner }], pieces: [roi] }
`;
const PROOF = `customer: Acme Fixture Networks
industry: telecom
personas: [cfo]
results: [{ value: "-20 %", label: fault repair time }]
quote: { text: It pays back., by: CFO }
`;

const cases: Case[] = [
  // Accounts against the pieces they get.
  { name: 'numbers removed, a piece shows numbers.users', edit: (r) => replaceIn(r, 'accounts/alpha.yaml', /^numbers:.*$/m, ''), expect: ['content/pieces/roi.mdx:10:', 'numbers.users', 'accounts/alpha.yaml'] },
  {
    name: 'pains removed, a piece shows pains.0',
    edit: (r) => {
      replaceIn(r, 'accounts/alpha.yaml', /^pains:.*$/m, '');
      appendTo(r, 'content/pieces/roi.mdx', '\nThe pain we heard: <Account field="pains.0" />.\n');
    },
    expect: ['content/pieces/roi.mdx:', 'pains.0', 'accounts/alpha.yaml'],
  },
  { name: 'numbers.hourlycost in a piece (wrong case)', edit: (r) => appendTo(r, 'content/pieces/roi.mdx', '\nAt <Account field="numbers.hourlycost" /> an hour.\n'), expect: ['content/pieces/roi.mdx:', 'numbers.hourlycost', 'did you mean numbers.hourlyCost'] },
  { name: 'numbers.hourlycost in an account (wrong case)', edit: (r) => replaceIn(r, 'accounts/alpha.yaml', 'hourlyCost: 50', 'hourlycost: 50'), expect: ['accounts/alpha.yaml', 'numbers.hourlycost', 'hourlyCost'] },
  { name: 'goals.3 of an account with one goal', edit: (r) => appendTo(r, 'content/pieces/roi.mdx', '\n<Account field="goals.3" />\n'), expect: ['content/pieces/roi.mdx:', 'goals.3', 'accounts/'] },
  { name: 'a field inside <When> only for the accounts it shows for', edit: (r) => appendTo(r, 'content/pieces/roi.mdx', '\n<When industry="ngo"><Account field="pains.0" /></When>\n'), expect: ['content/pieces/roi.mdx:', 'pains.0', 'accounts/beta.yaml'] },
  // Images.
  { name: 'logo is a text file named .png', edit: (r) => { write(r, 'accounts/alpha/logo.png', 'this is not an image\n'); replaceIn(r, 'accounts/alpha.yaml', './alpha/logo.svg', './alpha/logo.png'); }, expect: ['accounts/alpha.yaml', 'logo', 'not an image'] },
  { name: 'logo outside the repo', edit: (r) => replaceIn(r, 'accounts/alpha.yaml', './alpha/logo.svg', '../../../../etc/passwd'), expect: ['accounts/alpha.yaml', 'logo', 'outside accounts/alpha/'] },
  { name: "logo in another account's folder", edit: (r) => replaceIn(r, 'accounts/alpha.yaml', './alpha/logo.svg', './beta/logo.svg'), expect: ['accounts/alpha.yaml', 'logo', 'outside accounts/alpha/'] },
  { name: 'logo file missing', edit: (r) => replaceIn(r, 'accounts/alpha.yaml', './alpha/logo.svg', './alpha/missing.svg'), expect: ['accounts/alpha.yaml', 'logo', 'file not found'] },
  { name: 'cover outside content/', edit: (r) => replaceIn(r, 'content/pieces/case.mdx', './covers/c.svg', '../../accounts/alpha/logo.svg'), expect: ['content/pieces/case.mdx', 'cover', 'outside content/'] },
  { name: 'cover is not an image', edit: (r) => { write(r, 'content/pieces/covers/fake.svg', 'plain text\n'); replaceIn(r, 'content/pieces/case.mdx', './covers/c.svg', './covers/fake.svg'); }, expect: ['content/pieces/case.mdx', 'cover', 'not an image'] },
  // Account schema and references; messages carry ids, never names or e-mails.
  {
    name: 'duplicate stakeholder id',
    edit: (r) => replaceIn(r, 'accounts/alpha.yaml', 'id: user-1', 'id: cfo-1'),
    expect: ['accounts/alpha.yaml', 'buyingCommittee[1].id', 'cfo-1'],
    neverPrinted: ['Secretia Hiddenname'],
  },
  {
    name: 'stakeholder e-mail invalid',
    edit: (r) => replaceIn(r, 'accounts/alpha.yaml', 'name: Secretia Hiddenname', 'name: Secretia Hiddenname, email: secretia.hiddenname-at-alpha'),
    expect: ['accounts/alpha.yaml', 'buyingCommittee[0].email (stakeholder cfo-1)'],
    neverPrinted: ['Secretia Hiddenname', 'secretia.hiddenname-at-alpha'],
  },
  { name: 'unknown persona in the committee', edit: (r) => replaceIn(r, 'accounts/alpha.yaml', 'persona: cfo,', 'persona: cfoo,'), expect: ['accounts/alpha.yaml', 'buyingCommittee[0].persona', 'did you mean "cfo"'] },
  { name: 'unknown industry', edit: (r) => replaceIn(r, 'accounts/alpha.yaml', 'industry: telecom', 'industry: telekom'), expect: ['accounts/alpha.yaml', 'industry', 'did you mean "telecom"'] },
  { name: 'brand colour not hex', edit: (r) => replaceIn(r, 'accounts/alpha.yaml', '"#0b5fff"', 'blue'), expect: ['accounts/alpha.yaml', 'brand.primary'] },
  { name: 'meeting URL with a javascript: scheme', edit: (r) => replaceIn(r, 'accounts/alpha.yaml', '"https://meet.kestrel.example/olivia"', '"javascript:alert(1)"'), expect: ['accounts/alpha.yaml', 'owner.meetingUrl'] },
  { name: 'YAML syntax error', edit: (r) => appendTo(r, 'accounts/alpha.yaml', 'goals: [unclosed\n'), expect: ['accounts/alpha.yaml', 'line'] },
  { name: 'no goals', edit: (r) => replaceIn(r, 'accounts/alpha.yaml', /^goals:.*$/m, 'goals: []'), expect: ['accounts/alpha.yaml', 'goals'] },
  { name: 'two accounts on one URL', edit: (r) => replaceIn(r, 'accounts/beta.yaml', 'url: { suffix: k3f9x2q8vd7m }', 'url: { slug: alpha }'), expect: ['accounts/beta.yaml', 'url.slug', 'already used'] },
  { name: 'scaffold placeholder left in a published account', edit: (r) => replaceIn(r, 'accounts/alpha.yaml', 'name: Olivia Owner', 'name: Your Name'), expect: ['accounts/alpha.yaml', 'owner.name', 'placeholder'] },
  // Site settings: who the microsites are from.
  { name: 'no privacy policy for the vendor', edit: (r) => replaceIn(r, 'content/site.yaml', /^ {2}privacyUrl:.*$/m, ''), expect: ['content/site.yaml', 'vendor.privacyUrl'] },
  { name: 'vendor logo outside public/', edit: (r) => appendTo(r, 'content/site.yaml', '  logo: /../accounts/beta/logo.svg\n'), expect: ['content/site.yaml', 'vendor.logo'] },
  // Pieces: schema and references.
  { name: 'unknown format', edit: (r) => replaceIn(r, 'content/pieces/case.mdx', 'format: case-study', 'format: casestudy'), expect: ['content/pieces/case.mdx', 'format', 'did you mean "case-study"'] },
  { name: 'download without href', edit: (r) => replaceIn(r, 'content/pieces/case.mdx', 'kind: contact', 'kind: download'), expect: ['content/pieces/case.mdx', 'cta.href'] },
  { name: 'translation of an unknown piece', edit: (r) => replaceIn(r, 'content/pieces/fa/case.mdx', 'translationOf: case', 'translationOf: cases'), expect: ['content/pieces/fa/case.mdx', 'translationOf', 'did you mean "case"'] },
  { name: 'persona with placeholder text used by an account', edit: (r) => replaceIn(r, 'content/personas/cfo.yaml', 'message: Profitability you can measure.', 'message: Say in one sentence what this persona gains.'), expect: ['content/personas/cfo.yaml', 'message', 'placeholder'] },
  // Pieces: the safe MDX subset. The first five are the attacks the issue found.
  { name: 'attack: import /etc/passwd', attack: true, edit: (r) => appendTo(r, 'content/pieces/case.mdx', "\nimport pw from '/etc/passwd?raw';\n\n{pw}\n"), expect: ['content/pieces/case.mdx:', 'import and export are not allowed'] },
  { name: "attack: import another account's file", attack: true, edit: (r) => appendTo(r, 'content/pieces/case.mdx', "\nimport other from '../../accounts/beta.yaml?raw';\n\n<p>{other}</p>\n"), expect: ['content/pieces/case.mdx:', 'import and export are not allowed'] },
  { name: 'attack: import the link secret', attack: true, edit: (r) => appendTo(r, 'content/pieces/case.mdx', "\nimport key from '../../.tailor/link-secret?raw';\n\nKey: {key}\n"), expect: ['content/pieces/case.mdx:', 'import and export are not allowed'] },
  { name: 'attack: process.env', attack: true, edit: (r) => appendTo(r, 'content/pieces/case.mdx', '\nEnv: {process.env.TAILOR_PLANTED}\n'), expect: ['content/pieces/case.mdx:', '{process.env.TAILOR_PLANTED}', 'expressions are not allowed'] },
  { name: 'attack: import.meta.env', attack: true, edit: (r) => appendTo(r, 'content/pieces/case.mdx', '\nEnv: {import.meta.env.TAILOR_PLANTED}\n'), expect: ['content/pieces/case.mdx:', 'expressions are not allowed'] },
  { name: 'attack: code in a prop', attack: true, edit: (r) => appendTo(r, 'content/pieces/roi.mdx', '\n<Account field={process.env.TAILOR_PLANTED} />\n'), expect: ['content/pieces/roi.mdx:', 'only literal values'] },
  {
    name: 'attack: a body hidden behind a "----" front-matter line',
    attack: true,
    edit: (r) => replaceIn(r, 'content/pieces/case.mdx', 'cta: { label: Talk to us, kind: contact }\n---\n', "cta: { label: Talk to us, kind: contact }\n----\nimport key from '../../.tailor/link-secret?raw';\n\nKey: {key}\n---\n"),
    expect: ['content/pieces/case.mdx:', 'import and export are not allowed'],
  },
  { name: 'attack: export', attack: true, edit: (r) => appendTo(r, 'content/pieces/case.mdx', "\nexport const leak = 'x';\n"), expect: ['content/pieces/case.mdx:', 'import and export are not allowed'] },
  { name: '<script> in a piece', edit: (r) => appendTo(r, 'content/pieces/case.mdx', '\n<script>fetch("https://evil.example")</script>\n'), expect: ['content/pieces/case.mdx:', '<script>'] },
  { name: 'on* attribute', edit: (r) => appendTo(r, 'content/pieces/case.mdx', '\n<span onClick="alert(1)">x</span>\n'), expect: ['content/pieces/case.mdx:', 'onClick'] },
  { name: 'spread props', edit: (r) => appendTo(r, 'content/pieces/case.mdx', '\n<Account {...props} />\n'), expect: ['content/pieces/case.mdx:', 'spread'] },
  { name: 'unknown component', edit: (r) => appendTo(r, 'content/pieces/case.mdx', '\n<Acount field="name" />\n'), expect: ['content/pieces/case.mdx:', '<Acount>', 'did you mean <Account>'] },
  { name: '<RoiCalculator> without its props', edit: (r) => appendTo(r, 'content/pieces/roi.mdx', '\n<RoiCalculator />\n'), expect: ['content/pieces/roi.mdx:', 'hoursSavedPerWeek'] },
  { name: '<When> with an unknown industry', edit: (r) => appendTo(r, 'content/pieces/case.mdx', '\n<When industry="telekom">x</When>\n'), expect: ['content/pieces/case.mdx:', 'telekom'] },
  { name: '<Account> reading the buying committee', edit: (r) => appendTo(r, 'content/pieces/case.mdx', '\n<Account field="buyingCommittee.0.name" />\n'), expect: ['content/pieces/case.mdx:', 'buying committee is private'] },
  { name: "image from another account's folder", edit: (r) => appendTo(r, 'content/pieces/case.mdx', '\n![logo](../../accounts/beta/logo.svg)\n'), expect: ['content/pieces/case.mdx:', 'leaves the content/ folder'] },
  { name: 'a Markdown image that is not there', edit: (r) => appendTo(r, 'content/pieces/case.mdx', '\n![chart](./covers/missing.svg)\n'), expect: ['content/pieces/case.mdx:', 'file not found: content/pieces/covers/missing.svg'] },
  { name: 'an attribute that overrides document.currentScript', edit: (r) => appendTo(r, 'content/pieces/case.mdx', '\n<img name="currentScript" data-u="https://evil.example/c" src="/favicon.svg" alt="" />\n'), expect: ['content/pieces/case.mdx:', '"name" is not allowed'] },
  { name: 'javascript: link', edit: (r) => appendTo(r, 'content/pieces/case.mdx', '\n[click](javascript:alert(1))\n'), expect: ['content/pieces/case.mdx:', 'javascript:'] },
  { name: 'not valid MDX', edit: (r) => appendTo(r, 'content/pieces/case.mdx', '\nAn <b>unclosed tag\n'), expect: ['content/pieces/case.mdx:', 'not valid MDX'] },
  // Mutual action plans and proof points.
  { name: 'plan owner who is not a stakeholder', edit: (r) => appendTo(r, 'accounts/alpha.yaml', PLAN.replace('stakeholder: cfo-1', 'stakeholder: ceo-1')), expect: ['accounts/alpha.yaml', 'plan.milestones[0].owners[0].stakeholder', 'ceo-1'] },
  { name: 'plan piece in none of the account tracks', edit: (r) => appendTo(r, 'accounts/alpha.yaml', PLAN.replace('pieces: [roi]', 'pieces: [pricing]')), expect: ['accounts/alpha.yaml', 'plan.milestones[0].pieces[0]', '"pricing"'] },
  { name: 'plan owner marked public without a name', edit: (r) => appendTo(r, 'accounts/alpha.yaml', PLAN.replace('stakeholder: cfo-1', 'stakeholder: user-1, public: true')), expect: ['accounts/alpha.yaml', 'plan.milestones[0].owners[0].public', 'user-1'] },
  { name: 'plan due date that is not a date', edit: (r) => appendTo(r, 'accounts/alpha.yaml', PLAN.replace('due: 2026-12-01', 'due: soon')), expect: ['accounts/alpha.yaml', 'plan.milestones[0].due'] },
  { name: 'proof point for an unknown persona', edit: (r) => write(r, 'content/proof/acme.yaml', PROOF.replace('personas: [cfo]', 'personas: [cxo]')), expect: ['content/proof/acme.yaml', 'personas[0]', 'cxo'] },
  { name: 'proof translation with fewer results', edit: (r) => write(r, 'content/proof/acme.yaml', PROOF + 'translations: { fi: { results: [] } }\n'), expect: ['content/proof/acme.yaml', 'translations.fi.results'] },
  { name: 'proof logo missing', edit: (r) => write(r, 'content/proof/acme.yaml', PROOF + 'logo: ./logos/acme.svg\n'), expect: ['content/proof/acme.yaml', 'logo', 'file not found'] },
  { name: 'a persona named like the plan page', edit: (r) => cpSync(path.join(r, 'content/personas/cfo.yaml'), path.join(r, 'content/personas/plan.yaml')), expect: ['content/personas/plan.yaml', '(file name)', '/<account>/plan/'] },
  // Front matter is data: only the schema's fields, and nothing it names is imported or run.
  { name: 'attack: layout in front matter publishes /etc/passwd', attack: true, edit: (r) => frontMatter(r, 'layout: "/etc/passwd?raw"'), expect: ['content/pieces/case.mdx', 'layout', 'unknown field'] },
  { name: 'attack: layout in front matter publishes the link secret', attack: true, edit: (r) => frontMatter(r, 'layout: "../../.tailor/link-secret?url"'), expect: ['content/pieces/case.mdx', 'layout', 'unknown field'] },
  { name: "attack: layout in front matter publishes another account's file", attack: true, edit: (r) => frontMatter(r, 'layout: "../../accounts/beta.yaml?url"'), expect: ['content/pieces/case.mdx', 'layout', 'unknown field'] },
  {
    name: 'attack: layout in front matter runs a module (canary)',
    attack: true,
    canary: 'CANARY-ran',
    edit: (r) => {
      write(r, 'content/pieces/covers/x.mjs', canaryModule(r));
      frontMatter(r, 'layout: ./covers/x.mjs');
    },
    expect: ['content/pieces/case.mdx', 'layout', 'unknown field'],
  },
  {
    name: 'attack: a cover that is a module (canary)',
    attack: true,
    canary: 'CANARY-ran',
    edit: (r) => {
      write(r, 'content/pieces/covers/x.mjs', canaryModule(r));
      replaceIn(r, 'content/pieces/case.mdx', './covers/c.svg', './covers/x.mjs');
    },
    // Astro's image() keeps a path that is not an image's as text, and rendering refuses it: never imported.
    refusedBy: /LocalImageUsedWrongly/,
    expect: ['content/pieces/case.mdx', 'cover', 'not an image'],
  },
  {
    name: 'attack: a body image that is a module (canary)',
    attack: true,
    canary: 'CANARY-ran',
    edit: (r) => {
      write(r, 'content/pieces/covers/x.mjs', canaryModule(r));
      appendTo(r, 'content/pieces/case.mdx', '\n![chart](./covers/x.mjs)\n');
    },
    expect: ['content/pieces/case.mdx:', 'not an image'],
  },
  { name: 'a field outside the schema inside a known one', edit: (r) => replaceIn(r, 'content/pieces/case.mdx', 'cta: { label: Talk to us, kind: contact }', 'cta: { label: Talk to us, kind: contact, onclick: x }'), expect: ['content/pieces/case.mdx', 'cta.onclick', 'unknown field'] },
  { name: 'a field outside the schema in an account', edit: (r) => appendTo(r, 'accounts/alpha.yaml', 'layout: ../../src/dev/index.astro\n'), expect: ['accounts/alpha.yaml', 'layout', 'unknown field'] },
  { name: "an image in an account's note", edit: (r) => { write(r, 'accounts/alpha.md', `---\n${readFileSync(path.join(r, 'accounts/alpha.yaml'), 'utf8')}---\nCall notes. ![](./beta/logo.svg)\n`); rmSync(path.join(r, 'accounts/alpha.yaml')); }, expect: ['accounts/alpha.md', '(note)', 'images are not allowed'] },
  { name: 'TOML front matter', edit: (r) => replaceIn(r, 'content/pieces/case.mdx', /^---\n[\s\S]*?\n---\n/, '+++\ntitle = "x"\nlayout = "/etc/passwd?raw"\n+++\n'), expect: ['content/pieces/case.mdx', 'TOML front matter'] },
  // YAML that multiplies by aliases ("billion laughs"), in a piece's front matter and in an account.
  { name: "YAML alias bomb in a piece's front matter", edit: (r) => frontMatter(r, aliasBomb('industries')), expect: ['content/pieces/case.mdx', 'too many YAML aliases'] },
  { name: 'YAML alias bomb in an account', edit: (r) => appendTo(r, 'accounts/alpha.yaml', aliasBomb('notes')), expect: ['accounts/alpha.yaml', 'too many YAML aliases'] },
  // SVGs are published as they are: nothing in one may run.
  { name: 'attack: SVG cover with a script', attack: true, edit: (r) => write(r, 'content/pieces/covers/c.svg', SVG.replace('</svg>', '<script>fetch("https://evil.example")</script></svg>')), expect: ['content/pieces/case.mdx', 'cover', '<script> is not allowed'] },
  { name: 'SVG logo with onload', edit: (r) => write(r, 'accounts/alpha/logo.svg', SVG.replace('<svg ', '<svg onload="alert(1)" ')), expect: ['accounts/alpha.yaml', 'logo', 'event handler'] },
  { name: 'SVG owner photo with a javascript: link', edit: (r) => { write(r, 'accounts/alpha/owner.svg', SVG.replace('</svg>', '<a href="&#106;avascript:alert(1)"><text>x</text></a></svg>')); replaceIn(r, 'accounts/alpha.yaml', 'meetingUrl:', 'photo: ./alpha/owner.svg, meetingUrl:'); }, expect: ['accounts/alpha.yaml', 'owner.photo', '"javascript:" addresses'] },
  { name: 'SVG image in a piece body with a script', edit: (r) => { write(r, 'content/pieces/covers/chart.svg', SVG.replace('</svg>', '<script>alert(1)</script></svg>')); appendTo(r, 'content/pieces/case.mdx', '\n![chart](./covers/chart.svg)\n'); }, expect: ['content/pieces/case.mdx:', 'image:', '<script> is not allowed'] },
  { name: 'an HTML file named .svg', edit: (r) => write(r, 'accounts/alpha/logo.svg', '<!doctype html><html><body><svg xmlns="http://www.w3.org/2000/svg"></svg><script>alert(1)</script></body></html>\n'), expect: ['accounts/alpha.yaml', 'logo', 'not an SVG image'] },
  // Limits checked before any parser runs: size and depth.
  { name: 'a piece over the size limit', edit: (r) => appendTo(r, 'content/pieces/case.mdx', `\n${'A long paragraph of words. '.repeat(40_000)}\n`), expect: ['content/pieces/case.mdx:1:1', 'the limit is 512 KB'] },
  { name: 'an SVG logo over the size limit', edit: (r) => write(r, 'accounts/alpha/logo.svg', SVG.replace('</svg>', `${'<rect width="1" height="1"/>'.repeat(40_000)}</svg>`)), expect: ['accounts/alpha.yaml', 'logo', 'the limit is 1,000 KB'] },
  { name: '20,000 nested parentheses in an expression', edit: (r) => appendTo(r, 'content/pieces/case.mdx', `\n{${'('.repeat(20_000)}1${')'.repeat(20_000)}}\n`), expect: ['content/pieces/case.mdx:', 'brackets nested deeper than 64'] },
  { name: '5,000 nested <When>', edit: (r) => appendTo(r, 'content/pieces/case.mdx', `\n${'<When tier="strategic">'.repeat(5_000)}x${'</When>'.repeat(5_000)}\n`), expect: ['content/pieces/case.mdx:', 'elements nested deeper than 32'] },
  // One address rule for every URL field.
  { name: 'a call to action to "/\\evil.example"', edit: (r) => replaceIn(r, 'content/pieces/case.mdx', 'cta: { label: Talk to us, kind: contact }', 'cta: { label: Get it, kind: download, href: "/\\\\evil.example/x" }'), expect: ['content/pieces/case.mdx', 'cta.href', 'no backslashes'] },
  { name: 'a booking link with a backslash host', edit: (r) => replaceIn(r, 'accounts/alpha.yaml', '"https://meet.kestrel.example/olivia"', '"https:\\\\evil.example/olivia"'), expect: ['accounts/alpha.yaml', 'owner.meetingUrl', 'no backslashes'] },
  { name: 'passes: a plan with a public owner, and a proof point', passes: true, edit: (r) => { appendTo(r, 'accounts/alpha.yaml', PLAN.replace('stakeholder: cfo-1', 'stakeholder: cfo-1, public: true')); write(r, 'content/proof/acme.yaml', PROOF); } },
  // Both pass: drafts hold placeholders without being published.
  {
    name: 'passes: scaffolded account, persona and piece (drafts, not built)',
    passes: true,
    edit: async (root) => {
      await scaffold('account', 'Nordlake Telecom Oy', { root });
      await scaffold('persona', 'Head of Procurement', { root });
      await scaffold('piece', 'The cost of manual work', { root });
    },
  },
  { name: 'passes: a literal in braces and a comment', passes: true, edit: (r) => appendTo(r, 'content/pieces/case.mdx', '\nBraces: {"{"} and {/* a comment */} and <Account field="goals.0" />\n') },
];

interface Run {
  status: number | null;
  output: string;
}

function run(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', TAILOR_PLANTED: SECRET, ...env } });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (status) => resolve({ status, output: output.replace(/\x1b\[[0-9;]*m/g, '') }));
  });
}

/** Builds that get past the check write Astro's shared project state (.astro/): one at a time. */
let fullBuilds: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(job: () => Promise<T>): Promise<T> {
  const next = fullBuilds.then(job, job);
  fullBuilds = next.catch(() => undefined);
  return next;
}

/** `npm run check`'s report as its command prints it, in-process (the command itself is tested below). */
async function check(root: string): Promise<Run> {
  const report = await checkContent(root);
  const output = [...report.errors.map((p) => `error    ${formatProblem(p)}`), ...report.warnings.map((p) => `warning  ${formatProblem(p)}`)].join('\n');
  return { status: report.errors.length > 0 ? 1 : 0, output };
}

async function prepare(edit: Edit) {
  const root = mkdtempSync(path.join(tmpdir(), 'tailor-parity-'));
  cpSync(FIXTURE, root, { recursive: true });
  write(root, '.tailor/link-secret', `${SECRET}\n`);
  await edit(root);
  return root;
}

const buildEnv = (root: string, extra: Record<string, string> = {}) => ({
  TAILOR_CONTENT_ROOT: root,
  TAILOR_OUT_DIR: path.join(root, 'dist'),
  TAILOR_ASTRO_CACHE: path.join(root, '.astro-cache'),
  TAILOR_CACHE_DIR: path.join(root, '.cards'),
  TAILOR_STATE_DIR: path.join(root, '.state'),
  ...extra,
});

function builtFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => path.join(dir, f)).filter((f) => /\.(html|js|css|json|txt)$/.test(f));
}

describe('check and build agree on broken content', { concurrency: 2 }, () => {
  it('covers at least 25 broken content sets', () => {
    assert.ok(cases.filter((c) => !c.passes).length >= 25);
  });
  it('`npm run check` exits 1 and prints each error with file and field', async () => {
    const root = await prepare((r) => replaceIn(r, 'accounts/alpha.yaml', 'industry: telecom', 'industry: telekom'));
    try {
      const cli = await run(['src/cli/check.ts'], { TAILOR_CONTENT_ROOT: root });
      assert.equal(cli.status, 1, cli.output);
      assert.match(cli.output, /^error {4}accounts\/alpha\.yaml: industry: expected one of .* \(did you mean "telecom"\?\)$/m);
      assert.match(cli.output, /1 error\(s\)/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
  for (const c of cases) {
    it(c.name, async () => {
      const root = await prepare(c.edit);
      try {
        const checked = await check(root);
        const astroBuild = () => run(['node_modules/astro/bin/astro.mjs', 'build'], buildEnv(root));
        const build = await (checked.status === 0 ? oneAtATime(astroBuild) : astroBuild());
        const checkOutput = checked.output;
        if (c.passes) {
          assert.equal(checked.status, 0, checkOutput);
          assert.equal(build.status, 0, build.output);
          for (const file of builtFiles(path.join(root, 'dist'))) {
            assert.ok(!readFileSync(file, 'utf8').includes('Your Name'), `${file} publishes a placeholder`);
          }
          assert.ok(!existsSync(path.join(root, 'dist/nordlake-telecom-oy')), 'a draft account was built');
          return;
        }
        assert.equal(checked.status, 1, `check should exit 1:\n${checkOutput}`);
        const errorLines = checkOutput.split('\n').filter((l) => l.startsWith('error'));
        const named = errorLines.find((l) => c.expect!.every((text) => l.includes(text)));
        assert.ok(named, `no check error names ${JSON.stringify(c.expect)}:\n${checkOutput}`);
        assert.notEqual(build.status, 0, `the build should fail:\n${build.output}`);
        assert.ok(build.output.includes(c.expect![0]!), `the build output should name ${c.expect![0]}:\n${build.output}`);
        for (const text of c.neverPrinted ?? []) {
          assert.ok(!checkOutput.includes(text), `check printed personal data "${text}"`);
          assert.ok(!build.output.includes(text), `the build printed personal data "${text}"`);
        }
        if (c.attack) {
          rmSync(path.join(root, 'dist'), { recursive: true, force: true });
          const unchecked = await oneAtATime(() => run(['node_modules/astro/bin/astro.mjs', 'build'], buildEnv(root, { TAILOR_BUILD_WITHOUT_CHECK: '1' })));
          assert.notEqual(unchecked.status, 0, `without the check, the build's own guard should refuse the piece:\n${unchecked.output}`);
          // Refused by the strict schema as Astro syncs content, or by the Vite plugin before MDX compiles.
          assert.match(unchecked.output, c.refusedBy ?? /unsafe (piece|image|module), not built|Unrecognized key/);
          for (const file of builtFiles(path.join(root, 'dist'))) {
            const text = readFileSync(file, 'utf8');
            assert.ok(!text.includes(SECRET) && !text.includes('root:x:0:0') && !text.includes('Otherperson Secretname'), `${file} contains what the attack tried to publish`);
          }
        }
        if (c.canary) assert.ok(!existsSync(path.join(root, c.canary)), `content code ran during check or build: ${c.canary} was written`);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });
  }
});
