/**
 * The plan page's island (vanilla TS, no framework; budget 4 KB gzipped, checked by
 * tests/unit/plan-island.test.ts over the built page). The page is complete without it. On a
 * personal link of this account it shows what the account's people sent (GET /tailor/plan) under
 * each step, and offers the three actions (POST /tailor/plan): mark a step done, propose another
 * date, comment. Under Global Privacy Control or Do Not Track the page does not know who the
 * visitor is, so it says why it offers nothing. Words come from the page (data attributes);
 * text is only ever set as text. Wire format: planUpdateRequestSchema in src/events/planUpdate.ts.
 */
import type { PlanStateResponse, PlanUpdateRequest } from '../events/planUpdate.ts';

const d = document;
const root = d.getElementById('plan-work');
if (root) {
  const words = root.dataset as Record<string, string>;
  const n = navigator as Navigator & { globalPrivacyControl?: boolean };
  const priv = n.globalPrivacyControl || n.doNotTrack == '1';
  // The token of the link this page was opened with (the snippet takes it out of the address bar
  // and, unless private, keeps it), else the one kept.
  const nav = performance.getEntriesByType('navigation')[0];
  let k: string | null = null;
  try {
    k = new URL(nav ? nav.name : location.href).searchParams.get('t') || (priv ? null : localStorage.getItem('tailor.k'));
  } catch {
    // storage blocked: no token
  }
  // A token is `base64url("account:stakeholder").mac`: only this account's counts here.
  const accountOf = (token: string) => {
    try {
      return atob(token.split('.')[0]!.replace(/-/g, '+').replace(/_/g, '/')).split(':')[0];
    } catch {
      return '';
    }
  };
  const lang = d.documentElement.lang;
  const day = (date: Date) => new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
  const show = (el: Element | null) => el && ((el as HTMLElement).hidden = false);

  if (k && accountOf(k) === words.a) {
    const token = k;
    if (priv) show(root.querySelector('.privacy'));
    else {
      show(root.querySelector('.note'));
      const load = async () => {
        const response = await fetch(words.u!, { headers: { authorization: `Bearer ${token}` } });
        if (!response.ok) return;
        const state = (await response.json()) as PlanStateResponse;
        const lists = d.querySelectorAll<HTMLElement>('.updates');
        lists.forEach((list) => ((list.hidden = true), list.querySelector('ul')!.replaceChildren()));
        for (const u of state.updates) {
          const list = lists[u.step];
          if (!list) continue;
          const item = d.createElement('li');
          const value = u.kind == 'date' && u.value ? day(new Date(u.value + 'T00:00:00Z')) : u.value;
          item.textContent = `${words[u.kind]}${value ? `: ${value}` : ''} · ${day(new Date(u.at))}${u.mine ? ` ${words.you}` : ''}`;
          item.className = u.kind;
          list.querySelector('ul')!.append(item);
          list.hidden = false;
          if (u.kind == 'done') list.closest('li')?.classList.add('marked-done');
        }
      };
      // Three small forms a step (done, date, comment), so that Enter in one field sends that field only.
      d.querySelectorAll<HTMLElement>('div.work').forEach((work) => {
        work.hidden = false;
        const output = work.querySelector('output')!;
        work.querySelectorAll('form').forEach((form) =>
          form.addEventListener('submit', async (e) => {
            e.preventDefault();
            const kind = form.dataset.kind as PlanUpdateRequest['kind'];
            const field = form.querySelector<HTMLInputElement | HTMLTextAreaElement>('input, textarea');
            const value = field?.value.trim();
            if (field && !value) return field.focus();
            const body = { k: token, id: crypto.randomUUID(), step: Number(work.dataset.step), kind, ...(field ? { value } : {}) } as PlanUpdateRequest;
            let ok = false;
            try {
              ok = (await fetch(words.u!, { method: 'POST', body: JSON.stringify(body) })).ok;
            } catch {
              // offline: said below
            }
            output.textContent = ok ? words.sent! : words.failed!;
            if (ok) {
              if (field) field.value = '';
              await load();
            }
          }),
        );
      });
      void load().catch(() => {});
    }
  }
}
