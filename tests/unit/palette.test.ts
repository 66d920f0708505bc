import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contrast, NEUTRAL, paletteFor } from '../../src/lib/palette.ts';

test('contrast matches the WCAG reference values', () => {
  assert.equal(contrast('#000000', '#ffffff').toFixed(2), '21.00');
  assert.equal(contrast('#777777', '#ffffff').toFixed(2), '4.48');
  assert.equal(contrast('#0b5fff', '#0b5fff'), 1);
});

test('a dark brand colour gets white text and is used for links', () => {
  const { palette, warning } = paletteFor({ primary: '#003366' });
  assert.equal(warning, undefined);
  assert.deepEqual(palette, { primary: '#003366', onPrimary: '#ffffff', accent: '#003366', link: '#003366', fellBack: false });
});

test('a pale brand colour gets black text and a neutral link colour', () => {
  const { palette, warning } = paletteFor({ primary: '#f5f5a0', accent: '#ffb400' });
  assert.equal(warning, undefined);
  assert.equal(palette.onPrimary, '#000000');
  assert.equal(palette.link, NEUTRAL.link);
  assert.equal(palette.accent, '#ffb400');
});

test('an unreadable author-chosen text colour falls back to the neutral palette with a warning', () => {
  const { palette, warning } = paletteFor({ primary: '#f5f5a0', text: '#ffffff' });
  assert.equal(palette.fellBack, true);
  assert.equal(palette.primary, NEUTRAL.primary);
  assert.match(warning ?? '', /contrast 1\.\d\d:1 \(needs 4\.5:1\)/);
});
