/** The embedded server: canonical redirects only, 400 on malformed targets, 404 page, compression, revalidation, trusted proxies. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, get as httpGet } from 'node:http';
import { brotliCompressSync, brotliDecompressSync, gunzipSync } from 'node:zlib';
import { existsSync, mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect } from 'node:net';
import { staticHandler } from '../../src/cli/serve.ts';
import { createCollector } from '../../src/collector/collect.ts';
import { clientAddress, trustedProxies } from '../../src/collector/node.ts';
import { precompress } from '../../src/deploy/precompress.ts';

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
  const handler = staticHandler(root, { prefix: '/mount' });
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

test('precompressed files are served by Accept-Encoding, with Vary, ETag revalidation and cache headers', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'tailor-static-'));
  mkdirSync(path.join(root, 'quillfen'));
  mkdirSync(path.join(root, '_astro'));
  const page = `<!doctype html><title>quillfen</title>${'<p>Operations that scale with the business.</p>'.repeat(200)}`;
  writeFileSync(path.join(root, 'quillfen/index.html'), page);
  writeFileSync(path.join(root, '_astro/app.Ab12Cd34.js'), `console.log(${JSON.stringify('x'.repeat(4000))});`);
  writeFileSync(path.join(root, '404.html'), '<p>not found</p>');
  const compressed = await precompress(root);
  assert.equal(compressed.files, 2);
  const handler = staticHandler(root);
  const server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  // fetch() decodes for us: read raw bytes with node:http instead.
  const get = (p: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
      httpGet(`${base}${p}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      }).on('error', reject);
    });
  try {
    const br = await get('/quillfen/', { 'accept-encoding': 'gzip, deflate, br' });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(br.headers['vary'], 'accept-encoding');
    assert.equal(brotliDecompressSync(br.body).toString(), page);
    assert.ok(br.body.length < page.length / 5, `brotli ${br.body.length} of ${page.length} bytes`);
    const gz = await get('/quillfen/', { 'accept-encoding': 'gzip' });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(gz.body).toString(), page);
    const plain = await get('/quillfen/');
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.body.toString(), page);
    assert.equal(plain.headers['cache-control'], 'no-cache');
    assert.equal(plain.headers['x-robots-tag'], 'noindex, nofollow, noarchive');
    const again = await get('/quillfen/', { 'if-none-match': String(plain.headers['etag']) });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
    const asset = await get('/_astro/app.Ab12Cd34.js', { 'accept-encoding': 'br' });
    assert.equal(asset.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(asset.headers['content-encoding'], 'br');
  } finally {
    server.close();
  }
});

test('behind trusted proxies the client is the nearest untrusted X-Forwarded-For hop; from anyone else the header is ignored', () => {
  const trusted = trustedProxies('127.0.0.1, ::1, 10.0.0.0/8');
  const req = (peer: string, forwarded?: string) => ({ socket: { remoteAddress: peer }, headers: forwarded ? { 'x-forwarded-for': forwarded } : {} }) as unknown as Parameters<typeof clientAddress>[0];
  assert.equal(clientAddress(req('127.0.0.1', '203.0.113.7'), trusted), '203.0.113.7');
  assert.equal(clientAddress(req('::ffff:127.0.0.1', '203.0.113.7'), trusted), '203.0.113.7');
  // A client that sends its own X-Forwarded-For cannot pick its address: the proxy appends the real one.
  assert.equal(clientAddress(req('10.1.2.3', '1.1.1.1, 198.51.100.4, 10.0.0.9'), trusted), '198.51.100.4');
  assert.equal(clientAddress(req('198.51.100.4', '203.0.113.7'), trusted), '198.51.100.4');
  assert.equal(clientAddress(req('127.0.0.1', '203.0.113.7'), undefined), '127.0.0.1');
  assert.throws(() => trustedProxies('10.0.0.0/8, proxy.local'), /TAILOR_TRUSTED_PROXIES: "proxy.local" is not an IP address or a CIDR range/);
});

test('without copies from the build, the first request compresses the file and keeps the copy; a newer file is never served stale', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'tailor-static-'));
  mkdirSync(path.join(root, 'quillfen'));
  const page = (n: number) => `<!doctype html><title>v${n}</title>${'<p>Operations that scale with the business.</p>'.repeat(100)}`;
  const file = path.join(root, 'quillfen/index.html');
  writeFileSync(file, page(1));
  writeFileSync(path.join(root, '404.html'), '<p>not found</p>');
  const handler = staticHandler(root);
  const server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const get = () =>
    new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
      httpGet(`${base}/quillfen/`, { headers: { 'accept-encoding': 'br' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
      }).on('error', reject);
    });
  try {
    const first = await get();
    assert.equal(first.encoding, 'br');
    assert.equal(brotliDecompressSync(first.body).toString(), page(1));
    assert.ok(existsSync(`${file}.br`), 'the copy is kept for the next request');
    // A rebuild writes a newer page: its old copy must not be served.
    await new Promise((r) => setTimeout(r, 20));
    writeFileSync(file, page(2));
    assert.equal(brotliDecompressSync((await get()).body).toString(), page(2));
    assert.equal(brotliDecompressSync((await get()).body).toString(), page(2));
  } finally {
    server.close();
  }
});

test('a copy from another version of the file is not used, even if newer; "br;q=0" is not brotli', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'tailor-static-'));
  mkdirSync(path.join(root, 'quillfen'));
  const page = (n: number) => `<!doctype html><title>v${n}</title>${'<p>Operations that scale with the business.</p>'.repeat(100)}`;
  const file = path.join(root, 'quillfen/index.html');
  writeFileSync(file, page(2));
  // A copy made later from an older version (rsync -a of a new dist/ over an old copy keeps old times).
  writeFileSync(`${file}.br`, brotliCompressSync(page(1)));
  const old = new Date(Date.now() - 3_600_000);
  utimesSync(file, old, old);
  writeFileSync(path.join(root, '404.html'), '<p>not found</p>');
  const handler = staticHandler(root);
  const server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const get = (accept: string) =>
    new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
      httpGet(`${base}/quillfen/`, { headers: { 'accept-encoding': accept } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
      }).on('error', reject);
    });
  try {
    assert.equal(brotliDecompressSync((await get('br')).body).toString(), page(2));
    const refused = await get('br;q=0, gzip');
    assert.equal(refused.encoding, 'gzip');
  } finally {
    server.close();
  }
});
