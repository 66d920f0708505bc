/**
 * Generates a synthetic Tailor content set for the build benchmark: 5 personas, 20 MDX pieces
 * (4 per persona, one shared cover) and N accounts with a distinct logo each. Every account has a
 * buying committee of one stakeholder per persona, so it gets 1 landing + 5 track + 20 piece pages
 * = 26 pages and one social card. Deterministic: the same `accounts` and `seed` give the same files.
 *
 * Layout written under `root` (what TAILOR_CONTENT_ROOT expects):
 *   accounts/<id>.yaml, accounts/<id>/logo.svg
 *   content/personas/<id>.yaml
 *   content/pieces/<id>.mdx, content/pieces/covers/cover.svg
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { seededRandom } from '../src/lib/seededRandom.ts';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_CONTENT_ROOT = path.join(BENCH_DIR, 'out', 'content');

export const PAGES_PER_ACCOUNT = 26;

export interface GenerateOptions {
  /** Folder to write into; emptied first. Default bench/out/content. */
  root?: string;
  /** Number of accounts. Default 1000. */
  accounts?: number;
  /** PRNG seed. */
  seed?: number;
}

export interface GeneratedSet {
  root: string;
  accountIds: string[];
  personaIds: string[];
  pieceIds: string[];
  /** HTML pages the Tailor build should write: 26 per account plus the 404 page. */
  expectedPages: number;
}

const prng = (seed: number): (() => number) => seededRandom(seed).next;
const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;

// ---------------------------------------------------------------------------------------------
// Personas
// ---------------------------------------------------------------------------------------------

interface PersonaSpec {
  id: string;
  title: string;
  role: 'decision-maker' | 'influencer' | 'user';
  cares: string[];
  metrics: string[];
  message: string;
  translations: Record<string, { title: string; message: string }>;
  /** Title a stakeholder of this persona has in a generated account. */
  stakeholderTitle: string;
}

export const PERSONAS: readonly PersonaSpec[] = [
  {
    id: 'ceo',
    title: 'Chief Executive Officer',
    role: 'decision-maker',
    cares: ['growth and new markets', 'competitive position', 'speed of execution'],
    metrics: ['revenue growth', 'EBITDA margin', 'market share'],
    message: 'Grow without adding layers: turn the operational work that slows you down into automated, measurable processes.',
    translations: {
      fi: { title: 'Toimitusjohtaja', message: 'Kasvua ilman uusia hallinnon kerroksia.' },
      vi: { title: 'Tổng Giám đốc', message: 'Tăng trưởng mà không thêm tầng nấc quản lý.' },
      fa: { title: 'مدیرعامل', message: 'رشد بدون افزودن لایه‌های اداری.' },
    },
    stakeholderTitle: 'Chief Executive Officer',
  },
  {
    id: 'cfo',
    title: 'Chief Financial Officer',
    role: 'decision-maker',
    cares: ['profitability', 'savings', 'predictable costs'],
    metrics: ['EBIT margin', 'cost per transaction', 'payback period'],
    message: 'Profitability you can measure: every automated hour shows up in your numbers.',
    translations: {
      fi: { title: 'Talousjohtaja', message: 'Kannattavuutta, jonka voi mitata.' },
      vi: { title: 'Giám đốc Tài chính', message: 'Lợi nhuận có thể đo lường được.' },
      fa: { title: 'مدیر مالی', message: 'سودآوری قابل اندازه‌گیری.' },
    },
    stakeholderTitle: 'Chief Financial Officer',
  },
  {
    id: 'cto',
    title: 'Chief Technology Officer',
    role: 'influencer',
    cares: ['integration effort', 'security', 'maintainability'],
    metrics: ['systems retired', 'incident rate', 'time to integrate'],
    message: 'Connect what you have instead of replacing it: open APIs, your identity provider, your audit trail.',
    translations: {
      fi: { title: 'Teknologiajohtaja', message: 'Yhdistä olemassa olevat järjestelmät korvaamatta niitä.' },
      vi: { title: 'Giám đốc Công nghệ', message: 'Kết nối những gì bạn có thay vì thay thế chúng.' },
      fa: { title: 'مدیر فناوری', message: 'آنچه دارید را متصل کنید، نه جایگزین.' },
    },
    stakeholderTitle: 'Chief Technology Officer',
  },
  {
    id: 'head-of-sales',
    title: 'Head of Sales',
    role: 'influencer',
    cares: ['pipeline growth', 'win rate', 'forecast reliability'],
    metrics: ['pipeline value', 'win rate', 'sales cycle length'],
    message: 'More time selling, fewer surprises: link what sales promises to what operations delivers.',
    translations: {
      fi: { title: 'Myyntijohtaja', message: 'Enemmän aikaa myyntiin, vähemmän yllätyksiä.' },
      vi: { title: 'Giám đốc Kinh doanh', message: 'Nhiều thời gian bán hàng hơn, ít bất ngờ hơn.' },
      fa: { title: 'مدیر فروش', message: 'زمان بیشتر برای فروش، غافلگیری کمتر.' },
    },
    stakeholderTitle: 'Head of Sales',
  },
  {
    id: 'end-user',
    title: 'End user',
    role: 'user',
    cares: ['ease of use', 'fewer manual steps'],
    metrics: ['tasks per day', 'time per task'],
    message: 'Less clicking, more doing: capture data once and let the rules do the rest.',
    translations: {
      fi: { title: 'Käyttäjä', message: 'Vähemmän klikkailua, enemmän tekemistä.' },
      vi: { title: 'Người dùng', message: 'Ít thao tác hơn, làm được nhiều hơn.' },
      fa: { title: 'کاربر', message: 'کلیک کمتر، کار بیشتر.' },
    },
    stakeholderTitle: 'Operations Specialist',
  },
];

// ---------------------------------------------------------------------------------------------
// Pieces
// ---------------------------------------------------------------------------------------------

const STAGES = ['awareness', 'consideration', 'evaluation', 'decision'] as const;
const PIECE_FORMATS = ['case-study', 'white-paper', 'research', 'technology-review', 'expert-statement', 'newsletter', 'webinar', 'presentation'] as const;
const PIECE_TOPICS = ['manual work', 'approvals', 'forecasting', 'integration'] as const;

const SENTENCES = [
  'Most teams underestimate how much of their week goes into copying values from one screen to another.',
  'A shared view of what is waiting, for whom and for how long ends most status requests before they are sent.',
  'Rules can be automated; inbox habits cannot, so the first step is to write the rules down.',
  'The organisations that moved fastest started with one process, measured it for a month and then widened the scope.',
  'Every automated hand-off leaves a record, which turns an audit from a week of digging into an afternoon of reading.',
  'Finance sees the effect first: fewer corrections, fewer late approvals and a close that no longer slips.',
  'Integration does not mean replacing systems; it means letting the ones you trust exchange data without a person in between.',
  'A pilot of ninety days is long enough to show results and short enough to keep everyone focused.',
  'The numbers in this piece come from teams of between fifty and five thousand people across several industries.',
  'When people stop re-keying data, error rates fall and the time saved shows up in the next quarter.',
  'Good automation is boring: it does the same thing every time, and it tells you when it could not.',
  'The hardest part is rarely the technology; it is agreeing who owns each step once the step is automatic.',
  'We recommend starting where volume is high, rules are clear and the cost of a mistake is easy to measure.',
  'Dashboards help only when the data behind them is current, complete and trusted by the people who read them.',
  'A clear owner for every exception keeps automated processes from quietly turning into new queues.',
  'Security reviews go faster when single sign-on, role-based access and a full audit trail are there from day one.',
] as const;

export interface PieceSpec {
  id: string;
  persona: string;
  stage: (typeof STAGES)[number];
  title: string;
  format: (typeof PIECE_FORMATS)[number];
}

/** The 20 pieces: 4 per persona, one per buying stage. */
export function pieceSpecs(): PieceSpec[] {
  const specs: PieceSpec[] = [];
  PERSONAS.forEach((persona, p) => {
    STAGES.forEach((stage, s) => {
      const topic = PIECE_TOPICS[s] as string;
      specs.push({
        id: `${persona.id}-${stage}`,
        persona: persona.id,
        stage,
        title: `${persona.title}: ${topic} at the ${stage} stage`,
        format: PIECE_FORMATS[(p * 4 + s) % PIECE_FORMATS.length] as (typeof PIECE_FORMATS)[number],
      });
    });
  });
  return specs;
}

function paragraph(rand: () => number, n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(pick(rand, SENTENCES));
  return out.join(' ');
}

/** About 300 words of MDX: headings, paragraphs, a list, a quote, two `<Account>` and one `<When>`. */
function pieceBody(spec: PieceSpec, rand: () => number): string {
  return [
    `*Prepared for the team at <Account field="name" />.*`,
    '',
    `## Why ${spec.stage} matters`,
    '',
    paragraph(rand, 3),
    '',
    paragraph(rand, 3),
    '',
    '## What we see in practice',
    '',
    `- ${pick(rand, SENTENCES)}`,
    `- ${pick(rand, SENTENCES)}`,
    `- ${pick(rand, SENTENCES)}`,
    '',
    `> ${pick(rand, SENTENCES)}`,
    '',
    `## What this means for <Account field="name" />`,
    '',
    paragraph(rand, 3),
    '',
    '<When industry="telecom">',
    '',
    'For telecom operators the biggest gains are in order-to-activation and field service: every ticket that routes itself is a truck roll planned correctly the first time.',
    '',
    '</When>',
    '',
    paragraph(rand, 2),
    '',
  ].join('\n');
}

function pieceFile(spec: PieceSpec, index: number, rand: () => number): string {
  const ctaKinds = ['meeting', 'contact', 'download', 'register'] as const;
  const kind = ctaKinds[index % ctaKinds.length] as (typeof ctaKinds)[number];
  const cta: Record<string, string> = { label: kind === 'meeting' ? 'Book a 30-minute review' : kind === 'contact' ? 'Ask us a question' : kind === 'download' ? 'Download the full report' : 'Save your seat', kind };
  if (kind === 'download') cta.href = `https://kestrel.example/downloads/${spec.id}.pdf`;
  if (kind === 'register') cta.href = `https://kestrel.example/events/${spec.id}`;
  const front = {
    title: spec.title,
    format: spec.format,
    personas: [spec.persona],
    stages: [spec.stage],
    order: 10 + index,
    summary: `What ${spec.persona === 'end-user' ? 'your team' : 'a ' + (PERSONAS.find((p) => p.id === spec.persona)?.title ?? spec.persona)} should know about ${PIECE_TOPICS[STAGES.indexOf(spec.stage)]} at the ${spec.stage} stage.`,
    cover: './covers/cover.svg',
    coverAlt: 'Abstract shapes in blue',
    cta,
  };
  return `---\n${stringify(front).trimEnd()}\n---\n\n${pieceBody(spec, rand)}`;
}

const COVER_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1200 630" width="1200" height="630">' +
  '<rect width="1200" height="630" fill="#dde3f0"/><circle cx="420" cy="315" r="220" fill="#8899c8"/>' +
  '<rect x="640" y="140" width="380" height="350" rx="40" fill="#3b4f8f"/></svg>\n';

// ---------------------------------------------------------------------------------------------
// Accounts
// ---------------------------------------------------------------------------------------------

const INDUSTRIES = [
  'it-services', 'telecom', 'chemicals', 'engineering-construction', 'public-sector', 'ngo',
  'manufacturing', 'financial-services', 'energy', 'healthcare', 'retail', 'logistics',
] as const;
const TIERS = ['strategic', 'key', 'scale'] as const;
const NAME_A = ['Nord', 'Lumi', 'Kestr', 'Vala', 'Mer', 'Quill', 'Tira', 'Corv', 'Halo', 'Sol', 'Brio', 'Aster', 'Fjell', 'Riva', 'Oak', 'Zen'] as const;
const NAME_B = ['lake', 'vaara', 'stone', 'dell', 'fen', 'jeh', 'anne', 'wick', 'crest', 'field', 'port', 'haven', 'mark', 'gate'] as const;
const SUFFIX: Record<string, readonly string[]> = {
  en: ['Ltd', 'Group', 'plc', 'Inc.', 'Holdings'],
  fi: ['Oy', 'Oyj'],
  vi: ['JSC', 'Co., Ltd'],
  fa: ['Co.', 'Group'],
};
const OWNERS = [
  { name: 'Anna Virtanen', email: 'anna.virtanen@kestrel.example', slug: 'anna' },
  { name: 'Olivia Grant', email: 'olivia.grant@kestrel.example', slug: 'olivia' },
  { name: 'Minh Tran', email: 'minh.tran@kestrel.example', slug: 'minh' },
  { name: 'Dariush Farahani', email: 'dariush.farahani@kestrel.example', slug: 'dariush' },
] as const;
/** Brand colours dark enough for white text (>= 4.5:1), so no account falls back with a warning. */
const BRAND = ['#0b5fff', '#0b6e4f', '#7a1f5c', '#1f3a93', '#8a3b00', '#005f73', '#6a1b9a', '#b00020', '#2e5e1e', '#37474f'] as const;
const ACCENT = ['#ffb400', '#f4a300', '#00c2a8', '#ff6f61', '#9ccc65', '#4fc3f7'] as const;
const GOALS: Record<string, readonly string[]> = {
  en: ['Cut manual reporting time by half within a year', 'Close the books in three days instead of eight', 'Give every team one live view of open work'],
  fi: ['Puolittaa manuaalinen raportointi vuodessa', 'Kuukausisulku kolmessa päivässä', 'Yksi reaaliaikainen näkymä kaikille tiimeille'],
  vi: ['Giảm một nửa thời gian báo cáo thủ công', 'Khóa sổ trong ba ngày thay vì tám', 'Một góc nhìn trực tiếp cho mọi đội'],
  fa: ['کاهش نیمی از زمان گزارش‌دهی دستی در یک سال', 'بستن حساب‌ها در سه روز به‌جای هشت روز', 'یک نمای زنده برای همه تیم‌ها'],
};
const SUMMARY: Record<string, string> = {
  en: 'We automate the hand-offs between your teams so that work moves without re-keying and every step is measurable.',
  fi: 'Automatisoimme tiimienne väliset luovutukset, jotta työ etenee ilman uudelleensyöttöä ja jokainen vaihe on mitattavissa.',
  vi: 'Chúng tôi tự động hóa các bước chuyển giao giữa các đội để công việc trôi chảy mà không phải nhập lại dữ liệu.',
  fa: 'ما انتقال کار بین تیم‌های شما را خودکار می‌کنیم تا کار بدون ورود دوباره داده‌ها پیش برود.',
};
const LOCALES = ['en', 'en-GB', 'en-US', 'fi-FI', 'vi-VN', 'fa-IR'] as const;

function localeFor(rand: () => number): string {
  const r = rand();
  // Mostly English; about 10 % each Finnish, Vietnamese and Persian.
  if (r < 0.7) return pick(rand, LOCALES.slice(0, 3));
  if (r < 0.8) return 'fi-FI';
  if (r < 0.9) return 'vi-VN';
  return 'fa-IR';
}

const hex2 = (n: number) => n.toString(16).padStart(2, '0');

/** A small, distinct 240x80 logo: a coloured mark and the account's short name. */
function logoSvg(label: string, colour: string, index: number): string {
  const shape =
    index % 3 === 0 ? `<rect width="80" height="80" rx="${index % 20}" fill="${colour}"/>`
    : index % 3 === 1 ? `<circle cx="40" cy="40" r="38" fill="${colour}"/>`
    : `<path d="M40 2 L78 78 L2 78 Z" fill="${colour}"/>`;
  const esc = label.replace(/[<>&"']/g, '');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 80" width="240" height="80">${shape}` +
    `<text x="92" y="52" font-family="DejaVu Sans, sans-serif" font-size="30" font-weight="bold" fill="#222">${esc}</text></svg>\n`
  );
}

function accountDoc(index: number, id: string, rand: () => number): { doc: Record<string, unknown>; label: string; colour: string } {
  const locale = localeFor(rand);
  const lang = locale.slice(0, 2);
  const base = `${NAME_A[index % NAME_A.length]}${NAME_B[Math.floor(index / NAME_A.length) % NAME_B.length]}`;
  const label = base.length > 9 ? base.slice(0, 9) : base;
  const name = `${base} ${pick(rand, SUFFIX[lang] ?? SUFFIX.en!)} ${index + 1}`;
  const industry = INDUSTRIES[index % INDUSTRIES.length] as string;
  const r = rand();
  const tier = TIERS[r < 0.2 ? 0 : r < 0.5 ? 1 : 2] as string;
  const primary = BRAND[index % BRAND.length] as string;
  const owner = OWNERS[index % OWNERS.length]!;
  const goals = GOALS[lang] ?? GOALS.en!;
  const doc: Record<string, unknown> = {
    name,
    domain: `${id}.example`,
    industry,
    tier,
    locale,
    logo: `./${id}/logo.svg`,
    brand: { primary, accent: pick(rand, ACCENT) },
    stage: STAGES[Math.floor(rand() * STAGES.length)],
    goals: [goals[index % goals.length], goals[(index + 1) % goals.length]],
    pains: ['Manual re-keying between systems', 'Approvals stuck in e-mail'],
    proposition: {
      summary: SUMMARY[lang] ?? SUMMARY.en,
      byPersona: { cfo: 'Lower cost per transaction, with a payback under 18 months.', cto: 'Connects to your systems through open APIs; nothing to replace.' },
    },
    owner: { name: owner.name, title: 'Account Director', email: owner.email, meetingUrl: `https://meet.kestrel.example/${owner.slug}` },
    buyingCommittee: PERSONAS.map((p, i) => ({
      id: `${p.id}-1`,
      title: p.stakeholderTitle,
      persona: p.id,
      role: p.role,
      name: `Person ${index + 1}-${i + 1}`,
      email: `person${i + 1}@${id}.example`,
    })),
    numbers: { users: 50 + ((index * 37) % 5000), hourlyCost: 40 + (index % 30), currency: lang === 'fa' ? 'IRR' : lang === 'vi' ? 'VND' : 'EUR' },
  };
  // Some accounts use an unguessable URL.
  if (index % 7 === 0) {
    doc.url = { suffix: Array.from({ length: 12 }, () => 'abcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(rand() * 36)]).join('') };
  }
  const colour = `#${hex2(40 + ((index * 53) % 180))}${hex2(40 + ((index * 97) % 180))}${hex2(40 + ((index * 29) % 180))}`;
  return { doc, label, colour };
}

export function accountId(index: number): string {
  return `acct-${String(index + 1).padStart(4, '0')}`;
}

/** Writes the whole set into `root` (emptied first). */
export async function generateContent(options: GenerateOptions = {}): Promise<GeneratedSet> {
  const root = path.resolve(options.root ?? DEFAULT_CONTENT_ROOT);
  const count = options.accounts ?? 1000;
  const rand = prng(options.seed ?? 20261101);
  await rm(root, { recursive: true, force: true });
  const dirs = ['accounts', 'content/personas', 'content/pieces/covers'];
  for (const d of dirs) await mkdir(path.join(root, d), { recursive: true });

  for (const p of PERSONAS) {
    const { id, stakeholderTitle, ...data } = p;
    void stakeholderTitle;
    await writeFile(path.join(root, 'content/personas', `${id}.yaml`), stringify(data));
  }

  const pieces = pieceSpecs();
  await writeFile(path.join(root, 'content/pieces/covers/cover.svg'), COVER_SVG);
  await writeFile(path.join(root, 'content/site.yaml'), stringify({ vendor: { name: 'Kestrel Systems', website: 'https://kestrel.example', privacyUrl: 'https://kestrel.example/privacy' } }));
  for (const [i, spec] of pieces.entries()) {
    await writeFile(path.join(root, 'content/pieces', `${spec.id}.mdx`), pieceFile(spec, i, rand));
  }

  const accountIds: string[] = [];
  const writes: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const id = accountId(i);
    accountIds.push(id);
    const { doc, label, colour } = accountDoc(i, id, rand);
    const dir = path.join(root, 'accounts', id);
    writes.push(
      mkdir(dir, { recursive: true }).then(() =>
        Promise.all([
          writeFile(path.join(root, 'accounts', `${id}.yaml`), stringify(doc)),
          writeFile(path.join(dir, 'logo.svg'), logoSvg(label, colour, i)),
        ]).then(() => undefined),
      ),
    );
    if (writes.length >= 100) await Promise.all(writes.splice(0));
  }
  await Promise.all(writes);

  return {
    root,
    accountIds,
    personaIds: PERSONAS.map((p) => p.id),
    pieceIds: pieces.map((p) => p.id),
    expectedPages: count * PAGES_PER_ACCOUNT + 1,
  };
}

export interface AccountChange {
  id: string;
  file: string;
  before: string;
  after: string;
}

/**
 * Renames one account (the middle one, or `id`), which changes its social card and nothing else's.
 * Each call gives a new name, so it can be repeated.
 */
export async function changeOneAccount(root: string = DEFAULT_CONTENT_ROOT, id?: string): Promise<AccountChange> {
  let target = id;
  if (!target) {
    const files = (await readdir(path.join(root, 'accounts'))).filter((f) => f.endsWith('.yaml')).sort();
    if (files.length === 0) throw new Error(`no accounts in ${root}/accounts`);
    target = (files[Math.floor(files.length / 2)] as string).replace(/\.yaml$/, '');
  }
  const file = path.join(root, 'accounts', `${target}.yaml`);
  const doc = parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  const before = String(doc.name);
  const after = `${before.replace(/ \(renamed \d+\)$/, '')} (renamed ${Date.now()})`;
  doc.name = after;
  await writeFile(file, stringify(doc));
  return { id: target, file, before, after };
}

// `node bench/generate.ts [--accounts N] [--root DIR]` writes a set without building it.
if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const accounts = Number(arg('--accounts') ?? 1000);
  const set = await generateContent({ accounts, ...(arg('--root') ? { root: arg('--root') as string } : {}) });
  console.log(`wrote ${set.accountIds.length} accounts, ${set.personaIds.length} personas, ${set.pieceIds.length} pieces to ${set.root}`);
}
