/**
 * Astro integration for authors: in `astro dev` only, `/` lists every account with links to its
 * landing page and persona tracks (their URLs carry random suffixes, so there is no guessing
 * them). Never part of a build: published microsites are unlisted and `/` stays a 404 there.
 */
import type { AstroIntegration } from 'astro';

export function devIndexIntegration(): AstroIntegration {
  return {
    name: 'tailor-dev-index',
    hooks: {
      'astro:config:setup': ({ command, injectRoute }) => {
        if (command !== 'dev') return;
        injectRoute({ pattern: '/', entrypoint: new URL('./index.astro', import.meta.url) });
      },
    },
  };
}
