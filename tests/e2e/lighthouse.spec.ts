/**
 * Lighthouse (mobile) on a landing, a track and a piece page of the built demo, asserting its
 * deterministic parts: accessibility and best practices 100, no layout shift, and the landing page
 * under 50 KB without images. The performance score is timing and lives in bench/lighthouse.ts,
 * which shares the pages and the launching (tests/e2e/lighthouse.ts).
 */
import { expect, test } from '@playwright/test';
import { launchChrome, lighthousePages, runLighthouse, transferBytes, type LaunchedChrome } from './lighthouse.ts';

test.describe.configure({ mode: 'serial' });

let chrome: LaunchedChrome;

test.beforeAll(async () => {
  chrome = await launchChrome();
});
test.afterAll(async () => {
  chrome?.kill();
});

for (const { kind, path } of lighthousePages()) {
  test(`Lighthouse: ${kind} page`, async ({ baseURL }) => {
    test.setTimeout(120_000);
    const lhr = await runLighthouse(`${baseURL}${path}`, chrome, ['accessibility', 'best-practices', 'performance']);
    const failing = (category: string) =>
      lhr.categories[category]!.auditRefs
        .map((ref) => lhr.audits[ref.id]!)
        .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === 'binary')
        .map((a) => `${a.id}: ${a.title}`);
    expect(lhr.categories['accessibility']!.score, failing('accessibility').join('\n')).toBe(1);
    expect(lhr.categories['best-practices']!.score, failing('best-practices').join('\n')).toBe(1);
    expect(Number(lhr.audits['cumulative-layout-shift']!.numericValue)).toBe(0);
    if (kind === 'landing') {
      const bytes = transferBytes(lhr).withoutImages;
      console.log(`${kind}: ${bytes} bytes without images; performance ${lhr.categories['performance']!.score} (timing: not asserted)`);
      expect(bytes).toBeLessThan(50_000);
    }
  });
}
