/**
 * Brand palette with guaranteed readable text (WCAG 2.x contrast). Pure: no I/O.
 */

/** WCAG AA for normal text. */
export const MIN_TEXT_CONTRAST = 4.5;

/** The neutral palette used when a brand colour cannot carry readable text. */
export const NEUTRAL = { primary: '#1f2937', onPrimary: '#ffffff', accent: '#374151', link: '#1f4e9c' } as const;

export interface Palette {
  /** Background of the header band and buttons. */
  primary: string;
  /** Text on `primary`. */
  onPrimary: string;
  /** Accent colour for rules and tile borders (decorative; no text on it). */
  accent: string;
  /** Link and heading colour on the white page. */
  link: string;
  /** True when the brand colours were replaced because text on them would be unreadable. */
  fellBack: boolean;
}

function channel(c: number): number {
  const s = c / 255;
  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

/** Relative luminance of a `#rrggbb` colour. */
export function luminance(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16);
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

/** Contrast ratio between two `#rrggbb` colours, from 1 to 21. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * Picks readable text for the brand colour, or falls back to the neutral palette.
 * Returns the palette and, when it fell back, a warning for the author.
 */
export function paletteFor(brand: { primary: string; accent?: string | undefined; text?: string | undefined }): {
  palette: Palette;
  warning?: string;
} {
  const primary = brand.primary;
  const accent = brand.accent ?? primary;
  const onWhite = contrast(primary, '#ffffff');
  // Black or white always reaches 4.58:1 on some side; an author-chosen text colour may not.
  const onPrimary = brand.text ?? (onWhite >= contrast(primary, '#000000') ? '#ffffff' : '#000000');
  const textContrast = contrast(primary, onPrimary);
  if (textContrast < MIN_TEXT_CONTRAST) {
    return {
      palette: { ...NEUTRAL, fellBack: true },
      warning:
        `text ${onPrimary} on ${primary} has contrast ${textContrast.toFixed(2)}:1 (needs ${MIN_TEXT_CONTRAST}:1); ` +
        `using the neutral palette. Pick a darker brand.primary or remove brand.text to choose black or white automatically.`,
    };
  }
  // Links sit on white: use the brand colour only where it is readable there.
  const link = onWhite >= MIN_TEXT_CONTRAST ? primary : NEUTRAL.link;
  return { palette: { primary, onPrimary, accent, link, fellBack: false } };
}
