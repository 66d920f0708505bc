/** The site's headers (src/deploy/headers.ts): the policy's sources, and the `_headers` file both hosts read. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectorOrigin, contentSecurityPolicy, headersFile, headersFor, parseHeadersFile, playerOrigins, siteHeaderRules } from '../../src/deploy/headers.ts';
import { videoSource } from '../../src/lib/video.ts';

test('connect-src: the site, plus the origin of a collector elsewhere; a collector URL pages cannot send to stops the build', () => {
  assert.match(contentSecurityPolicy(), /; connect-src 'self'; /);
  assert.match(contentSecurityPolicy({ collectorUrl: '/tailor/collect' }), /; connect-src 'self'; /);
  assert.match(contentSecurityPolicy({ collectorUrl: 'https://collect.example.net:8443/tailor/collect?x=1' }), /; connect-src 'self' https:\/\/collect\.example\.net:8443; /);
  for (const bad of ['javascript:alert(1)', 'collect', 'ftp://collect.example.net/x', '//collect.example.net/x']) {
    assert.throws(() => collectorOrigin(bad), /TAILOR_COLLECTOR_URL/, bad);
  }
});

test('frame-src: exactly the origins of the players <Video> loads', () => {
  const policy = contentSecurityPolicy();
  const frames = /frame-src ([^;]*)/.exec(policy)![1]!.split(' ');
  assert.deepEqual(frames, playerOrigins());
  for (const src of ['https://youtu.be/aqz-KE-bpKQ', 'https://www.youtube.com/watch?v=aqz-KE-bpKQ', 'https://vimeo.com/76979871', 'https://player.vimeo.com/video/76979871']) {
    assert.ok(frames.includes(new URL(videoSource(src)!.playUrl).origin), src);
  }
});

test('script hashes are listed once, in a stable order; nothing inline is allowed otherwise', () => {
  const a = contentSecurityPolicy({ scriptHashes: ["'sha256-b='", "'sha256-a='", "'sha256-b='"] });
  assert.match(a, /script-src 'self' 'sha256-a=' 'sha256-b=';/);
  assert.doesNotMatch(contentSecurityPolicy(), /script-src[^;]*unsafe/);
  for (const d of ["default-src 'none'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'none'", "img-src 'self' data:"]) assert.ok(a.includes(d), d);
});

test('_headers: written and read back to the same headers per path; a line Cloudflare would not read is refused', () => {
  const policy = contentSecurityPolicy({ scriptHashes: ["'sha256-a='"] });
  const rules = siteHeaderRules(policy);
  const parsed = parseHeadersFile(headersFile(rules));
  assert.deepEqual(parsed, rules);
  assert.equal(headersFor(parsed, '/quillfen/')['Content-Security-Policy'], policy);
  assert.equal(headersFor(parsed, '/quillfen/')['Cache-Control'], undefined);
  assert.equal(headersFor(parsed, '/_astro/x.js')['Cache-Control'], 'public, max-age=31536000, immutable');
  assert.equal(headersFor(parsed, '/_astro/x.js')['Content-Security-Policy'], policy);
  const many = Array.from({ length: 60 }, (_, i) => `'sha256-${String(i).padStart(43, 'x')}='`);
  assert.throws(() => headersFile(siteHeaderRules(contentSecurityPolicy({ scriptHashes: many }))), /Cloudflare reads at most 2000/);
});
