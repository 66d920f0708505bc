/** The authors' preview bar exists in `astro dev` only; the production build never carries it. */
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { htmlFiles } from './demo.ts';

test('no built page contains the preview bar or lists other accounts', () => {
  const files = htmlFiles('dist');
  expect(files.length).toBeGreaterThan(20);
  for (const file of files) {
    const html = readFileSync(file, 'utf8');
    expect(html.includes('tailor-preview'), file).toBe(false);
    expect(html.includes('<select'), file).toBe(false);
  }
  const scripts = readFileSync(files[0]!, 'utf8').match(/src="\/_astro\/[^"]+\.js"/g) ?? [];
  for (const s of scripts) expect(readFileSync(`dist${s.slice(5, -1)}`, 'utf8')).not.toContain('tailor-preview');
});

