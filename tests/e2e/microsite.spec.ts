/** Personalisation on each page type, in Chromium over the built demo site. */
import { expect, test } from '@playwright/test';
import { parse } from 'yaml';
import { readdirSync, readFileSync } from 'node:fs';
import { demoAccounts, htmlFiles } from './demo.ts';

const accounts = demoAccounts();

test('the demo has at least six accounts, with fi, vi and fa among them', () => {
  expect(accounts.length).toBeGreaterThanOrEqual(6);
  const languages = accounts.map((a) => a.locale.split('-')[0]);
  for (const l of ['fi', 'vi', 'fa']) expect(languages).toContain(l);
});

for (const account of accounts) {
  test(`${account.id}: landing, track and piece are made for the account`, async ({ page }) => {
    await page.goto(`/${account.segment}/`);
    // The offer is the headline, naming the account: "For Corvanne: ...", in the account's language.
    await expect(page.locator('h1 .for')).toHaveText(new RegExp(`${account.shortName}:$`));
    await expect(page.locator('h1')).toContainText(account.proposition.headline ?? account.proposition.summary);
    await expect(page.getByText(account.proposition.summary)).toBeVisible();
    for (const goal of account.goals) await expect(page.locator('ul.goals')).toContainText(goal);
    const personas = [...new Set(account.committee.map((s) => s.persona))];
    await expect(page.locator('.tile')).toHaveCount(personas.length);
    // Hero and owner block both book with the account owner; the owner block shows who they are.
    for (const cta of await page.locator('a[data-cta="meeting"]').all()) await expect(cta).toHaveAttribute('href', account.owner.meetingUrl);
    await expect(page.locator('.hero a[data-cta="meeting"]')).toBeVisible();
    await expect(page.locator('.owner')).toContainText(account.owner.name);
    if (account.owner.photo) {
      // Below the fold, so loaded lazily: scrolled to, it loads and is a real image.
      const photo = page.locator('.owner img.photo');
      await photo.scrollIntoViewIfNeeded();
      await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
      // An SVG is served as it is (one hashed name); a photo is resized and converted to WebP.
      await expect(photo).toHaveAttribute('src', account.owner.photo.endsWith('.svg') ? /^\/_astro\/owner\.[\w-]+\.svg$/ : /\.webp$/);
    }
    // Each persona tile shows the cover of where its track starts.
    await expect(page.locator('.tile img.tile-cover')).toHaveCount(personas.length);
    // Who it is from: the vendor in the header, the title and the footer.
    await expect(page.locator('header .vendor')).toBeVisible();
    await expect(page).toHaveTitle(/Kestrel Systems$/);
    await expect(page.locator('html')).toHaveAttribute('lang', account.locale);

    // Every persona tile leads to a track with at least one piece and "next" navigation through it.
    for (const persona of personas) {
      await page.goto(`/${account.segment}/`);
      await page.locator(`.tile a[href="/${account.segment}/${persona}/"]`).click();
      await expect(page).toHaveURL(new RegExp(`/${account.segment}/${persona}/$`));
      const steps = page.locator('ol.steps > li');
      const stepCount = await steps.count();
      expect(stepCount).toBeGreaterThan(0);
      const byPersona = account.proposition.byPersona?.[persona];
      if (byPersona) await expect(page.locator('.offer')).toContainText(byPersona);

      await steps.first().locator('h3 a').click();
      await expect(page.locator('article h1')).toBeVisible();
      let hops = 0;
      while ((await page.locator('a[rel="next"]').count()) > 0 && hops < 20) {
        const href = (await page.locator('a[rel="next"]').getAttribute('href'))!;
        await page.locator('a[rel="next"]').click();
        // Count the next link on the next page, not on the one being left.
        await page.waitForURL((url) => url.pathname === href);
        await expect(page.locator('article h1')).toBeVisible();
        hops++;
      }
      expect(hops, 'next links walk the whole track').toBe(stepCount - 1);
      await expect(page.locator(`.pager a[href="/${account.segment}/${persona}/"]`)).toBeVisible();
    }
  });
}

test('images: each SVG is published once under one name, shared by every page; rasters are resized to WebP, without their originals', () => {
  expect(accounts.some((a) => a.owner.photo && !a.owner.photo.endsWith('.svg')), 'the demo has a raster photo').toBe(true);
  const assets = readdirSync('dist/_astro');
  const svgs = assets.filter((f) => f.endsWith('.svg'));
  expect(svgs.length).toBeGreaterThan(10);
  // Astro's transform names a copy <name>.<hash>_<transform hash>.svg: there must be none.
  expect(svgs.filter((f) => svgs.some((g) => g.startsWith(`${f.slice(0, -'.svg'.length)}_`)))).toEqual([]);
  // Every image a page points at exists, and the photos are WebP.
  const srcs = new Set(htmlFiles('dist').flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/<img[^>]* src="\/_astro\/([^"]+)"/g)].map((m) => m[1]!)));
  for (const src of srcs) expect(assets, src).toContain(src);
  expect([...srcs].filter((s) => s.startsWith('owner.') && s.endsWith('.webp')).length).toBeGreaterThan(0);
  // A raster's full-size original (and whatever metadata it carries) is not published beside its WebP.
  expect(assets.filter((f) => /\.(jpe?g|png)$/i.test(f))).toEqual([]);
});

test('<Account> fields show the account’s own values on piece pages', () => {
  for (const account of accounts) {
    const pages = htmlFiles(`dist/${account.segment}`).map((f) => readFileSync(f, 'utf8'));
    const fields = pages.flatMap((html) => [...html.matchAll(/<span class="account-field" data-field="name">([^<]*)<\/span>/g)].map((m) => m[1]));
    expect(fields.length, `${account.id} has pieces using <Account field="name" />`).toBeGreaterThan(0);
    expect(new Set(fields)).toEqual(new Set([account.name.replace(/&/g, '&amp;')]));
  }
});

test('the fa account renders right to left in Persian', async ({ page }) => {
  const fa = accounts.find((a) => a.locale.startsWith('fa'))!;
  await page.goto(`/${fa.segment}/`);
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('.owner a[data-cta="meeting"]')).toHaveText('رزرو جلسه');
  const first = page.locator('.tile a').first();
  await first.click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
});

test('fi and vi accounts get their UI language', async ({ page }) => {
  for (const [lang, text] of [['fi', 'Varaa tapaaminen'], ['vi', 'Đặt lịch họp']] as const) {
    const account = accounts.find((a) => a.locale.startsWith(lang))!;
    await page.goto(`/${account.segment}/`);
    await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
    await expect(page.locator('.owner a[data-cta="meeting"]')).toHaveText(text);
  }
});

test('each account has a 1200x630 social card referenced by og:image', async ({ page, request }) => {
  for (const account of accounts) {
    await page.goto(`/${account.segment}/`);
    const og = await page.locator('meta[property="og:image"]').getAttribute('content');
    expect(og).toMatch(new RegExp(`/${account.segment}/og\\.png$`));
    const response = await request.get(new URL(og!).pathname);
    expect(response.headers()['content-type']).toContain('image/png');
    const png = await response.body();
    // PNG IHDR: width and height are big-endian at bytes 16 and 20.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 630]);
  }
});

test('every page says who it is from: vendor in the co-branded header, the title and the footer with privacy and legal links', async ({ page }) => {
  const settings = parse(readFileSync('content/site.yaml', 'utf8')) as { vendor: { name: string; website: string; logo: string; privacyUrl: string; legalUrl: string } };
  const { vendor } = settings;
  for (const account of accounts) {
    await page.goto(`/${account.segment}/`);
    await expect(page).toHaveTitle(new RegExp(` · ${vendor.name}$`));
    const logo = page.locator(`header a.vendor[href="${vendor.website}"] img`);
    await expect(logo).toHaveAttribute('src', vendor.logo);
    await expect(logo).toHaveAttribute('alt', vendor.name);
    expect(await logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await expect(page.locator(`footer a[href="${vendor.privacyUrl}"]`)).toBeVisible();
    await expect(page.locator(`footer a[href="${vendor.legalUrl}"]`)).toBeVisible();
  }
  await page.goto(`/${accounts.find((a) => a.locale.startsWith('fi'))!.segment}/`);
  await expect(page.locator(`footer a[href="${vendor.privacyUrl}"]`)).toHaveText('Tietosuojaseloste');
});

test.describe('ROI calculator', () => {
  const roiPage = () => {
    for (const account of accounts) {
      const file = htmlFiles(`dist/${account.segment}`).find((f) => readFileSync(f, 'utf8').includes('<tailor-roi'));
      if (file && account.numbers.users) return { account, path: file.slice('dist'.length).replace(/index\.html$/, '') };
    }
    throw new Error('no demo account has a page with the ROI calculator');
  };

  test('works as static text with JavaScript off', async ({ browser }) => {
    const { account, path } = roiPage();
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(path);
    const users = page.locator('tailor-roi input[name="users"]');
    await expect(users).toHaveValue(String(account.numbers.users));
    await expect(users).toHaveAttribute('readonly', '');
    await expect(page.locator('tailor-roi output[name="annualSavings"]')).not.toHaveText('');
    await context.close();
  });

  test('shows how it calculates, and every demo account gets figures a CFO would believe', () => {
    for (const account of accounts) {
      for (const file of htmlFiles(`dist/${account.segment}`).filter((f) => readFileSync(f, 'utf8').includes('<tailor-roi'))) {
        const html = readFileSync(file, 'utf8');
        expect(html, file).toMatch(/<p class="assumptions"[^>]*>[^<]*(46|۴۶)[^<]*<\/p>/);
        // Read as the account's locale writes numbers: its digits, group and decimal separators.
        const parts = new Intl.NumberFormat(account.locale).formatToParts(12345.6);
        const group = parts.find((p) => p.type === 'group')?.value ?? ',';
        const decimal = parts.find((p) => p.type === 'decimal')?.value ?? '.';
        const digits = new Intl.NumberFormat(account.locale, { useGrouping: false }).format(9876543210);
        const figure = (name: string) => {
          const text = new RegExp(`<output name="${name}"[^>]*>([^<]*)<`).exec(html)![1]!;
          const western = [...text]
            .map((c) => (c === group ? '' : c === decimal ? '.' : digits.includes(c) ? String(9 - digits.indexOf(c)) : c))
            .join('')
            .replace(/[^\d.-]/g, '');
          return Number(western);
        };
        const roi = figure('roi');
        const payback = figure('payback');
        expect(roi, `${file}: ROI ${roi} %`).toBeGreaterThan(0);
        expect(roi, `${file}: ROI ${roi} %`).toBeLessThan(300);
        expect(payback, `${file}: payback ${payback} months`).toBeGreaterThanOrEqual(3);
        expect(payback, `${file}: payback ${payback} months`).toBeLessThanOrEqual(12);
      }
    }
  });

  test('recomputes with JavaScript on', async ({ page }) => {
    const { path } = roiPage();
    await page.goto(path);
    await expect(page.locator('tailor-roi')).toHaveAttribute('data-ready', 'true');
    const savings = page.locator('tailor-roi output[name="annualSavings"]');
    const before = await savings.textContent();
    await page.locator('tailor-roi input[name="hoursSavedPerWeek"]').fill('10');
    await expect(savings).not.toHaveText(before!);
    await page.locator('tailor-roi input[name="users"]').fill('0');
    await expect(savings).toHaveText(/^\D*0\D*$/);
  });

  test('becoming editable moves nothing: each field and its text keep their place (no layout shift)', async ({ browser }) => {
    const { path } = roiPage();
    // Where every box of the calculator sits, and where each field's text starts inside it.
    const layout = async (javaScriptEnabled: boolean) => {
      const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 412, height: 823 } });
      const page = await context.newPage();
      await page.goto(path);
      if (javaScriptEnabled) await expect(page.locator('tailor-roi')).toHaveAttribute('data-ready', 'true');
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      const boxes = await page.locator('tailor-roi').evaluate((root) =>
        [root, ...root.querySelectorAll('*')].map((el) => {
          const r = el.getBoundingClientRect();
          const style = getComputedStyle(el);
          const textStart = el instanceof HTMLInputElement ? r.x + parseFloat(style.borderLeftWidth) + parseFloat(style.paddingLeft) : r.x;
          return `${el.tagName.toLowerCase()}${el.getAttribute('name') ? `[${el.getAttribute('name')}]` : ''} ${textStart.toFixed(1)},${r.y.toFixed(1)} ${r.width.toFixed(1)}x${r.height.toFixed(1)}`;
        }),
      );
      await context.close();
      return boxes;
    };
    const staticBoxes = await layout(false);
    expect(staticBoxes.some((b) => b.startsWith('input['))).toBe(true);
    expect(await layout(true)).toEqual(staticBoxes);
  });
});
