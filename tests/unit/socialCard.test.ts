import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { cachedCard, cardCache, type CardInput } from '../../src/lib/socialCard.ts';

const input = async (name: string): Promise<CardInput> => ({
  name,
  primary: '#0b5fff',
  onPrimary: '#ffffff',
  accent: '#ffb400',
  logo: await readFile('tests/fixtures/minimal/accounts/alpha/logo.svg'),
  dir: 'ltr',
});

test('a card is a 1200x630 PNG in the brand colour, rendered once and then served from the cache', async () => {
  const cache = cardCache(await mkdtemp(path.join(tmpdir(), 'tailor-cards-')));
  const png = await cachedCard(cache, await input('Alphaworks <Fixture> & Co'), 'alpha');
  const meta = await sharp(png).metadata();
  assert.equal(meta.format, 'png');
  assert.equal(meta.width, 1200);
  assert.equal(meta.height, 630);
  const { data } = await sharp(png).extract({ left: 1150, top: 10, width: 1, height: 1 }).raw().toBuffer({ resolveWithObject: true });
  assert.deepEqual([...data].slice(0, 3), [0x0b, 0x5f, 0xff], 'background is the brand colour');

  const again = await cachedCard(cache, await input('Alphaworks <Fixture> & Co'), 'alpha');
  assert.ok(again.equals(png));
  await cachedCard(cache, await input('Another name'), 'other');
  assert.deepEqual(cache.stats, { rendered: 2, cached: 1 });
  assert.equal((await readdir(cache.dir)).filter((f) => f.endsWith('.png')).length, 2);
});
