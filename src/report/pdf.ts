/**
 * `npm run report -- --pdf`: the print document (print.ts) through Chromium's own print to PDF,
 * the same Chromium the browser tests use (CHROMIUM_PATH, else Debian's /usr/bin/chromium) with the
 * same launch flags as playwright.config.ts. playwright-core comes with @playwright/test.
 */
import { existsSync, writeFileSync } from 'node:fs';

/** As in playwright.config.ts: no sandbox (containers), no GPU, nothing phoning home. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Pages in a PDF: its page objects (`/Type /Page`, not `/Pages`), as Chromium writes them uncompressed. */
export function countPdfPages(pdf: Uint8Array): number {
  return (Buffer.from(pdf).toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
}

export interface PrintedPdf {
  pages: number;
  /** Sheets whose content ran past one page and was cut (`data-title` of each). */
  cut: string[];
}

/** Prints `html` (the print document, self-contained) to `file` as A4 PDF. */
export async function printPdf(html: string, file: string, options: { executablePath?: string | undefined } = {}): Promise<PrintedPdf> {
  const { chromium } = await import('playwright-core');
  const executablePath = options.executablePath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) throw new Error(`--pdf prints through Chromium, and there is none at ${executablePath}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.emulateMedia({ media: 'print' });
    await page.setContent(html, { waitUntil: 'load' });
    // A sheet is one page high and hides what does not fit: say which were cut, so nobody trusts a cut sheet blindly.
    const cut = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('.sheet')].filter((s) => s.scrollHeight > s.clientHeight + 1).map((s) => s.dataset.title ?? ''));
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true, tagged: true });
    writeFileSync(file, pdf);
    return { pages: countPdfPages(pdf), cut };
  } finally {
    await browser.close();
  }
}
