/**
 * `npm run screenshots`: the README's pictures of the demo microsites, taken in Chromium from the
 * built `dist/` (run `npm run build` first) and written as WebP to docs/screenshots/.
 * The e2e run takes the full set of page types for review (test-results/screenshots/); these are
 * the few the README shows, small enough to commit.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { chromium } from '@playwright/test';
import { startEmbedded } from './serve.ts';
import { readAccountFiles } from '../content/accountFiles.ts';

const OUT = 'docs/screenshots';
const accounts = await readAccountFiles();
const segment = (id: string) => {
  const account = accounts.find((a) => a.id === id);
  if (!account) throw new Error(`accounts/${id}.yaml: not found; the README's screenshots show the demo accounts`);
  return account.segment;
};
const shots = [
  { file: 'landing.webp', path: `/${segment('quillfen')}/`, viewport: { width: 1280, height: 1500 }, fullPage: false },
  { file: 'plan-rtl.webp', path: `/${segment('tirajeh')}/plan/`, viewport: { width: 1280, height: 1300 }, fullPage: false },
  { file: 'track-mobile.webp', path: `/${segment('lumivaara')}/cfo/`, viewport: { width: 390, height: 1400 }, fullPage: false },
];

process.env.TAILOR_LOG_FILE ??= path.join(process.env.TMPDIR ?? '/tmp', `tailor-screenshots-${process.pid}.db`);
const server = await startEmbedded({ root: 'dist', host: '127.0.0.1', port: 0 });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  mkdirSync(OUT, { recursive: true });
  for (const shot of shots) {
    const page = await browser.newPage({ viewport: shot.viewport, deviceScaleFactor: 1 });
    await page.goto(new URL(shot.path, server.origin).href, { waitUntil: 'networkidle' });
    // Lazy images below the fold: bring them in before the picture is taken.
    await page.evaluate(() => document.querySelectorAll('img[loading="lazy"]').forEach((img) => img.setAttribute('loading', 'eager')));
    await page.waitForLoadState('networkidle');
    const png = await page.screenshot({ fullPage: shot.fullPage });
    const out = path.join(OUT, shot.file);
    const info = await sharp(png).webp({ quality: 72 }).toFile(out);
    console.log(`${out}: ${shot.path} at ${shot.viewport.width}px, ${Math.round(info.size / 1024)} KB`);
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
