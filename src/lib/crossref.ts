/**
 * Cross-reference checks the schemas cannot do alone (ids that point into another collection),
 * with messages that name the file, the field and the bad value. Pure.
 */

export interface Problem {
  /** File relative to the project root, e.g. `accounts/nordlake.yaml`. */
  file: string;
  /** Field path, e.g. `buyingCommittee[2].persona`, or the element in a piece's body, e.g. `<Account field="name">`. */
  field: string;
  message: string;
  /** Line and column in the file, for problems in a piece's body. */
  line?: number | undefined;
  column?: number | undefined;
}

export function formatProblem(p: Problem): string {
  const at = p.line !== undefined ? `:${p.line}:${p.column ?? 1}` : '';
  return `${p.file}${at}: ${p.field ? `${p.field}: ` : ''}${p.message}`;
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] as number;
}

/** The closest known id to `value`, if it is close enough to be a typo. */
export function suggest(value: string, known: Iterable<string>): string | undefined {
  const needle = value.trim().toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = editDistance(needle, candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

function unknownId(kind: string, value: string, known: Set<string>): string {
  const hint = suggest(value, known);
  return `unknown ${kind} "${value}"` + (hint ? ` (did you mean "${hint}"?)` : ` (known: ${[...known].sort().join(', ') || 'none'})`);
}

export interface CrossRefInput {
  accounts: { id: string; file: string; data: { buyingCommittee: { persona: string }[]; proposition: { byPersona: Record<string, string> } } }[];
  personas: { id: string; file?: string | undefined }[];
  pieces: { id: string; file: string; data: { personas?: string[] | undefined; translationOf?: string | undefined; lang: string } }[];
  proofs?: { file: string; data: { personas?: string[] | undefined } }[] | undefined;
}

/** Path segments under an account that are pages of their own: no persona may take them. */
export const RESERVED_PERSONA_IDS = new Set(['plan', 'og.png']);

/** Every broken reference between accounts, personas and pieces. */
export function checkCrossReferences(input: CrossRefInput): Problem[] {
  const problems: Problem[] = [];
  const personaIds = new Set(input.personas.map((p) => p.id));
  for (const persona of input.personas) {
    if (persona.file && RESERVED_PERSONA_IDS.has(persona.id)) {
      problems.push({ file: persona.file, field: '(file name)', message: `"${persona.id}" is the address of another page of every microsite (/<account>/${persona.id}/); rename the persona file` });
    }
  }
  for (const proof of input.proofs ?? []) {
    proof.data.personas?.forEach((persona, i) => {
      if (!personaIds.has(persona)) problems.push({ file: proof.file, field: `personas[${i}]`, message: unknownId('persona', persona, personaIds) });
    });
  }
  for (const account of input.accounts) {
    account.data.buyingCommittee.forEach((s, i) => {
      if (!personaIds.has(s.persona)) {
        problems.push({ file: account.file, field: `buyingCommittee[${i}].persona`, message: unknownId('persona', s.persona, personaIds) });
      }
    });
    for (const key of Object.keys(account.data.proposition.byPersona)) {
      if (!personaIds.has(key)) {
        problems.push({ file: account.file, field: `proposition.byPersona.${key}`, message: unknownId('persona', key, personaIds) });
      }
    }
  }
  const originals = new Map(input.pieces.filter((p) => !p.data.translationOf).map((p) => [p.id, p]));
  const seenTranslations = new Map<string, string>();
  for (const piece of input.pieces) {
    piece.data.personas?.forEach((persona, i) => {
      if (!personaIds.has(persona)) {
        problems.push({ file: piece.file, field: `personas[${i}]`, message: unknownId('persona', persona, personaIds) });
      }
    });
    const original = piece.data.translationOf;
    if (original !== undefined) {
      if (!originals.has(original)) {
        problems.push({ file: piece.file, field: 'translationOf', message: unknownId('piece', original, new Set(originals.keys())) });
      }
      const key = `${original}/${piece.data.lang}`;
      const other = seenTranslations.get(key);
      if (other) problems.push({ file: piece.file, field: 'lang', message: `"${original}" already has a "${piece.data.lang}" translation in ${other}` });
      seenTranslations.set(key, piece.file);
    }
  }
  return problems;
}

/** Account URL segments: every account needs its own, and none may shadow the site's own files. */
export function checkAccountPaths(accounts: { id: string; file: string; segment: string }[]): Problem[] {
  const reserved = new Set(['_astro', 'robots.txt', 'favicon.svg', 'tailor', '404']);
  const problems: Problem[] = [];
  const seen = new Map<string, string>();
  for (const a of accounts) {
    if (reserved.has(a.segment)) problems.push({ file: a.file, field: 'url.slug', message: `"${a.segment}" is reserved; pick another slug` });
    const other = seen.get(a.segment);
    if (other) problems.push({ file: a.file, field: 'url.slug', message: `URL "/${a.segment}/" is already used by ${other}` });
    seen.set(a.segment, a.file);
  }
  return problems;
}

/** The account's URL segment: the readable slug, plus the random suffix when it has one. */
export function accountSegment(id: string, url: { slug?: string | undefined; suffix?: string | undefined }): string {
  const slug = url.slug ?? id;
  return url.suffix ? `${slug}-${url.suffix}` : slug;
}

/**
 * File names are ids (URLs, tokens, the log): they must already be in id form, because Astro's
 * loader would otherwise rewrite them (lowercase, slugs) and the command-line tools would not.
 */
export function checkFileIds(files: { file: string; id: string }[]): Problem[] {
  const valid = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
  return files
    .filter(({ id }) => !id.split('/').every((part) => valid.test(part)))
    .map(({ file, id }) => ({ file, field: '(file name)', message: `"${id}" is not a usable id: rename the file to lowercase letters, digits and single hyphens, e.g. "${id.toLowerCase().replace(/[^a-z0-9/]+/g, '-').replace(/^-|-$/g, '')}"` }));
}
