/** Microsites are unlisted, and no page of one account carries another account's data. */
import { expect, test } from '@playwright/test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { demoAccounts, htmlFiles, publicNames } from './demo.ts';

const accounts = demoAccounts();

test('every built page says noindex', () => {
  const files = htmlFiles('dist');
  expect(files.length).toBeGreaterThan(accounts.length * 3);
  for (const file of files) {
    expect(readFileSync(file, 'utf8'), file).toMatch(/<meta name="robots" content="noindex[^"]*"/);
  }
});

test('no index of accounts: no root page, no sitemap; robots.txt disallows all', async ({ request }) => {
  expect(existsSync('dist/index.html')).toBe(false);
  expect(readdirSync('dist').filter((f) => /sitemap/i.test(f))).toEqual([]);
  expect((await request.get('/')).status()).toBe(404);
  const robots = await request.get('/robots.txt');
  expect(await robots.text()).toContain('Disallow: /');
  const notFound = readFileSync('dist/404.html', 'utf8');
  for (const account of accounts) expect(notFound).not.toContain(account.name);
});

test('no page of an account contains another account’s name, domain, stakeholders or contacts', () => {
  // As Astro writes text into HTML.
  const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
  for (const account of accounts) {
    const pages = htmlFiles(`dist/${account.segment}`);
    expect(pages.length).toBeGreaterThan(2);
    const forbidden = accounts
      .filter((other) => other.id !== account.id)
      .flatMap((other) => [other.name, other.domain, other.segment, other.owner.email, ...other.committee.flatMap((s) => [s.name, s.email])])
      .filter((s): s is string => Boolean(s))
      .map(escape);
    // Stakeholder names and e-mails never reach a page, not even the account's own; the one
    // exception is the name of a plan owner marked public, on the plan page only.
    const shown = publicNames(account);
    const ownPeople = account.committee.flatMap((s) => [s.name, s.email]).filter((s): s is string => Boolean(s)).map(escape);
    for (const file of pages) {
      const html = readFileSync(file, 'utf8');
      const onPlan = file.endsWith(`${account.segment}/plan/index.html`);
      for (const needle of [...forbidden, ...ownPeople.filter((p) => !(onPlan && shown.map(escape).includes(p)))]) {
        expect(html.includes(needle), `${file} contains "${needle}"`).toBe(false);
      }
    }
  }
});

test('shared asset file names give away no account (id, URL or domain)', () => {
  const assets = readdirSync('dist/_astro').map((a) => a.toLowerCase());
  expect(assets.length).toBeGreaterThan(3);
  for (const account of accounts) {
    for (const needle of [account.id, account.segment, account.domain.split('.')[0]!]) {
      expect(assets.filter((a) => a.includes(needle.toLowerCase())), needle).toEqual([]);
    }
  }
});
