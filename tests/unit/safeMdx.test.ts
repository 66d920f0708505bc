/** The safe MDX subset, rule by rule, on real piece sources (the build and check use the same code). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { accountFieldProblems, inspectPiece, literalValue, MAX_PIECE_BYTES } from '../../src/content/safeMdx.ts';
import { safeMdxPlugin } from '../../src/content/integration.ts';

const FRONT = '---\ntitle: T\n---\n';
const problems = (body: string) => inspectPiece(FRONT + body, 'content/pieces/x.mdx').problems.map((p) => `${p.line}:${p.column} ${p.message}`);

test('what authors legitimately write passes', () => {
  const body = [
    '# A heading with **bold** and a [link](https://example.com) and [mail](mailto:a@b.example)',
    '',
    'Braces as text: {"{"} and {42} and a comment {/* note */}',
    '',
    '```js',
    "import secret from '/etc/passwd?raw'; // shown as code, not run",
    '```',
    '',
    'Inline `{process.env.X}` is code text too.',
    '',
    '<Account field="name" /> and <Account field="numbers.users" /> and <Account field="goals.0" />',
    '',
    '<When industry="telecom,energy" stage="evaluation" not>',
    'Not for them.',
    '</When>',
    '',
    '<RoiCalculator hoursSavedPerWeek={2.5} pricePerUser={240} users={-0 + 0 === 0 ? 1 : 1} />',
    '',
    '<figure><img src="/files/chart.svg" alt="A chart" width={640} /><figcaption>Fig. 1</figcaption></figure>',
    '',
    '<a href="https://example.com" rel="noopener">A link</a> <span title="note" class="x" aria-label="y" style="color: #333">styled</span>',
    '',
    '![cover](./covers/a.svg) ![shared](/files/diagram.png)',
    '',
    '<table><tbody><tr><td>1</td></tr></tbody></table>',
  ].join('\n');
  const found = problems(body);
  // The one deliberate failure: a conditional is code.
  assert.deepEqual(found.map((p) => p.replace(/^\d+:\d+ /, '').split(':')[0]), ['<RoiCalculator users={-0 + 0 === 0 ? 1 ']);
  assert.equal(problems(body.replace('users={-0 + 0 === 0 ? 1 : 1} ', '')).length, 0);
});

test('each forbidden construct is reported with its line and column', () => {
  const cases: [string, RegExp][] = [
    ["import pw from '/etc/passwd?raw';", /^4:1 .*import and export are not allowed/],
    ['export const x = 1;', /^4:1 .*import and export are not allowed/],
    ['Text {secret} here', /^4:6 \{secret\}: expressions are not allowed .*a variable is code/],
    ['{process.env.HOME}', /^4:1 .*a property read is code/],
    ['{import.meta.env.MODE}', /^4:1 .*expressions are not allowed/],
    ['{fetch("https://x.example")}', /a function call is code/],
    ['{`a${b}`}', /template string with \$\{\.\.\.\} is code/],
    ['{[1, 2]}', /expressions are not allowed .*only text or a number/],
    ['<Account field={name} />', /only literal values .*a variable is code/],
    ['<Account {...props} />', /spread attributes are not allowed/],
    ['<span onClick="x()">a</span>', /event handler attributes/],
    ['<div set:html="<b>x</b>" />', /"set:html" is not allowed/],
    ['<script>alert(1)</script>', /<script>: this HTML element is not allowed/],
    ['<iframe src="https://x.example" />', /<iframe>: this HTML element is not allowed/],
    ['<style>{"body{}"}</style>', /<style>: this HTML element is not allowed/],
    ['<Vidoe src="/a.mp4" title="x" />', /<Vidoe>: unknown component \(did you mean <Video>\?\)/],
    ['<Video src="https://evil.example/x.mp4" title="x" />', /<Video> src: use a YouTube or Vimeo address/],
    ['<Video src="https://www.youtube.com/watch?v=aqz-KE-bpKQ" />', /<Video> title: required/],
    ['<Acount field="name" />', /did you mean <Account>/],
    ['<RoiCalculator pricePerUser={240} />', /hoursSavedPerWeek: required \(number\)/],
    ['<RoiCalculator hoursSavedPerWeek="3" pricePerUser={240} />', /hoursSavedPerWeek: .*expected number/i],
    ['<RoiCalculator hoursSavedPerWeek={3} pricePerUser={240} extra={1} />', /unknown prop\(s\) extra/],
    ['<When>x</When>', /<When> needs at least one of industry, tier or stage/],
    ['<When tier="gold">x</When>', /unknown tier "gold"/],
    ['<Account field="buyingCommittee" />', /the buying committee is private/],
    ['<Account field="owner.email" />', /only owner.name and owner.title/],
    ['[x](javascript:alert(1))', /"javascript:" addresses are not allowed/],
    ['<a href="data:text/html,x">x</a>', /"data:" addresses are not allowed/],
    ['<a href="jav&#x61;script:alert(1)">x</a>', /"javascript:" addresses are not allowed/],
    ['<a href="java\tscript:alert(1)">x</a>', /"javascript:" addresses are not allowed/],
    ['<a href=" \n javascript:alert(1)">x</a>', /"javascript:" addresses are not allowed/],
    ['[x](jav&#x61;script:alert(1))', /"javascript:" addresses are not allowed/],
    ['![x](https://tracker.example/p.gif)', /not remote addresses/],
    ['![x](../../accounts/beta/logo.svg)', /leaves the content\/ folder \(resolves to accounts\/beta\/logo.svg\)/],
    ['![x][logo]\n\n[logo]: ../../.tailor/link-secret', /leaves the content\/ folder/],
    ['<img src="../../../etc/passwd" />', /leaves the content\/ folder/],
    ['<p style="background:url(https://t.example)">x</p>', /url\(\), image-set\(\), expression\(\), @import and backslash escapes are not allowed/],
    ['An <b>unclosed tag', /not valid MDX: Expected a closing tag/],
    // Attributes that could override document properties the tracking snippet reads.
    ['<img name="currentScript" data-u="https://evil.example/c" src="/favicon.svg" alt="" />', /"name" is not allowed on <img>/],
    ['<form name="referrer"></form>', /<form>: this HTML element is not allowed/],
    // Remote fetches in any spelling.
    ['<img SRC="https://t.example/p.gif" alt="" />', /not remote addresses/],
    ['<iMg src="https://t.example/p.gif" alt="" />', /not remote addresses/],
    ['<img srcset="https://t.example/p.gif 1x" alt="" />', /"srcset" is not allowed on <img>/],
    ['<table background="https://t.example/p.gif"><tbody><tr><td>x</td></tr></tbody></table>', /"background" is not allowed on <table>/],
    ['<img src="/\\t.example/p.gif" alt="" />', /no backslashes/],
    ['<p style={{ backgroundImage: "url(https://t.example/p.gif)" }}>x</p>', /write the style as text/],
    ['<p STYLE="background: url(https://t.example/p.gif)">x</p>', /url\(\), image-set\(\)/],
    ['<p style="background: u\\72l(https://t.example/p.gif)">x</p>', /backslash escapes/],
    // Images the build would not process: a relative <img> or reference-style image.
    ['<img src="./covers/a.svg" alt="" />', /takes a \/public path/],
    ['![x][c]\n\n[c]: ./covers/c.svg', /reference-style images are not processed/],
  ];
  for (const [body, expected] of cases) {
    const found = problems(body);
    assert.ok(found.some((p) => expected.test(p)), `${body}\n  expected ${expected}\n  got ${JSON.stringify(found)}`);
  }
});

test('the front matter ends where Astro ends it, so a body cannot hide in it', () => {
  for (const close of ['----', '---x', '--- ']) {
    const source = `---\ntitle: T\n${close}\nimport pw from "/etc/passwd?raw";\n\nSecret: {process.env.HOME} {pw}\n---\n`;
    const found = inspectPiece(source, 'content/pieces/x.mdx').problems.map((p) => `${p.line}:${p.column} ${p.message}`);
    // After "---x" the import line joins the "x" paragraph, so it is text there, as in the build.
    if (close !== '---x') assert.ok(found.some((p) => /^4:1 .*import and export are not allowed/.test(p)), `${JSON.stringify(close)}: ${JSON.stringify(found)}`);
    assert.ok(found.some((p) => /\{process\.env\.HOME\}: expressions are not allowed/.test(p)), `${JSON.stringify(close)}: ${JSON.stringify(found)}`);
  }
});

test('literal values: numbers, strings, booleans, null, lists and objects of them; nothing else', () => {
  assert.deepEqual(literalValue('{ a: 1, "b": [true, null, -2, `t`] }'), { ok: true, value: { a: 1, b: [true, null, -2, 't'] } });
  assert.deepEqual(literalValue('/* only a comment */'), { ok: true, value: undefined });
  for (const code of ['a', 'a.b', 'f()', '[...a]', '{ a }', '{ [k]: 1 }', '{ get a() { return 1 } }', '/x/', '1n', '1 + 1', '!0', '() => 1', 'new Date()', '1, 2', "{ __proto__: { x: 1 } }"]) {
    assert.equal(literalValue(code).ok, false, code);
  }
});

test('<Account> fields are checked against each account, inside the <When> blocks that show for it', () => {
  const { fields } = inspectPiece(FRONT + '<Account field="numbers.users" />\n\n<When industry="ngo"><Account field="pains.0" /></When>\n', 'content/pieces/x.mdx');
  const account = { name: 'A', domain: 'a.example', tier: 'key' as const, stage: 'awareness' as const, goals: ['g'], pains: [], proposition: { summary: 's' }, owner: { name: 'o' } };
  const telecom = accountFieldProblems(fields, { ...account, industry: 'telecom', numbers: { users: 5, currency: 'EUR' } });
  assert.deepEqual(telecom, []);
  const ngo = accountFieldProblems(fields, { ...account, industry: 'ngo', numbers: { Users: 5, currency: 'EUR' } }).map((p) => `${p.line}:${p.column} ${p.message}`);
  assert.deepEqual(ngo, [
    '4:1 <Account field="numbers.users">: the account has no number "users" (did you mean numbers.Users? names are case-sensitive)',
    '6:22 <Account field="pains.0">: the account has only 0 pains',
  ]);
});

test('limits before parsing: size, nested brackets, nested elements, nested quotes', () => {
  assert.match(problems('x'.repeat(MAX_PIECE_BYTES))[0] ?? '', /^1:1 the piece is 512 KB; the limit is 512 KB/);
  assert.match(problems(`{${'('.repeat(20_000)}1${')'.repeat(20_000)}}`)[0] ?? '', /^4:65 brackets nested deeper than 64 levels/);
  assert.match(problems(`${'<When tier="key">'.repeat(5_000)}x${'</When>'.repeat(5_000)}`)[0] ?? '', /^4:\d+ elements nested deeper than 32 levels/);
  assert.match(problems(`${'>'.repeat(5_000)} deep`)[0] ?? '', /^4:33 blockquotes nested deeper than 32 levels/);
  // What prose needs stays well inside: a few levels of each.
  assert.deepEqual(problems('> > quoted (with [a link](https://x.example/(y)))\n\n<When tier="key"><When stage="evaluation">x</When></When>'), []);
});

/** The build's own guard (tailorContent's Vite plugin), on a piece file as Vite hands it over. */
function compileThroughGuard(source: string): string {
  const root = mkdtempSync(path.join(tmpdir(), 'tailor-guard-'));
  try {
    mkdirSync(path.join(root, 'content/pieces'), { recursive: true });
    const file = path.join(root, 'content/pieces/x.mdx');
    writeFileSync(file, source);
    const context = { error: (message: string): never => { throw new Error(message); } };
    return safeMdxPlugin(root).transform.call(context, source, file)?.code ?? source;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

test("the build's MDX guard: an unknown front-matter field stops it, and the compiler never sees front matter", () => {
  const piece = '---\ntitle: T\nformat: case-study\npersonas: [cfo]\nstages: [awareness]\nsummary: S\ncover: ./c.svg\ncta: { label: L, kind: contact }\n---\nBody text.\n';
  assert.throws(() => compileThroughGuard(piece.replace('title: T\n', 'title: T\nlayout: "/etc/passwd?raw"\n')), /unsafe piece, not built:\ncontent\/pieces\/x\.mdx: layout: unknown field/);
  assert.throws(() => compileThroughGuard(piece.replace('cta: { label: L, kind: contact }', 'cta: { label: L, kind: contact, layout: x }')), /content\/pieces\/x\.mdx: cta\.layout: unknown field/);
  assert.throws(() => compileThroughGuard('+++\nlayout = "/etc/passwd?raw"\n+++\nBody\n'), /TOML front matter/);
  const compiled = compileThroughGuard(piece);
  // Blanked, line for line: the body keeps its line numbers, and no field reaches the MDX compiler.
  assert.equal(compiled.split('\n').length, piece.split('\n').length);
  assert.ok(!/title|cover|---/.test(compiled), compiled);
  assert.match(compiled, /^\s+Body text\.\n$/);
});
