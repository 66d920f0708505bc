/** The embedded static server: canonical redirects only, 400 on malformed targets, 404 page. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect } from 'node:net';
import { staticHandler } from '../../src/cli/serve.ts';
import { createCollector } from '../../src/collector/collect.ts';

/** A raw HTTP/1.1 request, so that odd targets reach the server unchanged. */
function raw(port: number, target: string): Promise<{ status: number; location?: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
    let data = '';
    socket.on('data', (c) => (data += c));
    socket.on('end', () => {
      const status = Number(/^HTTP\/1\.1 (\d+)/.exec(data)?.[1]);
      const location = /\r\nlocation: ([^\r]+)/i.exec(data)?.[1];
      resolve(location ? { status, location } : { status });
    });
    socket.on('error', reject);
  });
}

test('redirects are built from the file, never from the request; bad targets get 400', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'tailor-static-'));
  mkdirSync(path.join(root, 'quillfen'));
  writeFileSync(path.join(root, 'quillfen/index.html'), '<p>quillfen</p>');
  writeFileSync(path.join(root, '404.html'), '<p>not found</p>');
  const handler = staticHandler(root, '/mount');
  const server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  try {
    assert.deepEqual(await raw(port, '/quillfen'), { status: 308, location: '/mount/quillfen/' });
    assert.deepEqual(await raw(port, '/.//evil.com/..%2fquillfen'), { status: 308, location: '/mount/quillfen/' });
    assert.deepEqual(await raw(port, '//evil.com/'), { status: 400 });
    assert.deepEqual(await raw(port, '//['), { status: 400 });
    assert.deepEqual(await raw(port, '/../../etc/passwd'), { status: 404 });
    assert.deepEqual(await raw(port, '/quillfen/'), { status: 200 });
    assert.deepEqual(await raw(port, '/nope/'), { status: 404 });
  } finally {
    server.close();
  }
});

test('a collector with a too-short personal-link secret refuses to start', () => {
  assert.throws(
    () => createCollector({ manifest: { version: 1, accounts: {} }, log: { append: async () => {} }, secret: 'short', origins: [] }),
    /at least 32 characters/,
  );
});
