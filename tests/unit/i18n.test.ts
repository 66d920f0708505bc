import { test } from 'node:test';
import assert from 'node:assert/strict';
import { directionOf, fallbackLangAttributes, langAttributes, languageNote, languageOf, listSeparator, pagerArrows, UI_LANGUAGES, uiStrings } from '../../src/lib/i18n.ts';

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

test('text in another language than its page gets a visible note, in the page’s language', () => {
  assert.equal(languageNote('en', 'fa-IR'), 'به انگلیسی');
  assert.equal(languageNote('en', 'fi-FI'), 'Kieli: englanti');
  assert.equal(languageNote('en', 'vi-VN'), 'Bằng tiếng Anh');
  assert.equal(languageNote('fi', 'en-GB'), 'In Finnish');
  // A page whose UI falls back to English says it in English.
  assert.equal(languageNote('fi', 'de-DE'), 'In Finnish');
  assert.equal(languageNote('fa', 'fa-IR'), undefined);
  assert.equal(languageNote('en', 'en-US'), undefined);
});

test('short lists use the language’s own separator', () => {
  assert.equal(listSeparator('en'), ', ');
  assert.match(listSeparator('fa'), /^،/);
});

test('the footer says what is measured and that a personal link is not anonymous, in every language', () => {
  const words: Record<string, { personal: RegExp; anonymous: RegExp }> = {
    en: { personal: /personal link/, anonymous: /anonymous/i },
    fi: { personal: /Henkilökohtaisesta linkistä/, anonymous: /anonyym/i },
    vi: { personal: /liên kết cá nhân/, anonymous: /ẩn danh/i },
    fa: { personal: /پیوند شخصی/, anonymous: /ناشناس/ },
  };
  for (const language of UI_LANGUAGES) {
    const text = uiStrings(language).measured('Kestrel Systems');
    assert.match(text, /Kestrel Systems/, language);
    assert.match(text, words[language]!.personal, language);
    assert.doesNotMatch(text, words[language]!.anonymous, language);
    assert.match(text, /Global Privacy Control/, language);
  }
});
