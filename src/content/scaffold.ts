/**
 * Scaffolding for `npm run new`: files with every field present and commented, valid as written,
 * so that the next build passes. Accounts and pieces start as drafts (`draft: true`, never
 * published) and their placeholder text is listed by `npm run check` until the author replaces
 * it; a file that is no longer a draft may not keep any. Pure text builders plus a writer that
 * never overwrites.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';

/** A URL-safe id from a display name: "Cơ khí Tường Vân" -> "co-khi-tuong-van". */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

export const randomSuffix = () => {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(12), (b) => alphabet[b % 36]).join('');
};

const q = (s: string) => stringify(s).trim();

/** Text the templates below write for the author to replace: found in a value, it is a placeholder. */
export const PLACEHOLDER_TEXT = [
  'Your Name',
  'you@example.com',
  'https://example.com/book-a-meeting',
  'Describe the first goal',
  'Describe a problem',
  'Say in one or two sentences',
  'Say what this persona gets',
  'Say our offer to this account in a few words',
  'Job title as the account uses it',
  'Say in one sentence what this persona gains',
  'Write the piece here',
] as const;
/** Values that are placeholders when they are the whole value. */
export const PLACEHOLDER_VALUES = ['example.com'] as const;
/** Marks the placeholder images the scaffold makes, so that check can tell them from real ones. */
export const PLACEHOLDER_IMAGE_MARK = 'tailor:placeholder';

/** Whether a content value is still scaffold placeholder text. */
export function isPlaceholder(value: string): boolean {
  return (PLACEHOLDER_VALUES as readonly string[]).includes(value.trim()) || PLACEHOLDER_TEXT.some((text) => value.includes(text));
}

/** Field paths (e.g. `owner.name`, `goals[0]`) whose values are still placeholders. */
export function placeholderFields(data: unknown, prefix = ''): string[] {
  if (typeof data === 'string') return isPlaceholder(data) ? [prefix || '(value)'] : [];
  if (Array.isArray(data)) return data.flatMap((item, i) => placeholderFields(item, `${prefix}[${i}]`));
  if (data && typeof data === 'object') {
    return Object.entries(data).flatMap(([key, value]) => placeholderFields(value, prefix ? `${prefix}.${key}` : key));
  }
  return [];
}

export function accountTemplate(name: string, id: string, persona: string): string {
  return `# Target account: ${name}. Reference of every field: docs/content.md.
# Check with \`npm run check\` (it lists the placeholders still to replace); preview with \`npm run dev\`.

# A draft is never built or published. When every placeholder is replaced, set this to false.
draft: true
# Display name of the company.
name: ${q(name)}
# How the landing page's headline names the company, "For ${name.split(/\s+/)[0]}: ..." (optional; default: name).
# shortName: ${q(name.split(/\s+/)[0] ?? name)}
# Main web domain, without https:// or a path.
domain: example.com
# One of: it-services, telecom, chemicals, engineering-construction, public-sector, ngo,
# manufacturing, financial-services, energy, healthcare, retail, logistics.
industry: it-services
# strategic, key or scale.
tier: key
# Language of the microsite (BCP 47): en-GB, fi-FI, vi-VN, fa-IR...
locale: en-GB
# Logo (SVG or PNG), relative to this file. A placeholder was made for you: replace it.
logo: ./${id}/logo.svg
brand:
  # Header band and buttons.
  primary: "#1f4e9c"
  # Rules and tile borders (optional).
  accent: "#f0b429"
  # Text colour on primary (optional; default: black or white, whichever reads better).
  # text: "#ffffff"
# Where the account is on its buying path: awareness, consideration, evaluation, decision.
stage: awareness
# The account's goals, in its language, as agreed in the planning workshop.
goals:
  - Describe the first goal the account has told you about.
# Known pains (optional).
pains:
  - Describe a problem the account is known to have.
proposition:
  # The offer in a few words, the landing page's headline after the account's name (optional,
  # at most 120 characters; default: the summary is the headline).
  # headline: Say our offer to this account in a few words.
  # Our proposition to this account, shown on the landing page.
  summary: Say in one or two sentences what we offer this account specifically.
  # What we promise each persona of the committee (optional, per persona id).
  byPersona:
    ${persona}: Say what this persona gets from us.
# The account owner on our side: every call to action leads here.
owner:
  name: Your Name
  title: Account Director
  email: you@example.com
  meetingUrl: https://example.com/book-a-meeting
# The buying committee. Names and e-mails are for personal links only and never shown on pages.
buyingCommittee:
  - id: ${persona}-1
    title: Job title as the account uses it
    # A persona id from content/personas/.
    persona: ${persona}
    # decision-maker, influencer or user.
    role: decision-maker
    # name: First Last
    # email: first.last@${id}.example
# The microsite's address: /<slug>-<suffix>/. Remove suffix for a readable URL.
url:
  slug: ${id}
  suffix: ${randomSuffix()}
# The account's figures for calculators (optional).
numbers:
  users: 100
  hourlyCost: 50
  currency: EUR
  # pricePerUser: 240
`;
}

export function personaTemplate(title: string): string {
  return `# Buying-committee persona: ${title}. Accounts and pieces refer to it by its file name.

# Display title.
title: ${q(title)}
# Usual part in the decision: decision-maker, influencer or user.
role: influencer
# What this persona cares about.
cares:
  - efficiency
# The metrics this persona is measured by.
metrics:
  - time to complete the core task
# The default message, shown at the top of the persona's track.
message: Say in one sentence what this persona gains.
# The same in other languages (optional): fi, vi, fa...
translations: {}
#  fi:
#    title: ...
#    message: ...
`;
}

export function pieceTemplate(title: string, id: string, persona: string): string {
  return `---
# Content piece: ${title}. Reference of every field: docs/content.md.
# A draft is in no published track. When every placeholder is replaced, set this to false.
draft: true
title: ${q(title)}
# case-study, white-paper, roi-calculator, research, technology-review, expert-statement,
# newsletter, webinar or presentation.
format: white-paper
# Persona ids whose tracks include this piece.
personas: [${persona}]
# Buying stages it serves (awareness, consideration, evaluation, decision); the earliest places it.
stages: [awareness]
# Only accounts of these industries get it (optional).
# industries: [telecom]
# Tie-breaker within a stage, lower first (optional).
order: 100
# Shown on the track and as the page description.
summary: Say in one or two sentences what the reader learns.
# Cover image relative to this file. A placeholder was made for you: replace it.
cover: ./covers/${id}.svg
coverAlt: ""
# The closing call to action: meeting, contact, calculator, download (needs href), register (needs href).
cta:
  label: Book a 30-minute conversation
  kind: meeting
---

## What this means for <Account field="name" />

Write the piece here in Markdown. Personalise with \`<Account field="..." />\`,
\`<When industry="..." tier="..." stage="...">...</When>\` and \`<RoiCalculator ... />\`
(see docs/content.md). Pieces cannot import anything or run code.
`;
}

export function placeholderLogo(name: string): string {
  const initials = name.split(/\s+/).map((w) => w[0] ?? '').join('').slice(0, 3).toUpperCase().replace(/[<>&"']/g, '');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 80" width="240" height="80"><!-- ${PLACEHOLDER_IMAGE_MARK} --><rect width="80" height="80" rx="14" fill="#1f4e9c"/><text x="40" y="52" text-anchor="middle" font-family="DejaVu Sans, sans-serif" font-size="30" font-weight="bold" fill="#fff">${initials}</text><text x="96" y="50" font-family="DejaVu Sans, sans-serif" font-size="20" fill="#1f4e9c">Logo</text></svg>\n`;
}

export const placeholderCover = () =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1200 630" width="1200" height="630"><!-- ${PLACEHOLDER_IMAGE_MARK} --><rect width="1200" height="630" fill="#e8edf5"/><circle cx="900" cy="315" r="220" fill="#c9d6ea"/><rect x="120" y="250" width="520" height="40" rx="8" fill="#9fb3d1"/><rect x="120" y="320" width="380" height="40" rx="8" fill="#b9c8df"/></svg>\n`;

/** Writes a file that must not exist yet. */
export async function createFile(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text, { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'EEXIST' ? new Error(`${file} already exists; pick another name or edit it`) : error;
  });
}

/** The first persona id in the repo, so that new files reference something real. */
export async function firstPersona(root: string): Promise<string> {
  const files = (await readdir(path.join(root, 'content/personas')).catch(() => [])).filter((f) => /\.ya?ml$/.test(f)).sort();
  if (files.length === 0) throw new Error('no personas yet: run `npm run new -- persona "Chief Financial Officer"` first');
  return files[0]!.replace(/\.ya?ml$/, '');
}
