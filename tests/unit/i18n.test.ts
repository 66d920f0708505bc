import { test } from 'node:test';
import assert from 'node:assert/strict';
import { directionOf, languageOf, UI_LANGUAGES, uiStrings } from '../../src/lib/i18n.ts';

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
