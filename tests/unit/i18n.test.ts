import { test } from 'node:test';
import assert from 'node:assert/strict';
import { directionOf, fallbackLangAttributes, langAttributes, languageOf, pagerArrows, UI_LANGUAGES, uiStrings } from '../../src/lib/i18n.ts';

test('direction follows the language of the locale', () => {
  assert.equal(directionOf('fa-IR'), 'rtl');
  assert.equal(directionOf('fa'), 'rtl');
  assert.equal(directionOf('ar-EG'), 'rtl');
  assert.equal(directionOf('fi-FI'), 'ltr');
  assert.equal(directionOf('vi'), 'ltr');
  assert.equal(languageOf('vi-VN'), 'vi');
});

test('every UI language has its own strings; others fall back to English', () => {
  const seen = new Set(UI_LANGUAGES.map((l) => uiStrings(l).bookMeeting));
  assert.equal(seen.size, UI_LANGUAGES.length);
  assert.equal(uiStrings('fi-FI').bookMeeting, 'Varaa tapaaminen');
  assert.equal(uiStrings('de-DE').bookMeeting, uiStrings('en').bookMeeting);
});

test('text in another language than its surroundings gets its own lang and dir', () => {
  // An English fallback piece on a Persian page, and the Persian labels inside it.
  assert.deepEqual(langAttributes('en', 'fa-IR'), { lang: 'en', dir: 'ltr' });
  assert.deepEqual(langAttributes('fa-IR', 'en'), { lang: 'fa-IR', dir: 'rtl' });
  assert.deepEqual(langAttributes('en', 'fi-FI'), { lang: 'en', dir: 'ltr' });
  // The same language (whatever the region) inherits both.
  assert.deepEqual(langAttributes('fa', 'fa-IR'), {});
  assert.deepEqual(langAttributes('en', 'en-GB'), {});
});

test('untranslated text is marked as the default content language', () => {
  assert.deepEqual(fallbackLangAttributes(undefined, 'fa-IR'), { lang: 'en', dir: 'ltr' });
  assert.deepEqual(fallbackLangAttributes('', 'fa-IR'), { lang: 'en', dir: 'ltr' });
  assert.deepEqual(fallbackLangAttributes('مدیر مالی', 'fa-IR'), {});
  assert.deepEqual(fallbackLangAttributes(undefined, 'en-GB'), {});
});

test('pager arrows point outwards: mirrored in right-to-left pages', () => {
  assert.deepEqual(pagerArrows('ltr'), { previous: '←', next: '→' });
  assert.deepEqual(pagerArrows('rtl'), { previous: '→', next: '←' });
});
