import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assembleTrack, firstStep, neighbours, type TrackPieceInput } from '../../src/lib/track.ts';
import type { BuyingStage, Industry } from '../../src/schemas/vocabulary.ts';

const piece = (
  id: string,
  data: Partial<TrackPieceInput['data']> & { stages?: BuyingStage[]; industries?: Industry[] },
): TrackPieceInput => ({ id, data: { title: id, order: 100, lang: 'en', personas: ['cfo'], stages: ['awareness'], ...data } });

const pieces = [
  piece('roi', { stages: ['evaluation'] }),
  piece('case', { stages: ['consideration', 'awareness'] }),
  piece('intro', { stages: ['awareness'], order: 1 }),
  piece('telecom-only', { stages: ['consideration'], industries: ['telecom'] }),
  piece('cto-only', { personas: ['cto'] }),
  { id: 'fi/case', data: { title: 'Tapaus', order: 100, lang: 'fi', translationOf: 'case' } },
];

test('a track keeps the persona’s pieces, ordered by earliest stage then order then title', () => {
  const track = assembleTrack({ industry: 'chemicals', language: 'en' }, 'cfo', pieces);
  assert.deepEqual(track.map((s) => s.pieceId), ['intro', 'case', 'roi']);
  assert.deepEqual(track.map((s) => s.stage), ['awareness', 'awareness', 'evaluation']);
});

test('industry filters include a piece only for matching accounts', () => {
  const telecom = assembleTrack({ industry: 'telecom', language: 'en' }, 'cfo', pieces);
  assert.deepEqual(telecom.map((s) => s.pieceId), ['intro', 'case', 'telecom-only', 'roi']);
});

test('"start here" marks the first step of the path, and only it', () => {
  const track = assembleTrack({ industry: 'telecom', language: 'en' }, 'cfo', pieces);
  assert.deepEqual(track.map((s) => s.startHere), [true, false, false, false]);
  assert.equal(firstStep(track)?.pieceId, 'intro');
  assert.equal(firstStep([]), undefined);
});

test('untranslated pieces: marked in place by default, left out when the account hides them', () => {
  const marked = assembleTrack({ industry: 'ngo', language: 'fi' }, 'cfo', pieces);
  assert.deepEqual(marked.map((s) => [s.pieceId, s.piece.data.lang]), [['intro', 'en'], ['case', 'fi'], ['roi', 'en']]);
  const hidden = assembleTrack({ industry: 'ngo', language: 'fi', untranslated: 'hide' }, 'cfo', pieces);
  assert.deepEqual(hidden.map((s) => [s.pieceId, s.piece.data.lang, s.startHere]), [['case', 'fi', true]]);
  // A piece written in the account's language needs no translation.
  const english = assembleTrack({ industry: 'ngo', language: 'en', untranslated: 'hide' }, 'cfo', pieces);
  assert.deepEqual(english.map((s) => s.pieceId), ['intro', 'case', 'roi']);
});

test('a translation in the account’s language replaces the original, keeping its URL id', () => {
  const track = assembleTrack({ industry: 'ngo', language: 'fi' }, 'cfo', pieces);
  const step = track.find((s) => s.pieceId === 'case');
  assert.equal(step?.piece.id, 'fi/case');
  assert.equal(step?.piece.data.title, 'Tapaus');
  assert.equal(track.length, 3, 'translations never appear as pieces of their own');
});

test('neighbours gives previous and next steps', () => {
  const track = assembleTrack({ industry: 'ngo', language: 'en' }, 'cfo', pieces);
  const mid = neighbours(track, 'case');
  assert.equal(mid.previous?.pieceId, 'intro');
  assert.equal(mid.next?.pieceId, 'roi');
  assert.equal(neighbours(track, 'intro').previous, undefined);
  assert.equal(neighbours(track, 'roi').next, undefined);
});
