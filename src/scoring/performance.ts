/**
 * Content performance across accounts: per piece, page views, the people and the accounts who
 * viewed it, and engaged seconds. From the assembled accounts (account.ts), plus each account's
 * privacy-protected bucket, whose views count as views but not as people.
 */
import type { AccountState } from './buckets.ts';
import type { AccountScore, PiecePerformance } from './types.ts';

export function contentPerformance(accounts: AccountScore[], states: Map<string, AccountState>): PiecePerformance[] {
  const perf = new Map<string, PiecePerformance>();
  const get = (piece: string) => {
    let p = perf.get(piece);
    if (!p) perf.set(piece, (p = { piece, views: 0, people: 0, accounts: 0, engagedSeconds: 0 }));
    return p;
  };
  const inAccount = new Set<string>();
  const byPerson = new Set<string>();
  for (const a of accounts) {
    inAccount.clear();
    for (const person of a.people) {
      byPerson.clear();
      for (const c of person.contributions) {
        if (!c.piece || c.event !== 'page_view') continue;
        get(c.piece).views += c.count;
        byPerson.add(c.piece);
      }
      for (const piece of byPerson) (get(piece).people += 1), inAccount.add(piece);
    }
    for (const byPiece of Object.values(a.grid)) for (const [piece, cell] of Object.entries(byPiece)) get(piece).engagedSeconds += cell.seconds;
    // Privacy-protected views count as views, not as people.
    for (const c of states.get(a.account.id)!.privacy.contributions.values()) if (c.piece && c.event === 'page_view') (get(c.piece).views += c.count), inAccount.add(c.piece);
    for (const piece of inAccount) get(piece).accounts += 1;
  }
  return [...perf.values()].sort((a, b) => b.views - a.views || a.piece.localeCompare(b.piece));
}
