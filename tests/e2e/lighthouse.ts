/**
 * Lighthouse over the built demo, shared by tests/e2e/lighthouse.spec.ts (the deterministic parts:
 * accessibility, best practices, layout shift, bytes) and bench/lighthouse.ts (the performance
 * score, which is timing): the pages, how Chromium is launched, one run, and the bytes it moved.
 * Every run uses Lighthouse's default config: mobile, simulated throttling.
 */
import lighthouse, { type Result } from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { demoAccounts } from './demo.ts';

/** Debian's Chromium (STACK.md); CHROMIUM_PATH elsewhere. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROME_FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export type LaunchedChrome = chromeLauncher.LaunchedChrome;

export function launchChrome(): Promise<LaunchedChrome> {
  return chromeLauncher.launch({ chromePath: CHROMIUM_PATH, chromeFlags: CHROME_FLAGS });
}

export interface LighthousePage {
  kind: string;
  /** Path on the site, with a trailing slash. */
  path: string;
}

/** The pages: a landing, a track, a piece and the plan of one account, and a right-to-left landing and plan. */
export function lighthousePages(root = '.'): LighthousePage[] {
  const accounts = demoAccounts(root);
  const find = (id: string) => {
    const account = accounts.find((a) => a.id === id);
    if (!account) throw new Error(`demo account "${id}" not found in ${root}/accounts/ (the Lighthouse pages use it)`);
    return account;
  };
  const account = find('quillfen');
  const rtl = find('tirajeh');
  return [
    { kind: 'landing', path: `/${account.segment}/` },
    { kind: 'track', path: `/${account.segment}/cfo/` },
    { kind: 'piece', path: `/${account.segment}/cfo/roi-of-automation/` },
    { kind: 'plan', path: `/${account.segment}/plan/` },
    { kind: 'landing, right to left', path: `/${rtl.segment}/` },
    { kind: 'plan, right to left', path: `/${rtl.segment}/plan/` },
  ];
}

export type LighthouseCategory = 'performance' | 'accessibility' | 'best-practices' | 'seo';

/** One Lighthouse run (default config: mobile, simulated throttling) in a new tab of `chrome`. */
export async function runLighthouse(url: string, chrome: LaunchedChrome, categories: LighthouseCategory[]): Promise<Result> {
  const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: categories });
  if (!result) throw new Error(`Lighthouse returned no result for ${url}`);
  return result.lhr;
}

/** Bytes transferred for the page (every request, compressed as sent), and without images. */
export function transferBytes(lhr: Result): { total: number; withoutImages: number } {
  const items = (lhr.audits['network-requests']?.details as unknown as { items?: { resourceType?: string; transferSize?: number }[] } | undefined)?.items ?? [];
  let total = 0;
  let withoutImages = 0;
  for (const item of items) {
    const size = item.transferSize ?? 0;
    total += size;
    if (item.resourceType !== 'Image') withoutImages += size;
  }
  return { total, withoutImages };
}
