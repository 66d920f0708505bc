/** Deterministic pseudo-random numbers (mulberry32): the same seed gives the same simulation or benchmark data. */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] as T,
    /** A random id like the snippet's visitor and event ids (20 characters). */
    id: () => {
      let s = '';
      for (let i = 0; i < 20; i++) s += ALPHABET[Math.floor(next() * 36)];
      return s;
    },
  };
}
export type SeededRandom = ReturnType<typeof seededRandom>;
