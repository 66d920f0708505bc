/**
 * `npm run studio [-- --root <content root>] [--port 4700] [--no-preview]`: the studio, a local web
 * app for marketers to author, preview and publish without a terminal (docs/studio.md). Loopback
 * only; the link it prints carries this session's token. `astro dev` runs behind it on port + 1
 * for the live preview.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createStudio } from '../studio/server.ts';
import { startPreview, type Preview } from '../studio/preview.ts';

export async function runStudio(options: { root: string; port: number; preview: boolean; token?: string | undefined; quiet?: boolean }) {
  const token = options.token ?? randomBytes(24).toString('base64url');
  let preview: Preview | undefined;
  if (options.preview) preview = await startPreview(options.root, options.port + 1, options.quiet ? undefined : (line) => process.stdout.write(`[preview] ${line}`));
  const server = await createStudio({ root: options.root, port: options.port, token, preview });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', resolve);
  });
  const url = `http://127.0.0.1:${options.port}/?token=${token}`;
  return {
    url,
    token,
    close: () => {
      preview?.stop();
      server.close();
    },
  };
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: { root: { type: 'string' }, port: { type: 'string' }, 'no-preview': { type: 'boolean', default: false }, quiet: { type: 'boolean', default: false } },
  });
  // A stray rejection (the preview's dev server dropping a connection, say) is logged; the studio
  // keeps serving the marketer's open forms rather than stopping under them.
  process.on('unhandledRejection', (reason) => console.error(`tailor studio: unexpected error, still running: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`));
  try {
    const studio = await runStudio({
      root: values.root ?? process.env.TAILOR_CONTENT_ROOT ?? '.',
      port: Number(values.port ?? process.env.TAILOR_STUDIO_PORT ?? 4700),
      preview: !values['no-preview'],
      // Tests pass their own token to drive the studio.
      token: process.env.TAILOR_STUDIO_TOKEN,
      quiet: values.quiet ?? false,
    });
    console.log(`Tailor studio: ${studio.url}`);
    console.log('Open this link (it carries this session\'s key). Stop with Ctrl+C.');
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => (studio.close(), process.exit(0)));
  } catch (error) {
    console.error(`tailor studio: ${(error as Error).message}`);
    process.exit(1);
  }
}
