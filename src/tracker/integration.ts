/**
 * Astro integration that ships the tracking snippet as one hashed file: written into the build
 * output, and served by the dev server. Pages reference it through `trackerFile().url`.
 */
import type { AstroIntegration } from 'astro';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { trackerFile } from './bundle.ts';

export function trackerIntegration(): AstroIntegration {
  return {
    name: 'tailor-tracker',
    hooks: {
      'astro:server:setup': ({ server }) => {
        server.middlewares.use((req, res, next) => {
          const { url, code } = trackerFile();
          if (req.url !== url) return next();
          res.setHeader('content-type', 'text/javascript; charset=utf-8');
          res.end(code);
        });
      },
      'astro:build:done': async ({ dir }) => {
        const { url, code } = trackerFile();
        const file = path.join(fileURLToPath(dir), url);
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, code);
      },
    },
  };
}
