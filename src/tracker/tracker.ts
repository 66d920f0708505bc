/**
 * The tracking snippet every microsite page runs (one hashed file, at most 1,000 bytes gzipped: a test
 * checks). It reads the page's context from its own `<script data-*>` attributes, batches events
 * and sends them with sendBeacon as text/plain (no CORS preflight), falling back to fetch
 * keepalive. No cookies. Under Global Privacy Control or Do Not Track it sends account-level
 * events only: no visitor, session or stakeholder id. The referrer's host is sent for the
 * collector to classify; only the class is stored. Wire format: `beaconSchema` in
 * src/events/schema.ts (short keys and type codes keep the snippet small).
 */
const d = document;
const w = window;
const n = navigator as Navigator & { globalPrivacyControl?: boolean };
const loc = location;
// data-u: where beacons go (the layout always sets it).
const { a, p, c, u } = (d.currentScript as HTMLScriptElement).dataset as { a: string; p?: string; c?: string; u: string };
const priv = n.globalPrivacyControl || n.doNotTrack == '1';
// Microsites are served over HTTPS (or localhost): secure contexts, where randomUUID exists.
const rid = () => crypto.randomUUID();
/** Reads (or, with `make`, creates) a stored id; storage may be blocked, then nothing is kept. */
const keep = (st: string, k: string, v?: string | null | 0 | false, make?: () => string) => {
  try {
    const s: Storage = (w as any)[st];
    if ((v ||= s.getItem(k) || make?.())) s.setItem(k, v);
    return v;
  } catch {
    return;
  }
};

// A personal link carries ?t=<token>: remember it (unless private) and take it out of the URL.
const url = new URL(loc.href);
const q = url.searchParams;
const t = q.get('t');
if (t) q.delete('t'), history.replaceState(0, '', url);
const ctx = {
  a,
  p,
  c,
  path: loc.pathname,
  v: priv ? 0 : keep('localStorage', 'tailor.v', 0, rid),
  s: priv ? 0 : keep('sessionStorage', 'tailor.s', 0, rid),
  k: priv ? 0 : keep('localStorage', 'tailor.k', t),
  r: d.referrer && new URL(d.referrer).hostname,
  // The campaign the session came in by (utm_source|utm_medium|utm_campaign), kept for its pages:
  // a campaign name, not a person, so kept under Global Privacy Control too.
  g: ((g) => keep('sessionStorage', 'tailor.g', g != '||' && g))(['source', 'medium', 'campaign'].map((k) => q.get('utm_' + k) || '').join('|')),
};

let queue: object[] = [];
let timer: any;
const send = () => {
  clearTimeout(timer);
  timer = 0;
  if (!queue.length) return;
  const body = JSON.stringify({ ...ctx, e: queue }, (_, v) => v || undefined);
  queue = [];
  n.sendBeacon(u, body) || fetch(u, { method: 'POST', body, keepalive: true });
};
/** Records an event: y is the type code, x a number, l a label. */
const ev = (y: string, x?: number, l?: string) => {
  queue.push({ id: rid(), y, t: Date.now(), x, l });
  queue.length > 19 ? send() : (timer ||= setTimeout(send, 2e3));
};
const on = (target: EventTarget, type: string, f: (e: any) => any) => target.addEventListener(type, f, true);

ev('pv');

// Engaged time counts only while the page is visible; it is sent when the page is hidden or left.
let shown = d.hidden ? 0 : Date.now();
let ms = 0;
const leave = () => {
  if (shown) ms += Date.now() - shown;
  shown = 0;
  const sec = Math.round(ms / 1e3);
  if (sec) ev('et', sec), (ms -= sec * 1e3);
  send();
};
on(d, 'visibilitychange', () => (d.hidden ? leave() : (shown = Date.now())));
on(w, 'pagehide', leave);

let depth = 0;
const scrolled = () => {
  const pct = ((w.scrollY + w.innerHeight) / d.documentElement.scrollHeight) * 100;
  while (depth < 4 && pct >= (depth + 1) * 25 - 1) ev('sc', ++depth * 25);
};
on(w, 'scroll', scrolled);
scrolled();

on(d, 'click', (e) => {
  const l = e.target.closest('a,[data-cta]');
  const kind = l?.dataset.cta;
  if (kind) ev(kind == 'download' ? 'dl' : 'cta', 0, kind);
  else if (l?.hasAttribute('download')) ev('dl', 0, l.pathname);
  else if (l?.host && l.host != loc.host) ev('out', 0, l.hostname);
  else return;
  send();
});
// No form_submit listener: pieces cannot contain forms (safe MDX) and the calculator's form is
// not a submission; the type stays in the schema for forms a future component may bring.

let calc: any;
on(d, 'tailor:roi', (e) => {
  clearTimeout(calc);
  calc = setTimeout(() => ev('calc', Math.round(e.detail.roiPercent)), 1500);
});
