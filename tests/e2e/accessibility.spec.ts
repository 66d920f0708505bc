/** Decision makers read these pages: no WCAG A/AA violations axe can find, in LTR and RTL. */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { demoAccounts } from './demo.ts';

const accounts = demoAccounts();

for (const id of ['lumivaara', 'tirajeh', 'meridell']) {
  test(`${id}: landing, track, piece and plan pages pass axe (WCAG 2.1 AA)`, async ({ browser }) => {
    const account = accounts.find((a) => a.id === id)!;
    const context = await browser.newContext();
    const page = await context.newPage();
    const persona = account.committee.find((s) => s.persona === 'cfo')?.persona ?? account.committee[0]!.persona;
    await page.goto(`/${account.segment}/${persona}/`);
    const piece = await page.locator('ol.steps h3 a').first().getAttribute('href');
    const plan = account.plan ? [`/${account.segment}/plan/`] : [];
    for (const path of [`/${account.segment}/`, `/${account.segment}/${persona}/`, piece!, ...plan]) {
      await page.goto(path);
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      const found = results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.length} node(s), e.g. ${v.nodes[0]?.target.join(' ')}`);
      expect(results.passes.length, 'axe ran its rules').toBeGreaterThan(10);
      expect(found, `${path}\n${found.join('\n')}`).toEqual([]);
    }
    await context.close();
  });
}
