/** `npm run deploy`'s login check: where wrangler keeps `wrangler login`'s file on each platform, or a token. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

test("deploy's login check finds wrangler login's file where wrangler keeps it on Linux, macOS and Windows, or a token", async () => {
  const { credentialsProblem } = await import('../../src/deploy/wrangler.ts');
  const at = (file: string) => (f: string) => f === file;
  const home = '/home/m';
  assert.match(credentialsProblem({}, home, () => false) ?? '', /^no Cloudflare login: run `npx wrangler login`/);
  assert.equal(credentialsProblem({ CLOUDFLARE_API_TOKEN: 'x' }, home, () => false), undefined);
  assert.equal(credentialsProblem({}, home, at(path.join(home, '.config/.wrangler/config/default.toml'))), undefined);
  assert.equal(credentialsProblem({ XDG_CONFIG_HOME: '/cfg' }, home, at('/cfg/.wrangler/config/default.toml')), undefined);
  assert.equal(credentialsProblem({}, home, at(path.join(home, 'Library/Preferences/.wrangler/config/default.toml'))), undefined);
  assert.equal(credentialsProblem({ APPDATA: '/appdata' }, home, at('/appdata/.wrangler/config/default.toml')), undefined);
  assert.equal(credentialsProblem({}, home, at(path.join(home, '.wrangler/config/default.toml'))), undefined);
});
