/**
 * The ceiling for the collector benchmark: a bare node:http server that reads (drains) each request
 * body and answers 204, nothing else. Run as a child process:
 *
 *   node bench/lib/bareServer.ts            (HOST, PORT from the environment; PORT 0 = any free port)
 *
 * Prints `bare server listening on http://HOST:PORT/` once it accepts connections; exits on SIGTERM.
 */
import { createServer } from 'node:http';

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 0);

const server = createServer((req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    res.writeHead(204).end();
  });
});
// Same keep-alive setting as the embedded server (src/cli/serve.ts).
server.keepAliveTimeout = 65_000;
server.listen(port, host, () => {
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  console.log(`bare server listening on http://${host}:${actual}/`);
});

const stop = () => {
  server.close();
  server.closeAllConnections();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
