/**
 * No text overflows its box, on every page the build wrote, on a phone (390 px) and a desktop
 * (1440 px): every line of text stays inside the box that lays it out (a Persian ROI figure of
 * 230 px in a 201 px column overlapped the next one), every box with text stays inside its parent
 * unless that parent scrolls, form fields show their whole value, and the page never scrolls
 * sideways. In Chromium, over the built demo (dist/), with the site's own fonts loaded.
 */
import { expect, test, type Page } from '@playwright/test';
import { htmlFiles } from './demo.ts';

const WIDTHS = { phone: { width: 390, height: 844 }, desktop: { width: 1440, height: 900 } } as const;

/** Every built page as a URL path, grouped by account (the first segment) so the tests share the work. */
const groups = new Map<string, string[]>();
for (const file of htmlFiles('dist').sort()) {
  const rel = file.slice('dist/'.length);
  const url = '/' + rel.replace(/(^|\/)index\.html$/, '$1');
  const group = rel.includes('/') ? rel.split('/')[0]! : '(site)';
  groups.set(group, [...(groups.get(group) ?? []), url]);
}

/** What overflows on the page as it is laid out now, one line per problem. */
function overflows(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const TOLERANCE = 1;
    const describe = (el: Element) => {
      const id = el.id ? `#${el.id}` : '';
      const cls = el.classList.length ? `.${[...el.classList].join('.')}` : '';
      const parent = el.parentElement;
      const up = parent && parent !== document.body ? `${parent.tagName.toLowerCase()}${parent.classList.length ? '.' + [...parent.classList].join('.') : ''} > ` : '';
      return `${up}${el.tagName.toLowerCase()}${id}${cls}`;
    };
    const snippet = (text: string) => JSON.stringify(text.trim().replace(/\s+/g, ' ').slice(0, 60));
    /** Hidden on purpose (visually-hidden text, clipped regions): never a layout problem. */
    const clipped = (el: Element | null): boolean => {
      for (let e = el; e; e = e.parentElement) {
        const style = getComputedStyle(e);
        if (style.clipPath !== 'none' || style.visibility === 'hidden') return true;
      }
      return false;
    };
    /** The box that lays out an inline run: the nearest ancestor that is not inline. */
    const layoutBox = (el: Element): Element => {
      let e: Element = el;
      while (e.parentElement && ['inline', 'contents'].includes(getComputedStyle(e).display)) e = e.parentElement;
      return e;
    };
    const scrolls = (el: Element) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);

    const seenBoxes = new Set<Element>();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode as Text;
      const parent = node.parentElement;
      if (!parent || !node.textContent?.trim() || ['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE'].includes(parent.tagName)) continue;
      if (clipped(parent)) continue;
      const box = layoutBox(parent);
      const outer = box.getBoundingClientRect();
      if (outer.width === 0 && outer.height === 0) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const rect of range.getClientRects()) {
        if (rect.width === 0) continue;
        const past = Math.max(outer.left - rect.left, rect.right - outer.right);
        if (past > TOLERANCE && !scrolls(box)) {
          problems.push(`text ${snippet(node.textContent)} is ${Math.round(rect.width)} px wide and ends ${Math.round(past)} px outside its box ${describe(box)} (${Math.round(outer.width)} px)`);
          break;
        }
      }
      seenBoxes.add(box);
    }
    // Each box with text inside its parent, unless that parent scrolls or the box is positioned on purpose.
    for (const box of seenBoxes) {
      const container = box.parentElement;
      if (!container || container === document.documentElement) continue;
      const position = getComputedStyle(box).position;
      if (position === 'absolute' || position === 'fixed') continue;
      let c: Element | null = container;
      while (c && ['inline', 'contents'].includes(getComputedStyle(c).display)) c = c.parentElement;
      if (!c || scrolls(c)) continue;
      const inner = box.getBoundingClientRect();
      const outer = c.getBoundingClientRect();
      const past = Math.max(outer.left - inner.left, inner.right - outer.right);
      if (past > TOLERANCE) problems.push(`box ${describe(box)} (${Math.round(inner.width)} px) ends ${Math.round(past)} px outside ${describe(c)} (${Math.round(outer.width)} px)`);
    }
    // Form fields and outputs show their whole value.
    for (const field of document.querySelectorAll<HTMLInputElement>('input:not([type="hidden"]), output, select, textarea')) {
      if (clipped(field) || field.getClientRects().length === 0) continue;
      if (field.scrollWidth > field.clientWidth + TOLERANCE && getComputedStyle(field).display !== 'inline') {
        problems.push(`field ${describe(field)} needs ${field.scrollWidth} px for its value and has ${field.clientWidth} px`);
      }
    }
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth + TOLERANCE) problems.push(`the page scrolls sideways: ${root.scrollWidth} px of content in ${root.clientWidth} px`);
    return problems;
  });
}

test('the layout test covers every page the build wrote', () => {
  const pages = [...groups.values()].flat();
  expect(pages.length, 'the demo is built into dist/').toBeGreaterThan(100);
  // Every page type of every account is among them.
  expect(pages.filter((p) => /^\/[^/]+\/$/.test(p)).length).toBeGreaterThanOrEqual(6);
  expect(pages.some((p) => p.endsWith('/plan/'))).toBe(true);
});

for (const [group, pages] of groups) {
  for (const [device, viewport] of Object.entries(WIDTHS)) {
    test(`no text overflows its box: ${group}, ${pages.length} page(s), ${device} ${viewport.width} px`, async ({ browser }) => {
      test.setTimeout(30_000 + pages.length * 3_000);
      const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
      const page = await context.newPage();
      const found: string[] = [];
      for (const path of pages) {
        const response = await page.goto(path);
        expect(response?.status(), path).toBeLessThan(500);
        await page.evaluate(() => document.fonts.ready.then(() => undefined));
        for (const problem of await overflows(page)) found.push(`${path} (${viewport.width} px): ${problem}`);
      }
      await context.close();
      expect(found, found.join('\n')).toEqual([]);
    });
  }
}
