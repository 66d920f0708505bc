/**
 * The embedded server over real HTTP: it answers only the files the last complete build listed
 * (never a dot-file or dot-folder, never the host's `_headers`), with the headers that build wrote
 * into `_headers` (Content-Security-Policy included); a missing report file is a 404; and the
 * report is refused to anything a proxy forwarded, whatever header says so.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { builtAccounts, startEmbedded, type EmbeddedServer } from '../../src/cli/serve.ts';
import { removeListing, writeListing } from '../../src/deploy/buildListing.ts';
import { contentSecurityPolicy, headersFile, REPORT_POLICY, siteHeaderRules } from '../../src/deploy/headers.ts';

const work = mkdtempSync(path.join(tmpdir(), 'tailor-serve-site-'));
const dist = path.join(work, 'dist');
const state = path.join(work, 'state');
process.env.TAILOR_STATE_DIR = state;
process.env.TAILOR_LOG_FILE = path.join(state, 'conversions.db');
process.env.TAILOR_LINK_SECRET = 'serve-site-secret-serve-site-secret-0000';

const POLICY = contentSecurityPolicy({ scriptHashes: ["'sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='"], collectorUrl: 'https://collect.example.net/tailor/collect' });

function put(file: string, text: string) {
  mkdirSync(path.dirname(path.join(dist, file)), { recursive: true });
  writeFileSync(path.join(dist, file), text);
}

/** A GET (or another method) with any headers, Host included, as a client or a proxy sends it. */
function get(port: number, target: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: target, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

let server: EmbeddedServer;
let port = 0;

describe('npm run serve', { concurrency: false }, () => {
  before(async () => {
    mkdirSync(state, { recursive: true });
    writeFileSync(path.join(state, 'manifest.json'), JSON.stringify({ version: 1, accounts: {} }));
    put('alpha/index.html', '<!doctype html><title>alpha</title>');
    put('alpha/og.png', 'png');
    put('404.html', '<!doctype html><title>Page not found</title>');
    put('_astro/app.Ab12Cd34.js', 'console.log(1)');
    put('robots.txt', 'User-agent: *\nDisallow: /\n');
    put('_headers', headersFile(siteHeaderRules(POLICY)));
    await writeListing(dist, ['alpha/index.html', 'alpha/og.png', '404.html', '_astro/app.Ab12Cd34.js', 'robots.txt', '_headers']);
    // What a failed build leaves, and files no build listed.
    put('.prerender/chunks/_astro_data-layer-content.mjs', 'export const stakeholders = ["cfo@alpha.example"]');
    put('.assetsignore', '*.br\n');
    put('unlisted.html', '<p>unlisted</p>');
    put('beta/index.html', '<p>beta, written by a build that failed</p>');
    // The report, as npm run report writes it.
    mkdirSync(path.join(state, 'report/accounts'), { recursive: true });
    writeFileSync(path.join(state, 'report/index.html'), '<!doctype html><title>Report</title>');
    writeFileSync(path.join(state, 'report/accounts.csv'), 'account\nalpha\n');
    server = await startEmbedded({ root: dist, host: '127.0.0.1', port: 0 });
    port = Number(new URL(server.origin).port);
  });
  after(() => {
    server?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('answers the listed files with the headers of the build\'s _headers: the Content-Security-Policy, unlisted, immutable assets', async () => {
    const page = await get(port, '/alpha/');
    assert.equal(page.status, 200);
    assert.equal(page.headers['content-security-policy'], POLICY);
    assert.match(POLICY, /connect-src 'self' https:\/\/collect\.example\.net;/);
    assert.equal(page.headers['x-robots-tag'], 'noindex, nofollow, noarchive');
    assert.equal(page.headers['cache-control'], 'no-cache');
    const asset = await get(port, '/_astro/app.Ab12Cd34.js');
    assert.equal(asset.status, 200);
    assert.equal(asset.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(asset.headers['content-security-policy'], POLICY);
    // The same policy as in the file Cloudflare reads, byte for byte.
    assert.ok(readFileSync(path.join(dist, '_headers'), 'utf8').includes(`  Content-Security-Policy: ${page.headers['content-security-policy']}\n`));
    const missing = await get(port, '/_astro/gone.Zz99Yy88.js');
    assert.equal(missing.status, 404);
    assert.equal(missing.headers['cache-control'], 'no-cache', 'a 404 is not cached for a year');
    assert.match(missing.body, /Page not found/);
    assert.equal((await get(port, '/alpha')).headers['location'], '/alpha/');
  });

  it('never answers a dot-file, a dot-folder, the host\'s _headers or a file no complete build listed', async () => {
    for (const p of [
      '/.prerender/chunks/_astro_data-layer-content.mjs',
      '/%2eprerender/chunks/_astro_data-layer-content.mjs',
      '/alpha/..%2f.prerender/chunks/_astro_data-layer-content.mjs',
      '/alpha/%2e%2e/.prerender/chunks/_astro_data-layer-content.mjs',
      '/.prerender/',
      '/.prerender',
      '/.assetsignore',
      '/_headers',
      '/unlisted.html',
      '/beta/',
      '/beta',
      '/beta/index.html',
      '/',
    ]) {
      const r = await get(port, p);
      assert.equal(r.status, 404, p);
      assert.doesNotMatch(r.body, /cfo@alpha|unlisted|beta/, p);
    }
  });

  it('a build that starts keeps the last complete one served; the one that finishes is served at once', async () => {
    await removeListing();
    assert.equal((await get(port, '/alpha/')).status, 200, 'the last complete build stays served');
    assert.equal((await get(port, '/beta/')).status, 404);
    await writeListing(dist, ['alpha/index.html', 'beta/index.html', '404.html', '_headers']);
    assert.equal((await get(port, '/beta/')).status, 200);
    assert.equal((await get(port, '/alpha/og.png')).status, 404, 'no longer listed');
  });

  it('serves no page of a dist/ no complete build listed; its collector still answers', async () => {
    const other = await startEmbedded({ root: path.join(work, 'other-dist'), host: '127.0.0.1', port: 0 });
    try {
      const otherPort = Number(new URL(other.origin).port);
      assert.equal(await other.site(), undefined);
      for (const p of ['/alpha/', '/404.html', '/robots.txt']) assert.equal((await get(otherPort, p)).status, 404, p);
      const missing = await get(otherPort, '/nope/');
      assert.match(String(missing.headers['content-security-policy']), /^default-src 'none'; script-src 'self'; /, 'the policy without inline scripts');
      const beacon = await get(otherPort, '/tailor/collect', { origin: other.origin, 'content-type': 'text/plain' }, 'POST');
      assert.notEqual(beacon.status, 404);
      assert.notEqual(beacon.status, 503);
    } finally {
      other.close();
    }
  });

  it('the report: its files to this machine, a missing file answers 404, and it runs no script', async () => {
    const report = await get(port, '/tailor/report/');
    assert.equal(report.status, 200);
    assert.match(report.body, /<title>Report<\/title>/);
    assert.equal(report.headers['content-security-policy'], REPORT_POLICY);
    assert.doesNotMatch(REPORT_POLICY, /script-src/);
    assert.equal((await get(port, '/tailor/report/accounts.csv')).status, 200);
    for (const p of ['/tailor/report/nope.html', '/tailor/report/accounts/', '/tailor/report/accounts/missing.html', '/tailor/report/accounts', '/tailor/report/%2e%2e/manifest.json', '/tailor/report/..%2fmanifest.json', '/tailor/report/.hidden']) {
      const r = await get(port, p);
      assert.equal(r.status, 404, p);
    }
    assert.equal((await get(port, '/tailor/report/nope.html', {}, 'HEAD')).status, 404);
    // Before the first `npm run report` there is no report folder at all.
    renameSync(path.join(state, 'report'), path.join(state, 'report-aside'));
    try {
      assert.equal((await get(port, '/tailor/report/')).status, 404);
      assert.equal((await get(port, '/tailor/report/index.html')).status, 404);
    } finally {
      renameSync(path.join(state, 'report-aside'), path.join(state, 'report'));
    }
  });

  it('the report is refused (404) to a request any proxy header marks as forwarded, and to another host name', async () => {
    const proxied: Record<string, string>[] = [
      { 'X-Real-IP': '203.0.113.7' },
      { 'True-Client-IP': '203.0.113.7' },
      { 'CF-Connecting-IP': '203.0.113.7' },
      { Via: '1.1 nginx' },
      { 'X-Forwarded-For': '203.0.113.7' },
      { 'X-Forwarded-Host': 'abm.example.com' },
      { 'X-Forwarded-Proto': 'https' },
      { 'X-Forwarded-Port': '443' },
      { 'X-Forwarded-Server': 'proxy' },
      { Forwarded: 'for=203.0.113.7;proto=https' },
      { 'X-Client-IP': '203.0.113.7' },
      { 'Fastly-Client-IP': '203.0.113.7' },
      // A proxy that passes the public name on, and a page rebound to 127.0.0.1 by DNS.
      { Host: 'abm.example.com' },
      { Host: `rebound.example:${port}` },
    ];
    for (const headers of proxied) {
      const r = await get(port, '/tailor/report/', headers);
      assert.equal(r.status, 404, JSON.stringify(headers));
      assert.doesNotMatch(r.body, /Report/);
    }
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, 'localhost', `[::1]:${port}`]) assert.equal((await get(port, '/tailor/report/', { Host: host })).status, 200, host);
  });
});

it('the accounts `npm run serve` lists are the folders with a landing page: not the vendor logo folder, not Astro assets', async () => {
  const files = new Set(['index.html', '404.html', 'robots.txt', 'favicon.svg', 'vendor/logo.svg', '_astro/site.css', 'quillfen/index.html', 'quillfen/plan/index.html', 'tirajeh-mx9l02w3k8hj/index.html', 'tirajeh-mx9l02w3k8hj/og.png']);
  assert.deepEqual(builtAccounts(files), ['quillfen', 'tirajeh-mx9l02w3k8hj']);
});
