/** Names: people's names in the order their culture writes them, and comparing names. */

/** Languages whose names are written family name first. */
const FAMILY_NAME_FIRST = new Set(['vi', 'zh', 'ja', 'ko', 'hu']);
const VIETNAMESE_FAMILY_NAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const nameKey = (word: string) => word.normalize('NFC').toLocaleLowerCase('vi');
/** Without diacritics too ("Nguyen"), for checks where the context is already Vietnamese. */
const foldedKey = (word: string) => nameKey(word).normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd');
const VIETNAMESE_KEYS = new Set(VIETNAMESE_FAMILY_NAMES.map(nameKey));
const VIETNAMESE_FOLDED_KEYS = new Set(VIETNAMESE_FAMILY_NAMES.map(foldedKey));
const firstWord = (text: string) => text.split(/\s+/)[0] ?? '';

/**
 * A person's full name from the CRM's first and last name columns. Family-name-first cultures get
 * the last name (the family name) first, decided by the account's locale when it is known; when it
 * is not, a last name spelled as a common Vietnamese family name decides.
 */
export function personName(first: string, last: string, locale: string | undefined): string {
  if (!first || !last) return first || last;
  let familyFirst: boolean;
  try {
    familyFirst = locale ? FAMILY_NAME_FIRST.has(new Intl.Locale(locale).language) : VIETNAMESE_KEYS.has(nameKey(last));
  } catch {
    familyFirst = false;
  }
  // Exports often hold Vietnamese names already in order, split at the given name ("Nguyễn Thị" + "Hương").
  const alreadyInOrder = VIETNAMESE_FOLDED_KEYS.has(foldedKey(firstWord(first))) && !VIETNAMESE_FOLDED_KEYS.has(foldedKey(last));
  return familyFirst && !alreadyInOrder ? `${last} ${first}` : `${first} ${last}`;
}

/** The same words in any order: a name whose order someone corrected by hand. */
export const sameWords = (a: string, b: string) => {
  const words = (name: string) => nameKey(name).split(/\s+/).filter(Boolean).sort().join(' ');
  return words(a) === words(b);
};
