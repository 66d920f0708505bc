/**
 * The plan's calendar files (src/lib/planCalendar.ts), read back with a real iCalendar parser
 * (ical.js): valid RFC 5545 text (CRLF, lines folded at 75 octets, escaping), one all-day event per
 * step on its due date, stable UIDs, DTSTAMP as given (never the clock), the account's words.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import { planCalendar, stepUid, type PlanCalendar } from '../../src/lib/planCalendar.ts';

const plan: PlanCalendar = {
  account: 'tirajeh',
  domain: 'tirajehpetro.ir',
  title: 'برنامه مشترک ما برای خودکارسازی گزارش شیفت و مجوز کار',
  locale: 'fa-IR',
  stamp: new Date('2026-11-20T08:30:00Z'),
  url: 'https://abm.example.com/tirajeh-mx9l02w3k8hj/plan/',
  labels: { yourSide: 'از طرف شما', ourSide: 'از طرف ما', status: 'وضعیت' },
  steps: [
    { n: 1, title: 'کارگاه شناخت وضعیت موجود', due: new Date('2026-09-20'), status: 'انجام شد', buyers: ['سرپرست شیفت تولید'], sellers: ['داریوش فراهانی،‏ مدیر حساب‌های کلیدی'] },
    {
      n: 2,
      title: 'Review; security, HSE \\ and "access"',
      detail: 'بررسی کنترل دسترسی، سوابق ممیزی و انطباق مجوزهای کار الکترونیکی با دستورالعمل‌های HSE شرکت، با جزئیات کامل برای هر دو طرف.\nA second line.',
      due: new Date('2026-12-22'),
      status: 'برنامه‌ریزی شده',
      buyers: ['مدیر فناوری اطلاعات و اتوماسیون'],
      sellers: [],
    },
  ],
};

const events = (text: string) => new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));

test('the whole plan: one all-day event per step on its due date, in the account’s words, with stable UIDs', () => {
  const text = planCalendar(plan);
  const calendar = new ICAL.Component(ICAL.parse(text));
  assert.equal(calendar.getFirstPropertyValue('version'), '2.0');
  assert.match(String(calendar.getFirstPropertyValue('prodid')), /\/\/FA$/);
  const parsed = events(text);
  assert.deepEqual(
    parsed.map((e) => ({ uid: e.uid, summary: e.summary, start: e.startDate.toString(), allDay: e.startDate.isDate, end: e.endDate.toString() })),
    [
      { uid: 'tailor-plan-tirajeh-1@tirajehpetro.ir', summary: 'کارگاه شناخت وضعیت موجود', start: '2026-09-20', allDay: true, end: '2026-09-21' },
      { uid: 'tailor-plan-tirajeh-2@tirajehpetro.ir', summary: 'Review; security, HSE \\ and "access"', start: '2026-12-22', allDay: true, end: '2026-12-23' },
    ],
  );
  // Escaping and folding round-trip: the description comes back as written.
  assert.equal(parsed[1]!.description, `${plan.steps[1]!.detail}\nوضعیت: برنامه‌ریزی شده\nاز طرف شما: مدیر فناوری اطلاعات و اتوماسیون\n${plan.url}`);
  assert.match(parsed[0]!.description, /از طرف ما: داریوش فراهانی/);
  for (const e of parsed) assert.equal(e.component.getFirstPropertyValue('dtstamp')!.toString(), '2026-11-20T08:30:00Z');
  assert.equal(stepUid('tirajeh', 2, 'tirajehpetro.ir'), parsed[1]!.uid);
});

test('RFC 5545 lines: CRLF only, at most 75 octets each, continuation lines start with a space; the same plan gives the same bytes', () => {
  const text = planCalendar(plan);
  assert.ok(text.endsWith('\r\n') || text.endsWith('END:VCALENDAR'));
  assert.doesNotMatch(text.replace(/\r\n/g, ''), /[\r\n]/, 'no bare CR or LF');
  const lines = text.split('\r\n');
  const longest = Math.max(...lines.map((l) => Buffer.byteLength(l, 'utf8')));
  assert.ok(longest <= 75, `a line of ${longest} octets`);
  assert.ok(lines.some((l) => l.startsWith(' ')), 'long Persian text is folded');
  // Folding never splits a character: every line is valid UTF-8 on its own.
  for (const l of lines) assert.equal(Buffer.from(Buffer.from(l, 'utf8').toString('utf8'), 'utf8').length, Buffer.byteLength(l));
  assert.equal(planCalendar(plan), text);
  assert.equal(planCalendar({ ...plan, stamp: new Date('2026-11-21T00:00:00Z') }).includes('DTSTAMP:20261121T000000Z'), true);
});

test('one step’s file holds that step only, with the same UID as in the whole plan', () => {
  const one = events(planCalendar(plan, 2));
  assert.equal(one.length, 1);
  assert.equal(one[0]!.uid, 'tailor-plan-tirajeh-2@tirajehpetro.ir');
  assert.equal(one[0]!.summary, plan.steps[1]!.title);
});
