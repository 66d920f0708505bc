/**
 * A piece's MDX rendered once per build instead of once per page that shows it (it is on a page in
 * every account that has its persona: 200,000 piece pages at 10,000 accounts share 20 pieces).
 * Astro's render() is cheap but not free (it builds an error object on every call, for the case
 * the module fails to load): about 1 s per 1,000 accounts of a cold build. The Content component
 * is the same for every account; what differs per account comes from Astro.locals when it renders.
 * Keyed by the entry's content digest, so an edited piece in `astro dev` renders anew.
 */
import { render } from 'astro:content';
import type { PieceEntry } from './site.ts';

type Piece = PieceEntry;
const rendered = new Map<string, ReturnType<typeof render>>();

export function renderPiece(piece: Piece): ReturnType<typeof render> {
  const key = `${piece.id}\0${piece.digest ?? ''}`;
  let result = rendered.get(key);
  if (!result) {
    result = render(piece);
    // A failed render is not kept: the next page tries again (and reports its own error).
    result.catch(() => rendered.delete(key));
    rendered.set(key, result);
  }
  return result;
}
