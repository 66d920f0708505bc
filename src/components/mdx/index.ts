/**
 * The components a piece can use without importing them: everything an MDX piece may reach.
 * Pieces cannot import anything (see src/content/safeMdx.ts), so this map is the whole surface.
 */
import Account from './Account.astro';
import When from './When.astro';
import RoiCalculator from './RoiCalculator.astro';
import Video from './Video.astro';
import type { PieceComponentName } from './props.ts';

/** One entry per component in ./props.ts: the type check fails if the two lists differ. */
export const pieceComponents = { Account, When, RoiCalculator, Video } satisfies Record<PieceComponentName, unknown>;
